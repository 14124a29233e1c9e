/**
 * Server commands: create and edit a panel server record; the token is write-only.
 */
import { NotFoundError, ValidationError } from '../../errors.js';
import type { ServerInput } from '../../repositories/servers.repository.js';
import type { DomainDeps } from '../deps.js';
import type { ServerSummary } from '../types.js';
import type { CompatibilityReport } from '../../plugins/plugin-api.js';

/** The panel's own port when none is given (panel-api.md: 8098 over HTTP, 443 over HTTPS). */
export function defaultPanelPort(secure: boolean): number {
  return secure ? 443 : 8098;
}

export interface ServerFields {
  name: string;
  hostname: string;
  port?: number;
  secure?: boolean;
  allow_self_signed?: boolean;
  server_group_id: number;
  enabled?: boolean;
  connect_timeout_ms?: number | null;
  response_timeout_ms?: number | null;
  api_token?: string;
}

async function toInput(deps: DomainDeps, f: ServerFields): Promise<ServerInput> {
  if (!(await deps.repos.serverGroups.findById(f.server_group_id))) throw new ValidationError({ server_group_id: 'Choose an existing server group' });
  const secure = f.secure ?? false;
  return {
    name: f.name,
    hostname: f.hostname.replace(/^\[|\]$/g, ''),
    port: f.port ?? defaultPanelPort(secure),
    secure,
    allowSelfSigned: secure && (f.allow_self_signed ?? false),
    serverGroupId: f.server_group_id,
    enabled: f.enabled ?? true,
    connectTimeoutMs: f.connect_timeout_ms ?? null,
    responseTimeoutMs: f.response_timeout_ms ?? null,
    apiToken: f.api_token || undefined,
  };
}

/**
 * Creates a server record.
 * @throws ValidationError for an unknown group or a missing token
 */
export async function createServer(deps: DomainDeps, fields: ServerFields): Promise<ServerSummary> {
  const input = await toInput(deps, fields);
  if (!input.apiToken) throw new ValidationError({ api_token: 'API token is required' });
  return deps.repos.servers.create({ ...input, apiToken: input.apiToken });
}

/**
 * Updates a server record; an empty token keeps the stored one.
 * @throws NotFoundError, ValidationError
 */
export async function updateServer(deps: DomainDeps, id: number, fields: ServerFields): Promise<ServerSummary> {
  if (!(await deps.repos.servers.findSummary(id))) throw new NotFoundError('No such server');
  await deps.repos.servers.update(id, await toInput(deps, fields));
  return (await deps.repos.servers.findSummary(id)) as ServerSummary;
}

/**
 * Asks the server's provisioning module to compare the API its panel describes with what the module uses.
 * @param ref the server's id or its name
 * @throws NotFoundError for an unknown server
 */
export async function checkServerCompatibility(deps: DomainDeps, ref: number | string, moduleType: string): Promise<{ server: string; report: CompatibilityReport }> {
  const id = typeof ref === 'number' ? ref : (await deps.repos.servers.list()).find((s) => s.name === ref || String(s.id) === ref)?.id;
  const record = id === undefined ? null : await deps.repos.servers.findRecord(id);
  if (!record) throw new NotFoundError(`No server "${ref}"`);
  const module = deps.modules.provisioner(moduleType);
  if (!module?.checkCompatibility) {
    return { server: record.name, report: { ok: false, published: false, summary: `The module "${moduleType}" has no API compatibility check`, lines: [] } };
  }
  return { server: record.name, report: await module.checkCompatibility(record) };
}

/**
 * Asks the server's provisioning module to check the panel (status, licence, networks).
 * @throws NotFoundError for an unknown server
 */
export async function testServerConnection(deps: DomainDeps, id: number, moduleType: string) {
  const record = await deps.repos.servers.findRecord(id);
  if (!record) throw new NotFoundError('No such server');
  const module = deps.modules.provisioner(moduleType);
  if (!module) return { ok: false as const, kind: 'no_module', error: `No provisioning module "${moduleType}" is installed` };
  return module.testConnection(record);
}
