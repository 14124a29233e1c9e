/**
 * Products. The plugin's settings document is stored as one JSON text value.
 */
import type { Knex } from 'knex';
import type { ProductRecord } from '../domain/types.js';

interface ProductRow {
  id: number;
  name: string;
  server_group_id: number;
  module: string;
  config: string;
}

const toRecord = (r: ProductRow): ProductRecord => ({
  id: r.id,
  name: r.name,
  serverGroupId: r.server_group_id,
  module: r.module,
  config: JSON.parse(r.config) as unknown,
});

export type ProductsRepository = ReturnType<typeof productsRepository>;

/** Builds the products repository. */
export function productsRepository(db: Knex, now: () => string) {
  const findById = async (id: number): Promise<ProductRecord | null> => {
    const row = await db<ProductRow>('products').where({ id }).first();
    return row ? toRecord(row) : null;
  };
  return {
    async list(): Promise<(ProductRecord & { groupName: string; services: number })[]> {
      const rows = await db('products as p')
        .join('server_groups as g', 'g.id', 'p.server_group_id')
        .leftJoin('services as s', 's.product_id', 'p.id')
        .groupBy('p.id', 'p.name', 'p.server_group_id', 'p.module', 'p.config', 'g.name')
        .orderBy('p.name')
        .select('p.*', 'g.name as group_name')
        .count<(ProductRow & { group_name: string; n: number | string })[]>({ n: 's.id' });
      return rows.map((r) => ({ ...toRecord(r), groupName: r.group_name, services: Number(r.n) }));
    },
    /** Every product by name, without the per-product service counts of list() (which read every service). */
    async all(): Promise<ProductRecord[]> {
      return (await db<ProductRow>('products').orderBy('name')).map(toRecord);
    },
    /** The products with these ids, without the per-product service counts of list(). */
    async findByIds(ids: number[]): Promise<ProductRecord[]> {
      if (ids.length === 0) return [];
      return (await db<ProductRow>('products').whereIn('id', [...new Set(ids)])).map(toRecord);
    },
    findById,
    async create(input: { name: string; serverGroupId: number; module: string; config: unknown }): Promise<ProductRecord> {
      const ts = now();
      const [row] = await db('products')
        .insert({ name: input.name, server_group_id: input.serverGroupId, module: input.module, config: JSON.stringify(input.config), created_at: ts, updated_at: ts })
        .returning('*');
      return toRecord(row as ProductRow);
    },
    async update(id: number, input: { name: string; serverGroupId: number }): Promise<void> {
      await db('products').where({ id }).update({ name: input.name, server_group_id: input.serverGroupId, updated_at: now() });
    },
    async nameTaken(name: string, exceptId?: number): Promise<boolean> {
      const q = db('products').whereRaw('lower(name) = ?', [name.toLowerCase()]);
      if (exceptId !== undefined) q.whereNot({ id: exceptId });
      return Boolean(await q.first('id'));
    },
    /** The names of a group's products. */
    async namesInGroup(groupId: number): Promise<string[]> {
      return (await db('products').where({ server_group_id: groupId }).orderBy('name').select('name')).map((r: { name: string }) => r.name);
    },
    /** Deletes the product with its speed tiers (the caller made sure no service or plan history names it). */
    async remove(id: number): Promise<void> {
      await db.transaction(async (trx) => {
        await trx('product_speed_tiers').where({ product_id: id }).delete();
        await trx('products').where({ id }).delete();
      });
    },
    /** "Provision new services automatically" (services created through the API run create at once). */
    async autoProvision(id: number): Promise<boolean> {
      return Boolean((await db('products').where({ id }).first('auto_provision'))?.auto_provision);
    },
    async setAutoProvision(id: number, on: boolean): Promise<void> {
      await db('products').where({ id }).update({ auto_provision: on, updated_at: now() });
    },
    async saveConfig(id: number, config: unknown): Promise<void> {
      await db('products').where({ id }).update({ config: JSON.stringify(config), updated_at: now() });
    },
  };
}
