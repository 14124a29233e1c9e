/**
 * Test Connection in the host's generic shape: test-connection.ts reports what the panel said (version,
 * licence slots, networks) or which step failed; this turns that report into the summary and facts the
 * host renders, with the panel's own fields as the details its JSON API answers (admin-api.md).
 */
import type { ConnectionTestResult } from '../../../server/plugins/plugin-api.js';

/** What test-connection.ts finds, in the panel's terms. */
export type ConnectionReport =
  | { ok: true; version: string; count_accounts: number; count_accounts_available: number; networks: number }
  | { ok: false; kind: string; error: string };

/** The report as the host shows it. */
export function connectionResult(report: ConnectionReport): ConnectionTestResult {
  if (!report.ok) return { ok: false, kind: report.kind, summary: report.error, facts: [] };
  const { version, count_accounts, count_accounts_available, networks } = report;
  return {
    ok: true,
    summary: `puqVPNcp ${version}, licence slots ${count_accounts} / ${count_accounts_available}, ${networks} network(s).`,
    facts: [
      { label: 'Panel version', value: version },
      { label: 'Licence slots used', value: `${count_accounts} / ${count_accounts_available}` },
      { label: 'Networks', value: String(networks) },
    ],
    details: { version, count_accounts, count_accounts_available, networks },
  };
}
