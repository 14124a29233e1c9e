/**
 * Test Connection in the host's generic shape: test-connection.ts reports what the panel said (version,
 * licence slots, networks, and what needs the admin's attention) or which step failed; this turns that
 * report into the summary and facts the host renders, with the panel's own fields as the details its
 * JSON API answers (admin-api.md).
 */
import type { ConnectionTestResult } from '../../../server/plugins/plugin-api.js';

/** What test-connection.ts finds, in the panel's terms. */
export type ConnectionReport =
  /** `warnings`: a panel that answers but runs without a licence or is still starting */
  | { ok: true; version: string; count_accounts: number; count_accounts_available: number; networks: number; warnings: string[] }
  | { ok: false; kind: string; error: string };

/** The report as the host shows it: every warning is a fact of its own, and the summary counts them. */
export function connectionResult(report: ConnectionReport): ConnectionTestResult {
  if (!report.ok) return { ok: false, kind: report.kind, summary: report.error, facts: [] };
  const { version, count_accounts, count_accounts_available, networks, warnings } = report;
  const heed = warnings.length === 0 ? '.' : `, ${warnings.length === 1 ? 'with a warning' : `with ${warnings.length} warnings`}.`;
  return {
    ok: true,
    summary: `puqVPNcp ${version}, licence slots ${count_accounts} / ${count_accounts_available}, ${networks} network(s)${heed}`,
    facts: [
      { label: 'Panel version', value: version },
      { label: 'Licence slots used', value: `${count_accounts} / ${count_accounts_available}` },
      { label: 'Networks', value: String(networks) },
      ...warnings.map((value) => ({ label: 'Warning', value })),
    ],
    details: { version, count_accounts, count_accounts_available, networks, warnings },
    health: { version, slotsUsed: count_accounts, slotsTotal: count_accounts_available },
  };
}
