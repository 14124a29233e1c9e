/**
 * What reconciliation finds: the kinds of difference between a panel and the portal, the repair each
 * kind offers, and a finding as the domain, the pages and the API see it.
 */

export const FINDING_KINDS = ['orphan', 'missing', 'status', 'caps', 'network'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** A difference found by one run, before it is stored. */
export interface DetectedFinding {
  kind: FindingKind;
  serverId: number;
  /** null for an orphan: no service holds the remote account */
  serviceId: number | null;
  clientName: string;
  /** what the portal holds (null for an orphan) */
  portal: Record<string, unknown> | null;
  /** what the panel holds (null when the account is missing there) */
  panel: Record<string, unknown> | null;
}

/** A stored finding: open while `resolvedAt` is null. */
export interface Finding extends DetectedFinding {
  id: number;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

/** The repairs, by the kind they repair. */
export const REPAIRS = {
  orphan: ['adopt', 'delete'],
  missing: ['mark-failed'],
  status: ['push-status'],
  caps: ['push-caps'],
  network: ['take-panel'],
} as const satisfies Record<FindingKind, readonly string[]>;
export type RepairAction = (typeof REPAIRS)[FindingKind][number];
/** Every repair, once. */
export const REPAIR_ACTIONS = [...new Set(Object.values(REPAIRS).flat())] as [RepairAction, ...RepairAction[]];

/** The repair a bulk repair and auto-repair run for each kind (an orphan is deleted: adopting needs a customer). */
export const DEFAULT_REPAIR: Record<FindingKind, RepairAction> = { orphan: 'delete', missing: 'mark-failed', status: 'push-status', caps: 'push-caps', network: 'take-panel' };

/** What each kind means, for pages and the CLI. */
export const KIND_TITLES: Record<FindingKind, string> = {
  orphan: 'On the panel, no service',
  missing: 'Service without its client on the panel',
  status: 'Enabled or disabled differently',
  caps: 'Caps differ',
  network: 'Network or IP differs',
};

/** The key that keeps one open finding per difference. */
export function openKey(f: Pick<DetectedFinding, 'kind' | 'serverId' | 'clientName'>): string {
  return `${f.kind}:${f.serverId}:${f.clientName}`;
}

/** True when the text names a kind. */
export function isFindingKind(value: string): value is FindingKind {
  return (FINDING_KINDS as readonly string[]).includes(value);
}

/** A finding in the contract's shape (admin-api.md "Operations"), with its id and times. */
export function findingJson(f: Finding) {
  return {
    id: f.id,
    kind: f.kind,
    server_id: f.serverId,
    service_id: f.serviceId,
    client_name: f.clientName,
    portal: f.portal,
    panel: f.panel,
    first_seen_at: f.firstSeenAt,
    last_seen_at: f.lastSeenAt,
    resolved_at: f.resolvedAt,
    resolution: f.resolution,
  };
}
