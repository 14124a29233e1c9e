/**
 * Server commands: create and edit a panel server record (the token is write-only), and Test
 * Connection and the API compatibility check through the server's own module. What a server stores beyond the host's fields, and its
 * default port, belong to its module (ProvisioningModule.serverSettings).
 */
import { NotFoundError, ValidationError } from '../../errors.js';
import type { CompatibilityReport, ConnectionTestResult, ProvisioningModule, ServerRecord } from '../../plugins/plugin-api.js';
import type { ServerInput } from '../../repositories/servers.repository.js';
import type { DomainDeps } from '../deps.js';
import type { ServerSummary } from '../types.js';
import { fieldErrors } from '../validation.js';
import { knownSecrets } from '../../security/mask-secrets.js';

export interface ServerFields {
  name: string;
  /** the module type; may be left out while exactly one module is installed */
  module?: string;
  hostname: string;
  port?: number;
  secure?: boolean;
  allow_self_signed?: boolean;
  server_group_id: number;
  enabled?: boolean;
  connect_timeout_ms?: number | null;
  response_timeout_ms?: number | null;
  api_token?: string;
  /** the module's own settings; absent = its defaults (new server) or as stored (edit) */
  settings?: unknown;
}

/**
 * The module a new server belongs to.
 * @throws ValidationError naming `module` when none is given among several, or it is not installed
 */
export function serverModule(deps: DomainDeps, type: string | undefined): ProvisioningModule {
  const types = deps.modules.types();
  const chosen = type ?? (types.length === 1 ? types[0] : undefined);
  const module = chosen === undefined ? null : deps.modules.provisioner(chosen);
  if (!module) throw new ValidationError({ module: chosen === undefined ? `Choose the module: ${types.join(', ') || 'none is installed'}` : `Unknown module "${chosen}"; installed: ${types.join(', ') || 'none'}` });
  return module;
}

/** The module's settings, validated by its schema; errors are named `settings.<path>`. */
function moduleSettings(module: ProvisioningModule, raw: unknown): unknown {
  const result = module.serverSettings.schema.safeParse(raw);
  if (result.success) return result.data;
  const fields = Object.fromEntries(Object.entries(fieldErrors(result.error)).map(([k, v]) => [k === '_' ? 'settings' : `settings.${k}`, v]));
  throw new ValidationError(fields);
}

async function toInput(deps: DomainDeps, module: ProvisioningModule, f: ServerFields, storedSettings: unknown): Promise<ServerInput> {
  if (!(await deps.repos.serverGroups.findById(f.server_group_id))) throw new ValidationError({ server_group_id: 'Choose an existing server group' });
  const secure = f.secure ?? false;
  return {
    name: f.name,
    module: module.type,
    hostname: f.hostname.replace(/^\[|\]$/g, ''),
    port: f.port ?? module.serverSettings.defaultPort(secure),
    secure,
    allowSelfSigned: secure && (f.allow_self_signed ?? false),
    serverGroupId: f.server_group_id,
    enabled: f.enabled ?? true,
    connectTimeoutMs: f.connect_timeout_ms ?? null,
    responseTimeoutMs: f.response_timeout_ms ?? null,
    settings: moduleSettings(module, f.settings ?? storedSettings),
    apiToken: f.api_token || undefined,
  };
}

/**
 * Creates a server record.
 * @throws ValidationError for an unknown group or module, invalid module settings or a missing token
 */
export async function createServer(deps: DomainDeps, fields: ServerFields): Promise<ServerSummary> {
  const module = serverModule(deps, fields.module);
  const input = await toInput(deps, module, fields, module.serverSettings.defaults());
  if (!input.apiToken) throw new ValidationError({ api_token: 'API token is required' });
  if (await deps.repos.servers.nameTaken(input.name)) throw new ValidationError({ name: 'A server with this name exists' });
  return deps.repos.servers.create({ ...input, apiToken: input.apiToken });
}

/**
 * Updates a server record; an empty token keeps the stored one. The module stays the one it was
 * created with: its settings would mean nothing to another.
 * @throws NotFoundError, ValidationError
 */
export async function updateServer(deps: DomainDeps, id: number, fields: ServerFields): Promise<ServerSummary> {
  const server = await deps.repos.servers.findSummary(id);
  if (!server) throw new NotFoundError('No such server');
  if (fields.module !== undefined && fields.module !== server.module) throw new ValidationError({ module: `A server keeps its module (${server.module}); add a new server for another` });
  const module = deps.modules.provisioner(server.module);
  if (!module) throw new ValidationError({ module: `The module "${server.module}" of this server is not installed` });
  const input = await toInput(deps, module, fields, server.settings);
  if (await deps.repos.servers.nameTaken(input.name, id)) throw new ValidationError({ name: 'A server with this name exists' });
  await deps.repos.servers.update(id, input);
  return (await deps.repos.servers.findSummary(id)) as ServerSummary;
}

/**
/**
 * Asks the server's own module to compare the API the remote end describes with what the module uses.
 * @param ref the server's id or its name
 * @throws NotFoundError for an unknown server
 */
export async function checkServerCompatibility(deps: DomainDeps, ref: number | string): Promise<{ server: string; report: CompatibilityReport }> {
  const id = typeof ref === 'number' ? ref : (await deps.repos.servers.list()).find((s) => s.name === ref || String(s.id) === ref)?.id;
  const record = id === undefined ? null : await deps.repos.servers.findRecord(id);
  if (!record) throw new NotFoundError(`No server "${ref}"`);
  const module = deps.modules.provisioner(record.module);
  if (!module) return { server: record.name, report: { ok: false, published: false, summary: `The module "${record.module}" of this server is not installed`, lines: [] } };
  if (!module.checkCompatibility) {
    return { server: record.name, report: { ok: false, published: false, summary: `The module "${record.module}" has no API compatibility check`, lines: [] } };
  }
  return { server: record.name, report: await module.checkCompatibility(record) };
}

/**
 * Asks the server's own module to check the remote end.
 * @throws NotFoundError for an unknown server
 */
export async function testServerConnection(deps: DomainDeps, id: number): Promise<ConnectionTestResult> {
  const record = await deps.repos.servers.findRecord(id);
  if (!record) throw new NotFoundError('No such server');
  const module = deps.modules.provisioner(record.module);
  if (!module) return { ok: false, kind: 'no_module', summary: `The module "${record.module}" of this server is not installed`, facts: [] };
  const result = await module.testConnection(record);
  await deps.repos.servers.recordTest(id, healthOf(result));
  return result;
}

/** What the servers list keeps of a test. */
const healthOf = (r: ConnectionTestResult) => ({ ok: r.ok, summary: r.summary, version: r.health?.version ?? null, slotsUsed: r.health?.slotsUsed ?? null, slotsTotal: r.health?.slotsTotal ?? null });

/** True when a typed server reaches the remote end exactly as the stored one does. */
function sameConnection(a: ServerRecord, b: ServerRecord): boolean {
  return a.hostname === b.hostname && a.port === b.port && a.secure === b.secure && a.allowSelfSigned === b.allowSelfSigned && a.apiToken === b.apiToken
    && a.connectTimeoutMs === b.connectTimeoutMs && a.responseTimeoutMs === b.responseTimeoutMs && JSON.stringify(a.settings) === JSON.stringify(b.settings);
}

/**
 * Test Connection with what the form holds, saving nothing: a new server's fields, or a server's unsaved
 * edits (an empty token field tests with the stored token). Without edits it is the saved server's test,
 * and its result becomes the server's health.
 * @param id the server being edited, or null for a new one
 * @throws ValidationError when the typed values are not a server (the form shows them beside the fields)
 */
export async function testTypedServer(deps: DomainDeps, id: number | null, fields: ServerFields): Promise<ConnectionTestResult> {
  const stored = id === null ? null : await deps.repos.servers.findRecord(id);
  if (id !== null && !stored) throw new NotFoundError('No such server');
  const module = stored ? deps.modules.provisioner(stored.module) : serverModule(deps, fields.module);
  if (!module) return { ok: false, kind: 'no_module', summary: `The module "${stored?.module ?? ''}" of this server is not installed`, facts: [] };
  const input = await toInput(deps, module, fields, stored ? stored.settings : module.serverSettings.defaults());
  const apiToken = input.apiToken ?? stored?.apiToken;
  if (!apiToken) throw new ValidationError({ api_token: 'API token is required to test the connection' });
  // a typed token is masked in every log line from its first use, like a stored one
  knownSecrets.add(apiToken);
  const { apiToken: _typed, ...fieldsTyped } = input;
  const record: ServerRecord = { ...fieldsTyped, id: id ?? 0, apiToken };
  const result = await module.testConnection(record);
  // the form without unsaved edits tests the saved server: its result is the server's health, as a test of the stored one is
  if (stored && sameConnection(stored, record)) await deps.repos.servers.recordTest(stored.id, healthOf(result));
  return result;
}
