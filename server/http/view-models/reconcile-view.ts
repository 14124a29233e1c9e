/**
 * Reconciliation as the API and the pages show it: findings in the contract's shape, a run's servers,
 * and the open findings grouped by kind and server.
 */
import { FINDING_KINDS, findingJson, KIND_TITLES, REPAIRS, type Finding, type FindingKind } from '../../domain/reconcile/finding-kinds.js';
import type { ReconcileResult } from '../../domain/reconcile/run-reconciliation.js';
import type { ServerOutcome } from '../../domain/reconcile/reconcile-server.js';

/** One server of a run, as the API answers it. */
export function serverOutcomeJson(s: ServerOutcome) {
  return { server_id: s.serverId, name: s.serverName, complete: s.complete, problems: s.problems, error: s.error, accounts: s.accounts, services: s.services, findings: s.findings.length, resolved: s.resolved };
}

/** The answer of POST /api/admin/reconcile. */
export function runJson(r: ReconcileResult) {
  return {
    findings: r.findings.map(findingJson),
    servers: r.servers.map(serverOutcomeJson),
    repaired: r.repaired.map((x) => ({ finding_id: x.findingId, ok: x.ok, ...(x.error ? { error: x.error } : {}) })),
  };
}

/** The open findings by kind, then by server, in the kinds' order; kinds without findings are left out. */
export function groupedFindings(findings: readonly Finding[], serverNames: ReadonlyMap<number, string>) {
  return FINDING_KINDS.map((kind: FindingKind) => {
    const ofKind = findings.filter((f) => f.kind === kind);
    const servers = [...new Set(ofKind.map((f) => f.serverId))].map((serverId) => ({
      serverId,
      serverName: serverNames.get(serverId) ?? `#${serverId}`,
      findings: ofKind.filter((f) => f.serverId === serverId),
    }));
    return { kind, title: KIND_TITLES[kind], repairs: REPAIRS[kind], count: ofKind.length, servers };
  }).filter((g) => g.count > 0);
}

/** What one side holds, as one line ("status: active · b_download: 100"). */
export function sideText(side: Record<string, unknown> | null): string {
  if (side === null) return '—';
  return Object.entries(side)
    .map(([k, v]) => `${k}: ${v === null ? '—' : String(v)}`)
    .join(' · ');
}
