/**
 * Quota state per service (`service_quotas`), top-ups (`quota_top_ups`) and the quota history
 * (`quota_events`). A state row is written only when something changed and deleted when nothing is left
 * to remember, so an enforcement run over quiet services reads a page of rows and writes none.
 */
import type { Knex } from 'knex';

/** The stored states; a service with a quota and no row is `ok`. */
export type QuotaStateName = 'ok' | 'warned' | 'limited';
/** What the quota has in force on the panel. */
export type AppliedMeasure = 'none' | 'throttle' | 'suspend';
/** What a history row records. */
export type QuotaEventKind = 'warned' | 'limited' | 'restored' | 'top_up' | 'failed';

/** One service's quota state. */
export interface QuotaRow {
  serviceId: number;
  period: string;
  state: QuotaStateName;
  usedBytes: number;
  limitBytes: number;
  warnedPeriod: string | null;
  reachedPeriod: string | null;
  applied: AppliedMeasure;
  appliedMbps: number | null;
  pendingError: string | null;
  updatedAt: string;
}

/** One line of a service's quota history. */
export interface QuotaEvent {
  id?: number;
  serviceId: number;
  period: string;
  kind: QuotaEventKind;
  usedBytes: number;
  limitBytes: number;
  detail: string | null;
  at: string;
}

// ids per statement of a list, rows per insert (11 parameters each): far below either dialect's parameter limit
const IDS_PER_STATEMENT = 500;
const ROWS_PER_INSERT = 80;

const toRow = (r: Record<string, unknown>): QuotaRow => ({
  serviceId: Number(r.service_id),
  period: String(r.period),
  state: r.state as QuotaStateName,
  usedBytes: Number(r.used_bytes),
  limitBytes: Number(r.limit_bytes),
  warnedPeriod: (r.warned_period as string | null) ?? null,
  reachedPeriod: (r.reached_period as string | null) ?? null,
  applied: r.applied as AppliedMeasure,
  appliedMbps: r.applied_mbps === null || r.applied_mbps === undefined ? null : Number(r.applied_mbps),
  pendingError: (r.pending_error as string | null) ?? null,
  updatedAt: String(r.updated_at),
});

const toEvent = (r: Record<string, unknown>): QuotaEvent => ({
  id: Number(r.id),
  serviceId: Number(r.service_id),
  period: String(r.period),
  kind: r.kind as QuotaEventKind,
  usedBytes: Number(r.used_bytes),
  limitBytes: Number(r.limit_bytes),
  detail: (r.detail as string | null) ?? null,
  at: String(r.at),
});

/** The quota repository's methods. */
export type QuotaRepository = ReturnType<typeof quotaRepository>;

/** Builds the quota repository over a knex instance or a transaction. */
export function quotaRepository(db: Knex) {
  const addEvents = async (events: readonly QuotaEvent[]): Promise<void> => {
    for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
      await db('quota_events').insert(events.slice(i, i + ROWS_PER_INSERT).map((e) => ({ service_id: e.serviceId, period: e.period, kind: e.kind, used_bytes: e.usedBytes, limit_bytes: e.limitBytes, detail: e.detail, at: e.at })));
    }
  };
  return {
    async stateOf(serviceId: number): Promise<QuotaRow | null> {
      const r = await db('service_quotas').where({ service_id: serviceId }).first();
      return r ? toRow(r) : null;
    },
    /** The states of many services, by id (absent = no row). */
    async statesOf(serviceIds: readonly number[]): Promise<Map<number, QuotaRow>> {
      const map = new Map<number, QuotaRow>();
      for (let i = 0; i < serviceIds.length; i += IDS_PER_STATEMENT) {
        for (const r of await db('service_quotas').whereIn('service_id', serviceIds.slice(i, i + IDS_PER_STATEMENT))) map.set(Number(r.service_id), toRow(r));
      }
      return map;
    },
    /** Every service that has a state row: a run reaches them even after their product dropped its quota. */
    async statefulIds(): Promise<Set<number>> {
      return new Set((await db('service_quotas').select('service_id')).map((r: { service_id: number }) => Number(r.service_id)));
    },
    /** Services whose last quota step did not reach the panel: how many, and the first few with the reason. */
    async pending(limit = 10): Promise<{ total: number; rows: { serviceId: number; error: string }[] }> {
      const total = Number((await db('service_quotas').whereNotNull('pending_error').count({ n: '*' }).first())?.n ?? 0);
      const rows = await db('service_quotas').whereNotNull('pending_error').orderBy('service_id').limit(limit).select('service_id', 'pending_error');
      return { total, rows: rows.map((r: { service_id: number; pending_error: string }) => ({ serviceId: Number(r.service_id), error: r.pending_error })) };
    },
    /**
     * Writes the states of many services (null deletes a service's row) and appends history rows, a few
     * statements for the lot: call inside the transaction of the mails they cause.
     */
    async saveMany(states: readonly { serviceId: number; row: QuotaRow | null }[], events: readonly QuotaEvent[]): Promise<void> {
      const gone = states.filter((s) => s.row === null).map((s) => s.serviceId);
      const kept = states.flatMap((s) => (s.row === null ? [] : [s.row]));
      for (let i = 0; i < gone.length; i += IDS_PER_STATEMENT) await db('service_quotas').whereIn('service_id', gone.slice(i, i + IDS_PER_STATEMENT)).delete();
      for (let i = 0; i < kept.length; i += ROWS_PER_INSERT) {
        const values = kept.slice(i, i + ROWS_PER_INSERT).map((row) => ({
          service_id: row.serviceId, period: row.period, state: row.state, used_bytes: row.usedBytes, limit_bytes: row.limitBytes,
          warned_period: row.warnedPeriod, reached_period: row.reachedPeriod, applied: row.applied, applied_mbps: row.appliedMbps,
          pending_error: row.pendingError, updated_at: row.updatedAt,
        }));
        await db('service_quotas').insert(values).onConflict('service_id').merge();
      }
      await addEvents(events);
    },
    /** Appends history rows. */
    addEvents,
    /** Records that a measure is no longer on the panel (a lifecycle action replaced it). */
    async forgetApplied(serviceId: number, measure: Exclude<AppliedMeasure, 'none'>): Promise<void> {
      await db('service_quotas').where({ service_id: serviceId, applied: measure }).update({ applied: 'none', applied_mbps: null });
    },
    /** The history of a service, newest first. */
    async eventsOf(serviceId: number, limit = 100): Promise<QuotaEvent[]> {
      return (await db('quota_events').where({ service_id: serviceId }).orderBy('id', 'desc').limit(limit)).map(toEvent);
    },
    async addTopUp(serviceId: number, period: string, gb: number, at: string): Promise<void> {
      await db('quota_top_ups').insert({ service_id: serviceId, period, gb, created_at: at });
    },
    /** The GB topped up for a month, by service. */
    async topUpGb(serviceIds: readonly number[], period: string): Promise<Map<number, number>> {
      const map = new Map<number, number>();
      for (let i = 0; i < serviceIds.length; i += IDS_PER_STATEMENT) {
        const rows = await db('quota_top_ups').whereIn('service_id', serviceIds.slice(i, i + IDS_PER_STATEMENT)).where({ period }).groupBy('service_id').select('service_id').sum({ gb: 'gb' });
        for (const r of rows as { service_id: number; gb: number | string }[]) map.set(Number(r.service_id), Number(r.gb));
      }
      return map;
    },
  };
}
