/**
 * Test Connection: system status, licence and network list, as the original does, reported as the
 * panel version, licence slots and network count — or exactly which step failed and why.
 */
import type { ModuleLogWriter, ServerRecord } from '../../../server/plugins/plugin-api.js';
import type { ConnectionReport } from './connection-result.js';
import { PanelClient } from './panel/panel-client.js';
import { PanelAuthError, PanelProtocolError, PanelRejectedError, PanelUnreachableError } from './panel/panel-errors.js';

/** The oldest panel line this module speaks to (v4 of the original enforces v2.x). */
export const MIN_PANEL_MAJOR = 2;

/** The failure kind shown to the admin, one per distinct cause. */
export function failureKind(err: unknown): string {
  if (err instanceof PanelUnreachableError) return err.kind;
  if (err instanceof PanelAuthError) return 'token_refused';
  if (err instanceof PanelProtocolError) return 'not_puqvpncp';
  if (err instanceof PanelRejectedError) return 'rejected';
  return 'error';
}

/**
 * Checks one server end to end.
 * @param log module-log writer (each call is logged with secrets masked)
 */
export async function testConnection(server: ServerRecord, log: ModuleLogWriter, timeouts: { connectTimeoutMs?: number; responseTimeoutMs?: number } = {}): Promise<ConnectionReport> {
  const panel = new PanelClient(server, { log, action: 'test-connection', ...timeouts });
  try {
    const status = await panel.systemStatus();
    const major = Number(String(status.version).split('.')[0]);
    if (!Number.isFinite(major) || major < MIN_PANEL_MAJOR) {
      return { ok: false, kind: 'version', error: `The panel reports version ${status.version}; this module needs puqVPNcp ${MIN_PANEL_MAJOR}.x or newer` };
    }
    await panel.license();
    const networks = await panel.networks();
    return { ok: true, version: status.version, count_accounts: status.count_accounts, count_accounts_available: status.count_accounts_available, networks: networks.length };
  } catch (err) {
    if (err instanceof Error && failureKind(err) !== 'error') return { ok: false, kind: failureKind(err), error: err.message };
    throw err;
  }
}
