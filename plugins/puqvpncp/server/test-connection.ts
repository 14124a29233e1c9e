/**
 * Test Connection: system status, licence and network list, as the original does, reported as the
 * panel version, licence slots and network count — or exactly which step failed and why. A panel that
 * is still starting, or runs without a licence (it still serves its free accounts), is a warning, not a
 * failure. The whole test fits in one action budget.
 */
import type { ModuleLogWriter, ServerRecord } from '../../../server/plugins/plugin-api.js';
import type { ConnectionReport } from './connection-result.js';
import { PanelAuthError, PanelProtocolError, PanelRejectedError, PanelUnreachableError } from './panel/panel-errors.js';
import { actionBudget, panelFor, type PanelSettings } from './panel/panel-policy.js';
import { notReadyReason, type PanelLicense, type PanelSystemStatus } from './panel/panel-types.js';

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
 * @param settings the installation's budgets and answer limits
 */
export async function testConnection(server: ServerRecord, log: ModuleLogWriter, settings: PanelSettings): Promise<ConnectionReport> {
  const panel = panelFor(server, settings, { action: 'test-connection', budget: actionBudget(settings), log });
  try {
    const status = await panel.systemStatus();
    const major = Number(String(status.version).split('.')[0]);
    const warnings: string[] = [];
    if (status.version === 'unknown') warnings.push('The panel does not report its version; this module expects puqVPNcp 2.x.');
    else if (!Number.isFinite(major) || major < MIN_PANEL_MAJOR) {
      return { ok: false, kind: 'version', error: `The panel reports version ${status.version}; this module needs puqVPNcp ${MIN_PANEL_MAJOR}.x or newer` };
    }
    const notReady = notReadyReason(status);
    if (notReady) warnings.push(`Not deployable yet: ${notReady}. New clients are not placed on this server until it reports a ready status.`);
    warnings.push(...licenceWarnings(await licenceOf(panel), status));
    const networks = await panel.networks();
    return { ok: true, version: status.version, count_accounts: status.count_accounts, count_accounts_available: status.count_accounts_available, networks: networks.length, warnings };
  } catch (err) {
    if (err instanceof Error && failureKind(err) !== 'error') return { ok: false, kind: failureKind(err), error: err.message };
    throw err;
  }
}

/** The licence, or the panel's refusal to show one (a panel without a licence). */
async function licenceOf(panel: ReturnType<typeof panelFor>): Promise<PanelLicense | PanelRejectedError> {
  try {
    return await panel.license();
  } catch (err) {
    if (err instanceof PanelRejectedError && !err.isServerFault()) return err;
    throw err;
  }
}

function licenceWarnings(licence: PanelLicense | PanelRejectedError, status: PanelSystemStatus): string[] {
  const slots = `${status.count_accounts} of ${status.count_accounts_available} accounts in use`;
  if (licence instanceof PanelRejectedError) {
    return [`The panel has no licence (GET /license answered "${licence.panelMessage}"); it still serves its free accounts: ${slots}.`];
  }
  if (licence.valid === false) return [`The panel's licence is not valid; it serves only its free accounts: ${slots}.`];
  return [];
}
