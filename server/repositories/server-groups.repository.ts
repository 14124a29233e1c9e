/**
 * Server groups: a product is bound to one; its networks come from every enabled server in it.
 */
import type { Knex } from 'knex';
import type { ServerGroup } from '../domain/types.js';

export type ServerGroupsRepository = ReturnType<typeof serverGroupsRepository>;

/** Builds the server group repository. */
export function serverGroupsRepository(db: Knex, now: () => string) {
  return {
    async list(): Promise<(ServerGroup & { servers: number })[]> {
      const rows = await db('server_groups as g')
        .leftJoin('servers as s', 's.server_group_id', 'g.id')
        .groupBy('g.id', 'g.name')
        .orderBy('g.name')
        .select('g.id', 'g.name')
        .count<{ id: number; name: string; n: number | string }[]>({ n: 's.id' });
      return rows.map((r) => ({ id: r.id, name: r.name, servers: Number(r.n) }));
    },
    async findById(id: number): Promise<ServerGroup | null> {
      const row = await db('server_groups').where({ id }).first('id', 'name');
      return row ?? null;
    },
    async nameTaken(name: string, exceptId?: number): Promise<boolean> {
      const q = db('server_groups').whereRaw('lower(name) = ?', [name.toLowerCase()]);
      if (exceptId !== undefined) q.whereNot({ id: exceptId });
      return Boolean(await q.first('id'));
    },
    async create(name: string): Promise<ServerGroup> {
      const ts = now();
      const [row] = await db('server_groups').insert({ name, created_at: ts, updated_at: ts }).returning(['id', 'name']);
      return row as ServerGroup;
    },
    async remove(id: number): Promise<void> {
      await db('server_groups').where({ id }).delete();
    },
    async rename(id: number, name: string): Promise<void> {
      await db('server_groups').where({ id }).update({ name, updated_at: now() });
    },
  };
}
