/**
 * Users (customers and admins). Emails are stored lower-cased, which makes uniqueness case-insensitive.
 */
import type { Knex } from 'knex';
import type { AdminRole, Role, User } from '../domain/types.js';
import { filters, type ListPage, type ListQuery } from '../domain/lists/list-query.js';
import { applyFilters, idTerm, readPage, startsWith, type ListFilters } from './paged-list.js';

/** status: active or disabled. */
export const clientListFilters: ListFilters = {
  status: { ...filters.oneOf(['active', 'disabled']), apply: (q, v) => { q.where('disabled', v === 'disabled'); } },
};

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: string;
  disabled: boolean | number;
  password_hash: string;
  created_at: string;
  admin_role: string | null;
}

function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role as Role, disabled: Boolean(row.disabled), createdAt: row.created_at, adminRole: row.role === 'admin' ? ((row.admin_role ?? 'owner') as AdminRole) : null };
}

export type UsersRepository = ReturnType<typeof usersRepository>;

/** Builds the users repository over a knex instance (or transaction). */
export function usersRepository(db: Knex, now: () => string) {
  const findById = async (id: number): Promise<User | null> => {
    const row = await db<UserRow>('users').where({ id }).first();
    return row ? toUser(row) : null;
  };
  return {
    findById,
    /** The user and its password hash, for authentication only. */
    async findCredentials(email: string): Promise<{ user: User; passwordHash: string } | null> {
      const row = await db<UserRow>('users').where({ email: email.trim().toLowerCase() }).first();
      return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
    },
    async emailTaken(email: string, exceptId?: number): Promise<boolean> {
      const q = db('users').where({ email: email.trim().toLowerCase() });
      if (exceptId !== undefined) q.whereNot({ id: exceptId });
      return Boolean(await q.first('id'));
    },
    async create(input: { email: string; name: string; role: Role; passwordHash: string; adminRole?: AdminRole; disabled?: boolean }): Promise<User> {
      const ts = now();
      const [row] = await db('users')
        .insert({ email: input.email.trim().toLowerCase(), name: input.name, role: input.role, admin_role: input.role === 'admin' ? (input.adminRole ?? 'owner') : null, password_hash: input.passwordHash, disabled: input.disabled ?? false, created_at: ts, updated_at: ts })
        .returning('*');
      return toUser(row as UserRow);
    },
    async update(id: number, input: { email?: string; name?: string; role?: Role; adminRole?: AdminRole; passwordHash?: string; disabled?: boolean }): Promise<void> {
      const patch: Record<string, unknown> = { updated_at: now() };
      if (input.email !== undefined) patch.email = input.email.trim().toLowerCase();
      if (input.name !== undefined) patch.name = input.name;
      if (input.role !== undefined) patch.role = input.role;
      if (input.adminRole !== undefined) patch.admin_role = input.adminRole;
      if (input.passwordHash !== undefined) patch.password_hash = input.passwordHash;
      if (input.disabled !== undefined) patch.disabled = input.disabled;
      await db('users').where({ id }).update(patch);
    },
    /** The users with these ids (for joining names onto lists without reading every user). */
    async findByIds(ids: number[]): Promise<User[]> {
      if (ids.length === 0) return [];
      return (await db<UserRow>('users').whereIn('id', [...new Set(ids)])).map(toUser);
    },
    async list(role: Role): Promise<User[]> {
      const rows = await db<UserRow>('users').where({ role }).orderBy('id');
      return rows.map(toUser);
    },
    /** One page of customers, newest first: `q` is an id or the start of the email or the name. */
    async searchClients(list: ListQuery): Promise<ListPage<User>> {
      const query = db<UserRow>('users');
      if (!list.q) query.where({ role: 'client' });
      else {
        // the role as an expression: SQLite (without statistics) would otherwise read every customer through
        // the role index instead of the few rows the prefix indexes find
        query.whereRaw("?? || '' = ?", ['role', 'client']);
        const id = idTerm(list.q);
        const q = list.q;
        query.andWhere((w) => {
          if (id !== null) w.orWhere('id', id);
          w.orWhere(startsWith(db, 'email', q)).orWhere(startsWith(db, 'name', q));
        });
      }
      applyFilters(query, clientListFilters, list.filters);
      const { rows, total } = await readPage<UserRow>(query, [{ column: 'id', order: 'desc' }], list);
      return { items: rows.map(toUser), page: list.page, perPage: list.perPage, total };
    },
    /** Which of these admins were invited and have not chosen a password yet. */
    async invitedAmong(ids: number[]): Promise<Set<number>> {
      if (ids.length === 0) return new Set();
      const rows: { id: number }[] = await db('users').whereIn('id', ids).andWhere('password_hash', 'like', 'invited:%').select('id');
      return new Set(rows.map((r) => Number(r.id)));
    },
    /** How many enabled owners there are (the last one can be neither disabled, demoted nor removed). */
    async countActiveOwners(): Promise<number> {
      const row = await db('users').where({ role: 'admin', admin_role: 'owner', disabled: false }).count<{ n: number | string }[]>({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    async count(role: Role): Promise<number> {
      const row = await db('users').where({ role }).count<{ n: number | string }[]>({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
  };
}
