/**
 * Daily usage rows (`usage_daily`, one per service and day, absolute bytes) and the per-service pull
 * status (`usage_pulls`). Writes are batched upserts inside one transaction, so a run over thousands
 * of services costs a few statements per batch rather than one per day.
 */
import type { Knex } from 'knex';
import type { ClientRecord, ServiceRecord } from '../domain/types.js';
import { serviceOptionsOf, toServiceRecord, type ServiceRecordRow } from './service-row.js';

/** One stored day of one service. */
export interface UsageDayRow {
  serviceId: number;
  day: string;
  downloadBytes: number;
  uploadBytes: number;
  serverId: number | null;
  collectedAt: string;
}

/** The outcome of one service's pull, for `usage_pulls`. */
export interface PullOutcome {
  serviceId: number;
  serverId: number | null;
  /** null on success */
  error: string | null;
}

/** A service whose traffic may be pulled, with its customer. */
export interface UsageCandidate {
  service: ServiceRecord & { createdAt: string; terminatedAt: string | null };
  client: ClientRecord;
}

/** The pull status of one service. */
export interface PullStatus {
  serviceId: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
}

// rows per statement: for day rows a bounded SQL text, for other lists far below either dialect's parameter limit
const ROWS_PER_STATEMENT = 500;

interface CandidateRow extends ServiceRecordRow {
  created_at: string;
  terminated_at: string | null;
  email: string;
  name: string;
}

const toDay = (r: Record<string, unknown>): UsageDayRow => ({
  serviceId: Number(r.service_id),
  day: String(r.day),
  downloadBytes: Number(r.download_bytes),
  uploadBytes: Number(r.upload_bytes),
  serverId: r.server_id === null || r.server_id === undefined ? null : Number(r.server_id),
  collectedAt: String(r.collected_at),
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** A non-negative safe integer written as SQL, or a thrown error: never text from outside. */
function sqlInt(n: number | null): string {
  if (n === null) return 'null';
  if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`usage value ${String(n)} is not a non-negative integer`);
  return String(n);
}

/**
 * The upsert of day rows as one statement with the values written in: a daily run stores hundreds of
 * thousands of rows, and binding six parameters per row through the driver costs several times the
 * CPU of the statement itself. Every value is checked to be an integer or a date/instant of fixed
 * shape first, so nothing from outside reaches the SQL text. The same SQL runs on SQLite and PostgreSQL.
 * A row whose bytes and server did not change is left alone, so a re-run changes nothing.
 */
function upsertDaysSql(days: Omit<UsageDayRow, 'collectedAt'>[], at: string): string {
  if (!INSTANT.test(at)) throw new TypeError(`collected_at ${at} is not an ISO instant`);
  const values = days.map((d) => {
    if (!DAY.test(d.day)) throw new TypeError(`usage day ${d.day} is not YYYY-MM-DD`);
    return `(${sqlInt(d.serviceId)},'${d.day}',${sqlInt(d.downloadBytes)},${sqlInt(d.uploadBytes)},${sqlInt(d.serverId)},'${at}')`;
  });
  return (
    `insert into usage_daily (service_id, day, download_bytes, upload_bytes, server_id, collected_at) values ${values.join(',')} ` +
    'on conflict (service_id, day) do update set download_bytes = excluded.download_bytes, upload_bytes = excluded.upload_bytes, ' +
    'server_id = excluded.server_id, collected_at = excluded.collected_at ' +
    'where usage_daily.download_bytes <> excluded.download_bytes or usage_daily.upload_bytes <> excluded.upload_bytes ' +
    'or coalesce(usage_daily.server_id, 0) <> coalesce(excluded.server_id, 0)'
  );
}

/** The first and last day of a 'YYYY-MM' period, for string comparison of 'YYYY-MM-DD' days. */
const monthBounds = (period: string): [string, string] => [`${period}-01`, `${period}-31`];

/** The usage repository's methods. */
export type UsageRepository = ReturnType<typeof usageRepository>;

/** Builds the usage repository. */
export function usageRepository(db: Knex) {
  async function candidates(query: Knex.QueryBuilder): Promise<UsageCandidate[]> {
    const rows = (await query) as CandidateRow[];
    const options = await serviceOptionsOf(db, rows.map((r) => r.id));
    return rows.map((r) => ({
      service: { ...toServiceRecord(r, options.get(r.id)), createdAt: r.created_at, terminatedAt: r.terminated_at },
      client: { id: r.client_id, email: r.email, name: r.name },
    }));
  }
  const candidateQuery = () =>
    db('services as s')
      .join('users as u', 'u.id', 's.client_id')
      .select('s.id', 's.client_id', 's.product_id', 's.server_id', 's.status', 's.username', 's.network_name', 's.dedicated_ip', 's.last_error', 's.created_at', 's.terminated_at', 'u.email', 'u.name')
      .orderBy('s.id');

  return {
    /** Services whose VPN client exists on a panel (active or suspended, named and placed). */
    async pullable(): Promise<UsageCandidate[]> {
      return candidates(candidateQuery().whereIn('s.status', ['active', 'suspended']).whereNotNull('s.username').whereNotNull('s.server_id'));
    },
    /**
     * Services that may owe usage for a month: those with rows in it, those active or suspended and
     * created before it ended, and those terminated during or after it.
     */
    async billableIn(period: string, fromIso: string, toIso: string): Promise<UsageCandidate[]> {
      const [first, last] = monthBounds(period);
      return candidates(
        candidateQuery().where((q) =>
          q
            .whereIn('s.id', db('usage_daily').select('service_id').whereBetween('day', [first, last]))
            .orWhere((w) => w.whereIn('s.status', ['active', 'suspended']).where('s.created_at', '<', toIso))
            .orWhere((w) => w.where('s.status', 'terminated').where('s.created_at', '<', toIso).where('s.terminated_at', '>=', fromIso)),
        ),
      );
    },
    /** Stores days (absolute bytes, overwriting) and pull outcomes in one transaction. */
    async store(days: Omit<UsageDayRow, 'collectedAt'>[], pulls: PullOutcome[], at: string): Promise<void> {
      await db.transaction(async (trx) => {
        for (let i = 0; i < days.length; i += ROWS_PER_STATEMENT) await trx.raw(upsertDaysSql(days.slice(i, i + ROWS_PER_STATEMENT), at));
        for (const ok of [true, false]) {
          const group = pulls.filter((p) => (p.error === null) === ok);
          for (let i = 0; i < group.length; i += ROWS_PER_STATEMENT) {
            const rows = group.slice(i, i + ROWS_PER_STATEMENT).map((p) =>
              ok ? { service_id: p.serviceId, server_id: p.serverId, last_success_at: at } : { service_id: p.serviceId, server_id: p.serverId, last_failure_at: at, last_error: p.error },
            );
            await trx('usage_pulls').insert(rows).onConflict('service_id').merge(ok ? ['server_id', 'last_success_at'] : ['server_id', 'last_failure_at', 'last_error']);
          }
        }
      });
    },
    /** The stored days of one service in a month, oldest first. */
    async daysOf(serviceId: number, period: string): Promise<UsageDayRow[]> {
      return (await db('usage_daily').where({ service_id: serviceId }).whereBetween('day', monthBounds(period)).orderBy('day')).map(toDay);
    },
    /** The stored days of many services in a month, by service id. */
    async daysOfMany(serviceIds: number[], period: string): Promise<Map<number, UsageDayRow[]>> {
      const map = new Map<number, UsageDayRow[]>(serviceIds.map((id) => [id, []]));
      for (let i = 0; i < serviceIds.length; i += ROWS_PER_STATEMENT) {
        const rows = await db('usage_daily').whereIn('service_id', serviceIds.slice(i, i + ROWS_PER_STATEMENT)).whereBetween('day', monthBounds(period)).orderBy(['service_id', 'day']);
        for (const r of rows) map.get(Number(r.service_id))?.push(toDay(r));
      }
      return map;
    },
    /** One page of a month's rows over all services, ordered by service then day (for CSV export). */
    async monthPage(period: string, after: { serviceId: number; day: string } | null, limit: number): Promise<UsageDayRow[]> {
      const q = db('usage_daily').whereBetween('day', monthBounds(period)).orderBy(['service_id', 'day']).limit(limit);
      if (after) q.where((w) => w.where('service_id', '>', after.serviceId).orWhere((x) => x.where('service_id', after.serviceId).where('day', '>', after.day)));
      return (await q).map(toDay);
    },
    async pullStatus(serviceId: number): Promise<PullStatus | null> {
      const r = await db('usage_pulls').where({ service_id: serviceId }).first();
      return r ? { serviceId: Number(r.service_id), lastSuccessAt: r.last_success_at, lastFailureAt: r.last_failure_at, lastError: r.last_error } : null;
    },
    /** Pull status of many services, by id (absent = never pulled). */
    async pullStatuses(serviceIds: number[]): Promise<Map<number, PullStatus>> {
      const map = new Map<number, PullStatus>();
      for (let i = 0; i < serviceIds.length; i += ROWS_PER_STATEMENT) {
        for (const r of await db('usage_pulls').whereIn('service_id', serviceIds.slice(i, i + ROWS_PER_STATEMENT))) {
          map.set(Number(r.service_id), { serviceId: Number(r.service_id), lastSuccessAt: r.last_success_at, lastFailureAt: r.last_failure_at, lastError: r.last_error });
        }
      }
      return map;
    },
  };
}
