/**
 * Server records as forms and the API show them (never the token, only whether one is set), and the
 * Test Connection result a module reports.
 */
import type { ServerSummary } from '../../domain/types.js';
import type { ConnectionTestResult, ProvisioningModule } from '../../plugins/plugin-api.js';

/** The fields a form and the admin API show alike. */
function sharedFields(s: ServerSummary) {
  return {
    name: s.name,
    module: s.module,
    hostname: s.hostname,
    port: s.port,
    secure: s.secure,
    allow_self_signed: s.allowSelfSigned,
    server_group_id: s.serverGroupId,
    enabled: s.enabled,
  };
}

/** The form values of a stored server; the module's settings as `settings.<name>` inputs. */
export function serverFormValues(s: ServerSummary): Record<string, unknown> {
  const settings = (s.settings ?? {}) as Record<string, unknown>;
  const moduleValues = Object.fromEntries(Object.entries(settings).map(([k, v]) => [`settings.${k}`, v === true ? 'on' : v === false ? '' : v]));
  return { ...sharedFields(s), connect_timeout_ms: s.connectTimeoutMs ?? '', response_timeout_ms: s.responseTimeoutMs ?? '', ...moduleValues };
}

/** The server as the admin API answers it. */
export function serverJson(s: ServerSummary) {
  return { id: s.id, ...sharedFields(s), connect_timeout_ms: s.connectTimeoutMs, response_timeout_ms: s.responseTimeoutMs, settings: s.settings, api_token_set: s.tokenSet };
}

/**
 * A module's settings inputs from a posted form (`settings.<name>`): checkboxes as booleans, numbers
 * as numbers where they read as one; the module's schema judges the rest.
 * @returns undefined when the form has none of them (the stored settings stay)
 */
export function settingsFromForm(module: ProvisioningModule | null, body: Record<string, unknown>): Record<string, unknown> | undefined {
  const fields = module?.serverSettings.fields ?? [];
  if (fields.length === 0) return undefined;
  const settings: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = body[`settings.${f.name}`];
    if (f.input === 'checkbox') settings[f.name] = raw === 'on' || raw === 'true';
    else if (typeof raw === 'string' && raw.trim() !== '') settings[f.name] = f.input === 'number' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw.trim();
  }
  return settings;
}

/** Test Connection as the JSON API answers it (admin-api.md): `ok` and the module's details, or `ok:false` and the error. */
export function connectionJson(result: ConnectionTestResult): Record<string, unknown> {
  if (result.ok) return { ok: true, ...result.details };
  return { ok: false, ...(result.kind ? { kind: result.kind } : {}), error: result.summary, ...result.details };
}
