/**
 * Reconciliation's findings: one open row per difference (a unique `open_key` while open), with when it
 * was first and last seen, resolved when a run no longer finds it or a repair closed it.
 */
import type { Knex } from 'knex';
import { openKey, type DetectedFinding, type Finding, type FindingKind } from '../domain/reconcile/finding-kinds.js';
import { maskSecrets } from '../security/mask-secrets.js';

interface FindingRow {
  id: number;
  kind: string;
  server_id: number;
  service_id: number | null;
  client_name: string;
  portal: string | null;
  panel: string | null;
  first_seen_at: string;
  last_seen_at: string;
  resolved_at: string | null;
  resolution: string | null;
}

export type ReconcileFindingsRepository = ReturnType<typeof reconcileFindingsRepository>;

const json = (value: Record<string, unknown> | null) => (value === null ? null : JSON.stringify(maskSecrets(value)));
const parsed = (text: string | null) => (text === null ? null : (JSON.parse(text) as Record<string, unknown>));

function toFinding(r: FindingRow): Finding {
  return {
    id: r.id,
    kind: r.kind as FindingKind,
    serverId: r.server_id,
    serviceId: r.service_id,
    clientName: r.client_name,
    portal: parsed(r.portal),
    panel: parsed(r.panel),
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    resolvedAt: r.resolved_at,
    resolution: r.resolution,
  };
}

/** Builds the findings repository. */
export function reconcileFindingsRepository(db: Knex, now: () => string) {
  const open = () => db('reconcile_findings').whereNull('resolved_at');
  return {
    /** Open findings, by kind, server and name; optionally of one server, kind or service. */
    async listOpen(filter: { serverId?: number; kind?: FindingKind; serviceId?: number } = {}): Promise<Finding[]> {
      const q = open().orderBy([{ column: 'kind' }, { column: 'server_id' }, { column: 'client_name' }]);
      if (filter.serverId !== undefined) q.where({ server_id: filter.serverId });
      if (filter.kind !== undefined) q.where({ kind: filter.kind });
      if (filter.serviceId !== undefined) q.where({ service_id: filter.serviceId });
      return ((await q) as FindingRow[]).map(toFinding);
    },
    async findById(id: number): Promise<Finding | null> {
      const row = await db<FindingRow>('reconcile_findings').where({ id }).first();
      return row ? toFinding(row) : null;
    },
    async findByIds(ids: number[]): Promise<Finding[]> {
      if (ids.length === 0) return [];
      return (await db<FindingRow>('reconcile_findings').whereIn('id', ids).orderBy('id')).map(toFinding);
    },
    /** Open findings per kind. */
    async countOpen(): Promise<Record<FindingKind, number>> {
      const rows = await open().groupBy('kind').select('kind').count<{ kind: string; n: number | string }[]>({ n: '*' });
      const counts = { orphan: 0, missing: 0, status: 0, caps: 0, network: 0 };
      for (const r of rows) counts[r.kind as FindingKind] = Number(r.n);
      return counts;
    },
    /** Stores a new open finding seen now. */
    async insert(f: DetectedFinding): Promise<Finding> {
      const at = now();
      const [row] = await db('reconcile_findings')
        .insert({ kind: f.kind, server_id: f.serverId, service_id: f.serviceId, client_name: f.clientName, portal: json(f.portal), panel: json(f.panel), first_seen_at: at, last_seen_at: at, open_key: openKey(f) })
        .returning('*');
      return toFinding(row as FindingRow);
    },
    /** Seen again: its last-seen time and what each side holds now. */
    async touch(id: number, f: DetectedFinding): Promise<Finding> {
      await db('reconcile_findings').where({ id }).update({ service_id: f.serviceId, portal: json(f.portal), panel: json(f.panel), last_seen_at: now() });
      return toFinding((await db<FindingRow>('reconcile_findings').where({ id }).first()) as FindingRow);
    },
    /** Closes open findings (a run no longer found them, or a repair closed one). */
    async resolve(ids: number[], resolution: string): Promise<void> {
      if (ids.length === 0) return;
      await open().whereIn('id', ids).update({ resolved_at: now(), resolution: resolution.slice(0, 200), open_key: null, repairing_at: null });
    },
    /** Claims an open finding for one repair at a time; a claim older than `staleMs` may be taken over. */
    async claim(id: number, staleMs: number): Promise<boolean> {
      const staleBefore = new Date(Date.parse(now()) - staleMs).toISOString();
      const claimed = await open()
        .where({ id })
        .andWhere((q) => q.whereNull('repairing_at').orWhere('repairing_at', '<', staleBefore))
        .update({ repairing_at: now() });
      return claimed > 0;
    },
    async release(id: number): Promise<void> {
      await db('reconcile_findings').where({ id }).update({ repairing_at: null });
    },
  };
}
