/**
 * Services, with their module-declared options as one JSON document. The account password is encrypted
 * at rest; this repository hands out only its sealed form (the host decrypts it where a page shows it).
 */
import type { Knex } from 'knex';
import type { ServiceRecord, ServiceStatus } from '../domain/types.js';
import { knownSecrets, maskText } from '../security/mask-secrets.js';
import type { SecretBox } from '../security/secret-box.js';
import { isSqlite, isUniqueViolation } from '../db/create-db.js';
import { parseOptions, toServiceRecord, type ServiceRecordRow } from './service-row.js';
import type { ListPage, ListQuery } from '../domain/lists/list-query.js';
import { serviceListFilters, serviceSearch } from './service-list.js';
import { applyFilters, readPage, type ListFilters } from './paged-list.js';

interface ServiceRow extends ServiceRecordRow {
  password_enc: string | null;
  pending_action: string | null;
  terminated_at: string | null;
  retired_at: string | null;
  created_at: string;
  tier_code: string | null;
  suspend_reason: string | null;
}

export interface ServiceEntity extends ServiceRecord {
  pendingAction: string | null;
  terminatedAt: string | null;
  /** a terminated service the admin retired: gone from the customer's dashboard */
  retiredAt: string | null;
  createdAt: string;
  passwordSet: boolean;
  /** the speed tier the service has (a code of its product's tiers), null = the product's own caps */
  tierCode: string | null;
  /** why it is suspended: 'admin' (an admin's action) or 'overdue' (dunning); null when not suspended */
  suspendReason: SuspendReason | null;
}

/** Why a service is suspended. */
export type SuspendReason = 'admin' | 'overdue';

/** A patch of options: a value sets the option, null removes it (back to the product default). */
export type OptionsPatch = Record<string, unknown>;

export type ServicesRepository = ReturnType<typeof servicesRepository>;

function toService(r: ServiceRow): ServiceEntity {
  return {
    ...toServiceRecord(r),
    pendingAction: r.pending_action,
    terminatedAt: r.terminated_at,
    retiredAt: r.retired_at ?? null,
    createdAt: r.created_at,
    passwordSet: Boolean(r.password_enc),
    tierCode: r.tier_code ?? null,
    suspendReason: (r.suspend_reason as SuspendReason | null) ?? null,
  };
}

/** The options document after a patch; keys are kept in their declared order by the caller. */
function patched(current: Record<string, unknown>, patch: OptionsPatch): Record<string, unknown> {
  const next = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete next[name];
    else if (value !== undefined) next[name] = value;
  }
  return next;
}

/** Builds the services repository. */
export function servicesRepository(db: Knex, box: SecretBox, now: () => string) {
  const one = async (where: Record<string, number>): Promise<ServiceEntity | null> => {
    const row = await db<ServiceRow>('services').where(where).first();
    return row ? toService(row) : null;
  };
  return {
    async findById(id: number): Promise<ServiceEntity | null> {
      return one({ id });
    },
    /** A service only when it belongs to the client: the one query every customer page goes through. */
    async findForClient(id: number, clientId: number): Promise<ServiceEntity | null> {
      return one({ id, client_id: clientId });
    },
    async listForClient(clientId: number): Promise<ServiceEntity[]> {
      return (await db<ServiceRow>('services').where({ client_id: clientId }).orderBy('id')).map(toService);
    },
    /** The services of these clients in one status (dunning's batches). */
    async listForClients(clientIds: number[], status: ServiceStatus): Promise<ServiceEntity[]> {
      if (clientIds.length === 0) return [];
      return (await db<ServiceRow>('services').whereIn('client_id', clientIds).andWhere({ status }).orderBy('id')).map(toService);
    },
    /** Suspended services with this reason (dunning lifts its own), optionally of one client. */
    async suspendedFor(reason: SuspendReason, clientId?: number): Promise<ServiceEntity[]> {
      const q = db<ServiceRow>('services').where({ status: 'suspended', suspend_reason: reason }).orderBy('id');
      if (clientId !== undefined) q.where({ client_id: clientId });
      return (await q).map(toService);
    },
    async list(filter: { status?: ServiceStatus; limit?: number } = {}): Promise<ServiceEntity[]> {
      const q = db<ServiceRow>('services').orderBy('id', 'desc').limit(filter.limit ?? 500);
      if (filter.status) q.where({ status: filter.status });
      return (await q).map(toService);
    },
    /** The services recorded on a server under a remote account name, any status: what reconciliation compares. */
    async listOnServer(serverId: number): Promise<ServiceEntity[]> {
      return (await db<ServiceRow>('services').where({ server_id: serverId }).whereNotNull('username').orderBy('id')).map(toService);
    },
    /**
     * One page of services, newest first: `q` is a service id, the start of a VPN client name or IP, or
     * of the customer's email or name; the filters are serviceListFilters plus any `extra` a caller adds.
     */
    async search(list: ListQuery, extra: ListFilters = {}): Promise<ListPage<ServiceEntity>> {
      const query = db<ServiceRow>('services').select('services.*');
      if (list.q) serviceSearch(db, query, list.q);
      applyFilters(query, { ...serviceListFilters, ...extra }, list.filters);
      const { rows, total } = await readPage<ServiceRow>(query, [{ column: 'services.id', order: 'desc' }], list);
      return { items: rows.map(toService), page: list.page, perPage: list.perPage, total };
    },
    /** How many services name the server or product, with the ids of the first few (a refused deletion names them). */
    async referencing(column: 'server_id' | 'product_id', id: number): Promise<{ count: number; ids: number[] }> {
      const [count, ids] = await Promise.all([
        db('services').where(column, id).count<{ n: number | string }[]>({ n: '*' }).first(),
        db('services').where(column, id).orderBy('id').limit(5).pluck('id'),
      ]);
      return { count: Number(count?.n ?? 0), ids: (ids as (number | string)[]).map(Number) };
    },
    /** Services per server that hold (or will hold) a panel slot: every status but terminated and failed. */
    async slotsByServer(): Promise<Map<number, number>> {
      const rows = await db('services').whereNotNull('server_id').whereNotIn('status', ['terminated', 'failed']).groupBy('server_id').select('server_id').count<{ server_id: number; n: number | string }[]>({ n: '*' });
      return new Map(rows.map((r) => [Number(r.server_id), Number(r.n)]));
    },
    async retire(id: number): Promise<void> {
      await db('services').where({ id, status: 'terminated' }).update({ retired_at: now(), updated_at: now() });
    },
    async countByStatus(): Promise<Record<string, number>> {
      const rows = await db('services').groupBy('status').select('status').count<{ status: string; n: number | string }[]>({ n: '*' });
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    async create(input: { clientId: number; productId: number; serverId: number | null; options: Record<string, unknown> }): Promise<ServiceEntity> {
      const ts = now();
      const [row] = await db('services')
        .insert({ client_id: input.clientId, product_id: input.productId, server_id: input.serverId, status: 'pending', options: JSON.stringify(patched({}, input.options)), created_at: ts, updated_at: ts })
        .returning('*');
      return toService(row as ServiceRow);
    },
    /** Applies an options patch in one transaction (the row is locked on PostgreSQL, so patches never undo each other). */
    async setOptions(id: number, patch: OptionsPatch): Promise<void> {
      await db.transaction(async (trx) => {
        const read = trx('services').where({ id }).first('options');
        // SQLite runs one write transaction at a time; PostgreSQL needs the row lock
        const row = (await (isSqlite(db) ? read : read.forUpdate())) as { options: string | null } | undefined;
        if (!row) return;
        await trx('services').where({ id }).update({ options: JSON.stringify(patched(parseOptions(row.options), patch)), updated_at: now() });
      });
    },
    /** Patches the columns given; `password` is encrypted, null clears it. */
    async update(
      id: number,
      patch: Partial<{ status: ServiceStatus; serverId: number | null; username: string | null; networkName: string | null; dedicatedIp: string | null; password: string | null; lastError: string | null; pendingAction: string | null; terminatedAt: string | null; productId: number; tierCode: string | null; suspendReason: SuspendReason | null }>,
    ): Promise<void> {
      const cols: Record<string, unknown> = { updated_at: now() };
      const map: Record<string, string> = { status: 'status', serverId: 'server_id', username: 'username', networkName: 'network_name', dedicatedIp: 'dedicated_ip', lastError: 'last_error', pendingAction: 'pending_action', terminatedAt: 'terminated_at', productId: 'product_id', tierCode: 'tier_code', suspendReason: 'suspend_reason' };
      for (const [key, column] of Object.entries(map)) {
        const value = (patch as Record<string, unknown>)[key];
        if (value !== undefined) cols[column] = value;
      }
      // the reason of a failed action is shown on pages and in the API: never with a secret in it
      if (typeof patch.lastError === 'string') cols.last_error = maskText(patch.lastError);
      if (patch.password !== undefined) cols.password_enc = patch.password === null ? null : box.encrypt(patch.password);
      knownSecrets.add(patch.password);
      await db('services').where({ id }).update(cols);
    },
    /** The stored password as sealed at rest (secret-box ciphertext), or null. */
    async sealedPassword(id: number): Promise<string | null> {
      return ((await db('services').where({ id }).first('password_enc'))?.password_enc as string | null | undefined) ?? null;
    },
    /**
     * Decrypts every stored VPN password once, so the masking knows them before any is used (start-up).
     * @returns how many could not be decrypted (a changed APP_KEY: their use will say so)
     */
    async registerSecrets(): Promise<number> {
      let unreadable = 0;
      for (let after = 0; ; ) {
        const rows = (await db('services').whereNotNull('password_enc').andWhere('id', '>', after).orderBy('id').limit(1000).select('id', 'password_enc')) as { id: number; password_enc: string }[];
        for (const row of rows) {
          try {
            knownSecrets.add(box.decrypt(row.password_enc));
          } catch {
            unreadable++;
          }
        }
        if (rows.length < 1000) return unreadable;
        after = rows[rows.length - 1].id;
      }
    },
    /** Sets the account name unless another service holds it; the unique index decides races. */
    async reserveUsername(id: number, username: string): Promise<boolean> {
      try {
        await db('services').where({ id }).update({ username, updated_at: now() });
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },
    /**
     * Claims the service for one lifecycle action at a time; a claim older than `staleMs` (a crashed
     * process) may be taken over. Resolves false when another action holds it.
     */
    async claimAction(id: number, action: string, staleMs: number): Promise<boolean> {
      const staleBefore = new Date(Date.parse(now()) - staleMs).toISOString();
      const claimed = await db('services')
        .where({ id })
        .andWhere((q) => q.whereNull('pending_action').orWhere('updated_at', '<', staleBefore))
        .update({ pending_action: action, updated_at: now() });
      return claimed > 0;
    },
    async releaseAction(id: number): Promise<void> {
      await db('services').where({ id }).update({ pending_action: null });
    },
    /** The service that holds an account name, with its server, or null. */
    async holderOf(username: string): Promise<{ id: number; serverId: number | null } | null> {
      const row = (await db('services').where({ username }).first('id', 'server_id')) as { id: number; server_id: number | null } | undefined;
      return row ? { id: row.id, serverId: row.server_id } : null;
    },
    /** True when any service other than `exceptId` holds the account name. */
    async usernameTaken(username: string, exceptId?: number): Promise<boolean> {
      const q = db('services').where({ username });
      if (exceptId !== undefined) q.whereNot({ id: exceptId });
      return Boolean(await q.first('id'));
    },
  };
}
