/**
 * Services and their per-service speed options. The VPN password is encrypted at rest and read only
 * through `readPassword`.
 */
import type { Knex } from 'knex';
import type { ServiceRecord, ServiceStatus } from '../domain/types.js';
import { knownSecrets, maskText } from '../security/mask-secrets.js';
import type { SecretBox } from '../security/secret-box.js';
import { isUniqueViolation } from '../db/create-db.js';
import { deepFreeze, ReadMemo } from './read-memo.js';
import { serviceOptionsOf, SPEED_OPTIONS, toServiceRecord, type ServiceRecordRow } from './service-row.js';

interface ServiceRow extends ServiceRecordRow {
  password_enc: string | null;
  pending_action: string | null;
  terminated_at: string | null;
  created_at: string;
}

export interface ServiceEntity extends ServiceRecord {
  pendingAction: string | null;
  terminatedAt: string | null;
  createdAt: string;
  passwordSet: boolean;
}

export type ServicesRepository = ReturnType<typeof servicesRepository>;

/** Builds the services repository. */
export function servicesRepository(db: Knex, box: SecretBox, now: () => string) {
  // the encrypted password of rows just read: the customer's page reads the row, then asks for the password
  const sealed = new ReadMemo<number, string>();
  // an AES-GCM decryption costs as much as the rest of the page's data: views within the memo's few
  // seconds share one (the plaintext lives in this process's memory only, as it does while a page renders)
  const opened = new ReadMemo<string, string>();
  // the customer's page view of a service, frozen
  const pages = new ReadMemo<number, ServiceEntity>();
  // a row read while a write ran may be old: only rows read between writes are kept
  let writes = 0;
  /** Called before and after every write: drops what the memos hold of the service. */
  const changed = (id: number) => {
    writes += 1;
    sealed.forget(id);
    pages.forget(id);
  };
  const remembered = (password: string) => {
    knownSecrets.add(password);
    return password;
  };
  function toService(r: ServiceRow, opts: Record<string, number> = {}): ServiceEntity {
    return {
      ...toServiceRecord(r, opts),
      pendingAction: r.pending_action,
      terminatedAt: r.terminated_at,
      createdAt: r.created_at,
      passwordSet: Boolean(r.password_enc),
    };
  }
  async function many(rows: ServiceRow[]): Promise<ServiceEntity[]> {
    const opts = await serviceOptionsOf(db, rows.map((r) => r.id));
    return rows.map((r) => toService(r, opts.get(r.id)));
  }
  /** One service and its speed options in a single statement: every page view reads one, so a round trip counts. */
  async function one(where: Record<string, number>): Promise<ServiceEntity | null> {
    const option = (name: string) => db('service_options').select('value').where('service_id', db.ref('services.id')).andWhere({ name }).as(`opt_${name}`);
    const writesBefore = writes;
    const row = await db('services').select('services.*', ...Object.values(SPEED_OPTIONS).map(option)).where(where).first();
    if (!row) return null;
    if (writes === writesBefore) sealed.set((row as ServiceRow).id, (row as ServiceRow).password_enc);
    const opts: Record<string, number> = {};
    for (const name of Object.values(SPEED_OPTIONS)) {
      const value = (row as Record<string, unknown>)[`opt_${name}`];
      if (value !== null && value !== undefined) opts[name] = Number(value);
    }
    return toService(row as ServiceRow, opts);
  }
  return {
    async findById(id: number): Promise<ServiceEntity | null> {
      return one({ 'services.id': id });
    },
    /** A service only when it belongs to the client: the one query every customer page goes through. */
    async findForClient(id: number, clientId: number): Promise<ServiceEntity | null> {
      return one({ 'services.id': id, 'services.client_id': clientId });
    },
    /**
     * findForClient for the customer's service page, reused for a few seconds (MEMO_TTL_MS) and frozen;
     * writes in this process are seen at once. A service never changes owner, so the check stays exact.
     */
    async findForClientView(id: number, clientId: number): Promise<ServiceEntity | null> {
      // a write drops the entry with any load in flight (changed), so an old row is never kept
      const service = await pages.get(id, async () => deepFreeze(await one({ 'services.id': id })));
      return service && service.clientId === clientId ? service : null;
    },
    async listForClient(clientId: number): Promise<ServiceEntity[]> {
      return many(await db<ServiceRow>('services').where({ client_id: clientId }).orderBy('id'));
    },
    async list(filter: { status?: ServiceStatus; limit?: number } = {}): Promise<ServiceEntity[]> {
      const q = db<ServiceRow>('services').orderBy('id', 'desc').limit(filter.limit ?? 500);
      if (filter.status) q.where({ status: filter.status });
      return many(await q);
    },
    async countByStatus(): Promise<Record<string, number>> {
      const rows = await db('services').groupBy('status').select('status').count<{ status: string; n: number | string }[]>({ n: '*' });
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    async create(input: { clientId: number; productId: number; serverId: number | null; options: { download?: number; upload?: number } }): Promise<ServiceEntity> {
      const ts = now();
      const created = await db.transaction(async (trx) => {
        const [row] = await trx('services')
          .insert({ client_id: input.clientId, product_id: input.productId, server_id: input.serverId, status: 'pending', created_at: ts, updated_at: ts })
          .returning('*');
        const id = (row as ServiceRow).id;
        const rows = [
          input.options.download === undefined ? null : { service_id: id, name: SPEED_OPTIONS.download, value: input.options.download },
          input.options.upload === undefined ? null : { service_id: id, name: SPEED_OPTIONS.upload, value: input.options.upload },
        ].filter((r) => r !== null);
        if (rows.length > 0) await trx('service_options').insert(rows);
        const opts: Record<string, number> = Object.fromEntries(rows.map((r) => [r.name, r.value]));
        return toService(row as ServiceRow, opts);
      });
      // a page may have asked for this id before it existed: its "not found" must go
      changed(created.id);
      return created;
    },
    /** Sets (number) or clears (null) a speed option; undefined leaves it unchanged. */
    async setOptions(id: number, input: { download?: number | null; upload?: number | null }): Promise<void> {
      changed(id);
      await db.transaction(async (trx) => {
        for (const [key, name] of [['download', SPEED_OPTIONS.download], ['upload', SPEED_OPTIONS.upload]] as const) {
          const value = input[key];
          if (value === undefined) continue;
          if (value === null) await trx('service_options').where({ service_id: id, name }).del();
          else await trx('service_options').insert({ service_id: id, name, value }).onConflict(['service_id', 'name']).merge({ value });
        }
      });
      changed(id);
    },
    /** Patches the columns given; `password` is encrypted, null clears it. */
    async update(
      id: number,
      patch: Partial<{ status: ServiceStatus; serverId: number | null; username: string | null; networkName: string | null; dedicatedIp: string | null; password: string | null; lastError: string | null; pendingAction: string | null; terminatedAt: string | null }>,
    ): Promise<void> {
      const cols: Record<string, unknown> = { updated_at: now() };
      const map: Record<string, string> = { status: 'status', serverId: 'server_id', username: 'username', networkName: 'network_name', dedicatedIp: 'dedicated_ip', lastError: 'last_error', pendingAction: 'pending_action', terminatedAt: 'terminated_at' };
      for (const [key, column] of Object.entries(map)) {
        const value = (patch as Record<string, unknown>)[key];
        if (value !== undefined) cols[column] = value;
      }
      // the reason of a failed action is shown on pages and in the API: never with a secret in it
      if (typeof patch.lastError === 'string') cols.last_error = maskText(patch.lastError);
      if (patch.password !== undefined) cols.password_enc = patch.password === null ? null : box.encrypt(patch.password);
      knownSecrets.add(patch.password);
      changed(id);
      await db('services').where({ id }).update(cols);
      changed(id);
    },
    async readPassword(id: number): Promise<string | null> {
      const enc = await sealed.get(id, async () => ((await db('services').where({ id }).first('password_enc'))?.password_enc as string | null | undefined) ?? null);
      // keyed by ciphertext (a fresh IV per encryption), so a changed password can never hit an old entry
      return enc ? opened.get(enc, async () => remembered(box.decrypt(enc))) : null;
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
    /** Sets the VPN client name unless another service holds it; the unique index decides races. */
    async reserveUsername(id: number, username: string): Promise<boolean> {
      changed(id);
      try {
        await db('services').where({ id }).update({ username, updated_at: now() });
        changed(id);
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
      changed(id);
      const claimed = await db('services')
        .where({ id })
        .andWhere((q) => q.whereNull('pending_action').orWhere('updated_at', '<', staleBefore))
        .update({ pending_action: action, updated_at: now() });
      changed(id);
      return claimed > 0;
    },
    async releaseAction(id: number): Promise<void> {
      changed(id);
      await db('services').where({ id }).update({ pending_action: null });
      changed(id);
    },
    /** True when any service other than `exceptId` holds the VPN client name. */
    async usernameTaken(username: string, exceptId?: number): Promise<boolean> {
      const q = db('services').where({ username });
      if (exceptId !== undefined) q.whereNot({ id: exceptId });
      return Boolean(await q.first('id'));
    },
  };
}
