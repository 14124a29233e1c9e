/**
 * Daily usage rows (`usage_daily`, one per service and day, absolute bytes) and the per-service pull
 * status (`usage_pulls`). Writes are batched upserts inside one transaction, so a run over thousands
 * of services costs a few statements per batch rather than one per day.
 */
import type { Knex } from 'knex';
import type { DayBatch } from '../domain/billing/day-batch.js';
import type { ClientRecord, ServiceRecord } from '../domain/types.js';
import { toServiceRecord, type ServiceRecordRow } from './service-row.js';

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
  service: ServiceRecord & { createdAt: string; terminatedAt: string | null; tierCode: string | null };
  client: ClientRecord;
}

/** A pullable service as a run plans with it. */
export interface PullableKey {
  id: number;
  serverId: number;
  productId: number;
  tierCode: string | null;
}

/** The pull status of one service. */
export interface PullStatus {
  serviceId: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
}

// rows per statement of a list: far below either dialect's parameter limit
const ROWS_PER_STATEMENT = 500;
// day rows per upsert: during a run every statement waits its turn on a busy event loop and on SQLite's one
// connection, so fewer is faster, but a statement's text must stay under V8's large-object size (128 kB;
// a row takes 50 to 70 characters): larger strings are only ever freed by a full garbage collection
const DAY_ROWS_PER_STATEMENT = 1_500;

interface CandidateRow extends ServiceRecordRow {
  created_at: string;
  terminated_at: string | null;
  tier_code: string | null;
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
 * The upserts of a batch's day rows, DAY_ROWS_PER_STATEMENT rows per statement, with the values written in:
 * a daily run stores hundreds of thousands of rows, and binding six parameters per row through the
 * driver costs several times the CPU of the statement itself. Every value is checked to be an integer
 * or a date/instant of fixed shape first, so nothing from outside reaches the SQL text. The same SQL
 * runs on SQLite and PostgreSQL. A row whose bytes and server did not change is left alone, so a
 * re-run changes nothing.
 */
function* upsertDaysSql(batch: DayBatch, at: string): Generator<string> {
  if (!INSTANT.test(at)) throw new TypeError(`collected_at ${at} is not an ISO instant`);
  let values: string[] = [];
  let row = 0;
  for (let s = 0; s < batch.services; s++) {
    const { serviceId, serverId, rowCount } = batch.service(s);
    const ids = `(${sqlInt(serviceId)},'`;
    const tail = `,${sqlInt(serverId)})`;
    for (const end = row + rowCount; row < end; row++) {
      const day = batch.day(row);
      if (!DAY.test(day)) throw new TypeError(`usage day ${day} is not YYYY-MM-DD`);
      values.push(`${ids}${day}',${sqlInt(batch.downloadBytes(row))},${sqlInt(batch.uploadBytes(row))}${tail}`);
      if (values.length === DAY_ROWS_PER_STATEMENT) {
        yield upsertStatement(values, at);
        values = [];
      }
    }
  }
  if (values.length > 0) yield upsertStatement(values, at);
}

// the instant is written once per statement, not per row; the cast types a column of nulls on PostgreSQL
const upsertStatement = (values: string[], at: string) =>
  'insert into usage_daily (service_id, day, download_bytes, upload_bytes, server_id, collected_at) ' +
  `select column1, column2, column3, column4, cast(column5 as integer), '${at}' from (values ${values.join(',')}) as v where true ` +
  'on conflict (service_id, day) do update set download_bytes = excluded.download_bytes, upload_bytes = excluded.upload_bytes, ' +
  'server_id = excluded.server_id, collected_at = excluded.collected_at ' +
  'where usage_daily.download_bytes <> excluded.download_bytes or usage_daily.upload_bytes <> excluded.upload_bytes ' +
  'or coalesce(usage_daily.server_id, 0) <> coalesce(excluded.server_id, 0)';

/** The first and last day of a 'YYYY-MM' period, for string comparison of 'YYYY-MM-DD' days. */
const monthBounds = (period: string): [string, string] => [`${period}-01`, `${period}-31`];

/** The usage repository's methods. */
export type UsageRepository = ReturnType<typeof usageRepository>;

/** Builds the usage repository. */
export function usageRepository(db: Knex) {
  async function candidates(query: Knex.QueryBuilder): Promise<UsageCandidate[]> {
    const rows = (await query) as CandidateRow[];
    return rows.map((r) => {
      // two fields set on the record rather than spread into a new one: V8 makes a spread-and-extend copy a
      // dictionary object three times the size, and a run holds hundreds of these at a time
      const service = toServiceRecord(r) as UsageCandidate['service'];
      service.createdAt = r.created_at;
      service.terminatedAt = r.terminated_at;
      service.tierCode = r.tier_code ?? null;
      return { service, client: { id: r.client_id, email: r.email, name: r.name } };
    });
  }
  const candidateQuery = () =>
    db('services as s')
      .join('users as u', 'u.id', 's.client_id')
      .select('s.id', 's.client_id', 's.product_id', 's.server_id', 's.status', 's.username', 's.network_name', 's.dedicated_ip', 's.options', 's.last_error', 's.created_at', 's.terminated_at', 's.tier_code', 'u.email', 'u.name')
      .orderBy('s.id');

  const billableWhere = (period: string, fromIso: string, toIso: string) => (q: Knex.QueryBuilder) => {
    const [first, last] = monthBounds(period);
    void q
      .whereIn('s.id', db('usage_daily').select('service_id').whereBetween('day', [first, last]))
      .orWhere((w) => w.whereIn('s.status', ['active', 'suspended']).where('s.created_at', '<', toIso))
      .orWhere((w) => w.where('s.status', 'terminated').where('s.created_at', '<', toIso).where('s.terminated_at', '>=', fromIso));
  };

  const pullableOnly = (q: Knex.QueryBuilder) => q.whereIn('s.status', ['active', 'suspended']).whereNotNull('s.username').whereNotNull('s.server_id');

  return {
    /** Services whose VPN client exists on a panel (active or suspended, named and placed). */
    async pullable(): Promise<UsageCandidate[]> {
      return candidates(pullableOnly(candidateQuery()));
    },
    /**
     * What pullable() lists, as ids with their server and product only, by id: a run over thousands of
     * services plans with these and reads each service's record when it gets to it (candidatesByIds).
     */
    async pullableKeys(): Promise<PullableKey[]> {
      const rows = await pullableOnly(db('services as s').select('s.id', 's.server_id', 's.product_id', 's.tier_code').orderBy('s.id'));
      return rows.map((r: { id: number; server_id: number; product_id: number; tier_code: string | null }) => ({ id: Number(r.id), serverId: Number(r.server_id), productId: Number(r.product_id), tierCode: r.tier_code ?? null }));
    },
    /** The candidates of the given services, whatever their status now, by id (absent ids are left out). */
    async candidatesByIds(ids: readonly number[]): Promise<UsageCandidate[]> {
      const found: UsageCandidate[] = [];
      for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) found.push(...(await candidates(candidateQuery().whereIn('s.id', ids.slice(i, i + ROWS_PER_STATEMENT)))));
      return found;
    },
    /**
     * Services that may owe usage for a month: those with rows in it, those active or suspended and
     * created before it ended, and those terminated during or after it.
     */
    async billableIn(period: string, fromIso: string, toIso: string): Promise<UsageCandidate[]> {
      return candidates(candidateQuery().where(billableWhere(period, fromIso, toIso)));
    },
    /** What billableIn lists, as (service, client) ids ordered by client then service: generation batches by client. */
    async billableKeys(period: string, fromIso: string, toIso: string): Promise<{ id: number; clientId: number }[]> {
      const rows = await db('services as s').where(billableWhere(period, fromIso, toIso)).orderBy(['s.client_id', 's.id']).select('s.id', 's.client_id');
      return rows.map((r: { id: number; client_id: number }) => ({ id: Number(r.id), clientId: Number(r.client_id) }));
    },
    /** Stores days (absolute bytes, overwriting) and pull outcomes in one transaction. */
    async store(days: DayBatch, pulls: PullOutcome[], at: string): Promise<void> {
      await db.transaction(async (trx) => {
        // one statement's text at a time: a batch's SQL is several hundred kB, and short-lived is cheap to collect
        for (const sql of upsertDaysSql(days, at)) await trx.raw(sql);
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
