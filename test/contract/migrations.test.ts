import fs from 'node:fs';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { MIGRATIONS_DIR, migrateLatest } from '../../server/db/create-db.js';
import { dialect, freshDatabase, type TestDb } from '../support/test-db.js';

const TABLES = [
  'users',
  'api_tokens',
  'server_groups',
  'servers',
  'products',
  'services',
  'module_log',
  'usage_daily',
  'invoices',
  'invoice_lines',
  'job_leases',
  'job_runs',
  'sessions',
  'settings',
  'sign_in_limits',
  'product_speed_tiers',
  'service_plan_periods',
  'invoice_payments',
  'invoice_counters',
  'mail_outbox',
  'user_tokens',
];

const UNIQUE_VIOLATION = /UNIQUE constraint failed|duplicate key value violates unique constraint/;
const TS = '2026-11-27T10:00:00.000Z';

/** Inserts a row and returns its id. */
async function insert(db: Knex, table: string, row: Record<string, unknown>): Promise<number> {
  const [out] = await db(table).insert(row).returning('id');
  return Number(typeof out === 'object' ? (out as { id: number }).id : out);
}

/** Expects the insert to be refused by a unique constraint (not by anything else). */
async function expectUniqueViolation(db: Knex, table: string, row: Record<string, unknown>): Promise<void> {
  let error: unknown = null;
  try {
    await db(table).insert(row);
  } catch (err) {
    error = err;
  }
  expect(error, `a duplicate in ${table} was accepted`).to.be.instanceOf(Error);
  expect((error as Error).message).to.match(UNIQUE_VIOLATION);
}

describe(`migrations (${dialect})`, () => {
  let tdb: TestDb;
  let applied: string[];

  before(async () => {
    tdb = await freshDatabase({ migrate: false });
    applied = await migrateLatest(tdb.db);
  });
  after(() => tdb.destroy());

  it('applies every migration file to an empty database, in name order', () => {
    const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.ts')).sort();
    expect(files.length).to.be.greaterThan(0);
    expect(applied).to.deep.equal(files);
  });

  it('creates every table the portal needs', async () => {
    for (const table of TABLES) expect(await tdb.db.schema.hasTable(table), table).to.equal(true);
  });

  it('applies nothing when migrated a second time', async () => {
    expect(await migrateLatest(tdb.db)).to.deep.equal([]);
    const [, second] = (await tdb.db.migrate.latest()) as [number, string[]];
    expect(second).to.deep.equal([]);
  });

  describe('unique constraints', () => {
    let db: Knex;
    let clientId: number;
    let serviceId: number;
    let otherServiceId: number;

    before(async () => {
      db = tdb.db;
      clientId = await insert(db, 'users', { email: 'a@example.test', name: 'A', password_hash: 'x', role: 'client', disabled: false, created_at: TS, updated_at: TS });
      const groupId = await insert(db, 'server_groups', { name: 'g', created_at: TS, updated_at: TS });
      const serverId = await insert(db, 'servers', { name: 's', hostname: 'h', port: 8098, api_token_enc: 'v1:x', server_group_id: groupId, created_at: TS, updated_at: TS });
      const productId = await insert(db, 'products', { name: 'p', server_group_id: groupId, module: 'puqvpncp', config: '{}', created_at: TS, updated_at: TS });
      const service = { client_id: clientId, product_id: productId, server_id: serverId, status: 'active', created_at: TS, updated_at: TS };
      serviceId = await insert(db, 'services', { ...service, username: 'vpn-1-1-abcd' });
      otherServiceId = await insert(db, 'services', { ...service, username: null });
    });

    it('refuses a second user with the same email', async () => {
      await expectUniqueViolation(db, 'users', { email: 'a@example.test', name: 'B', password_hash: 'y', role: 'admin', disabled: false, created_at: TS, updated_at: TS });
    });

    it('refuses a VPN client name held by another service, while any number of services may have none', async () => {
      const base = (await db('services').where({ id: serviceId }).first()) as Record<string, unknown>;
      const { id: _id, ...copy } = base;
      await expectUniqueViolation(db, 'services', { ...copy, username: 'vpn-1-1-abcd' });
      await insert(db, 'services', { ...copy, username: null });
      expect(Number(((await db('services').whereNull('username').count({ n: '*' }).first()) as { n: number | string }).n)).to.equal(2);
      let error: unknown = null;
      try {
        await db('services').where({ id: otherServiceId }).update({ username: 'vpn-1-1-abcd' });
      } catch (err) {
        error = err;
      }
      expect((error as Error | null)?.message).to.match(UNIQUE_VIOLATION);
    });

    it('refuses a second usage row for the same service and day', async () => {
      const row = { service_id: serviceId, day: '2026-11-01', download_bytes: 1, upload_bytes: 2, collected_at: TS };
      await db('usage_daily').insert(row);
      await expectUniqueViolation(db, 'usage_daily', { ...row, download_bytes: 5 });
      await db('usage_daily').insert({ ...row, day: '2026-11-02' });
      await db('usage_daily').insert({ ...row, service_id: otherServiceId });
    });

    it('takes recurring and setup lines without usage figures', async () => {
      const invoiceId = await insert(db, 'invoices', { client_id: clientId, period: '2026-11', currency: 'USD', total_minor: 0, gb_base: 1_000_000_000, rounding: 'half-up', time_zone: 'UTC', created_at: TS, number: '2026-000001' });
      await db('invoice_lines').insert({ invoice_id: invoiceId, service_id: serviceId, kind: 'recurring', description: 'p: 30 of 30 days', period: '2026-11', amount_minor: 500, days_count: 30 });
      await db('invoice_lines').insert({ invoice_id: invoiceId, service_id: serviceId, kind: 'setup', description: 'p: setup fee', period: '2026-11', amount_minor: 100 });
      expect(await db('invoice_lines').where({ invoice_id: invoiceId })).to.have.length(2);
    });

    it('refuses a second live invoice for the same client and period, and a number twice; a void one may be replaced', async () => {
      const invoice = { client_id: clientId, period: '2026-11', currency: 'USD', total_minor: 0, gb_base: 1_000_000_000, rounding: 'half-up', time_zone: 'UTC', created_at: TS };
      await expectUniqueViolation(db, 'invoices', invoice);
      await db('invoices').where({ client_id: clientId, period: '2026-11' }).update({ status: 'void' });
      await expectUniqueViolation(db, 'invoices', { ...invoice, status: 'void', number: '2026-000001' });
      await insert(db, 'invoices', { ...invoice, number: '2026-000002' });
      await expectUniqueViolation(db, 'invoices', invoice);
    });

    it('records a payment reference once per invoice', async () => {
      const invoiceId = Number((await db('invoices').where({ number: '2026-000002' }).first('id')).id);
      await db('invoice_payments').insert({ invoice_id: invoiceId, amount_minor: 1, reference: 'r1', paid_at: TS, created_at: TS });
      await expectUniqueViolation(db, 'invoice_payments', { invoice_id: invoiceId, amount_minor: 2, reference: 'r1', paid_at: TS, created_at: TS });
    });

    it('refuses a second API token with the same name or hash', async () => {
      await db('api_tokens').insert({ name: 'ci', token_hash: 'a'.repeat(64), created_at: TS });
      await expectUniqueViolation(db, 'api_tokens', { name: 'ci', token_hash: 'b'.repeat(64), created_at: TS });
      await expectUniqueViolation(db, 'api_tokens', { name: 'other', token_hash: 'a'.repeat(64), created_at: TS });
    });

    it('keeps byte counts beyond 2^32 exact', async () => {
      const big = 5_000_000_000_123;
      await db('usage_daily').insert({ service_id: serviceId, day: '2026-11-30', download_bytes: big, upload_bytes: 0, collected_at: TS });
      const row = (await db('usage_daily').where({ service_id: serviceId, day: '2026-11-30' }).first()) as { download_bytes: number | string };
      expect(Number(row.download_bytes)).to.equal(big);
    });
  });

  describe('plugin API v2 data migrations', () => {
    let old: TestDb;
    let db: Knex;

    /** Applies migrations one by one while the next one sorts before `name`. */
    async function migrateUpTo(name: string): Promise<void> {
      for (;;) {
        const [, pending] = (await db.migrate.list()) as [unknown, { file: string }[]];
        if (pending.length === 0 || pending[0].file >= name) return;
        await db.migrate.up();
      }
    }

    before(async () => {
      old = await freshDatabase({ migrate: false });
      db = old.db;
      await migrateUpTo('20261128090000');
    });
    after(() => old.destroy());

    it('moves servers, service options and speed presets written before v2 into their new places', async () => {
      const clientId = await insert(db, 'users', { email: 'm@example.test', name: 'M', password_hash: 'x', role: 'client', disabled: false, created_at: TS, updated_at: TS });
      const groupId = await insert(db, 'server_groups', { name: 'g', created_at: TS, updated_at: TS });
      const serverId = await insert(db, 'servers', { name: 's', hostname: 'h', port: 8098, api_token_enc: 'v1:x', server_group_id: groupId, created_at: TS, updated_at: TS });
      const productId = await insert(db, 'products', { name: 'p', server_group_id: groupId, module: 'puqvpncp', config: '{}', created_at: TS, updated_at: TS });
      const service = { client_id: clientId, product_id: productId, server_id: serverId, status: 'active', created_at: TS, updated_at: TS };
      const withOptions = await insert(db, 'services', service);
      const without = await insert(db, 'services', service);
      await db('service_options').insert([{ service_id: withOptions, name: 'b_download', value: 0 }, { service_id: withOptions, name: 'b_upload', value: 25 }]);
      await db('product_speed_presets').insert([{ product_id: productId, option_name: 'b_download', mbps: 100, label: '100 Mbit/s', created_at: TS }]);

      await migrateLatest(db);
      expect(await db('servers').where({ id: serverId }).first('module', 'settings')).to.deep.equal({ module: 'puqvpncp', settings: '{}' });
      expect(JSON.parse((await db('services').where({ id: withOptions }).first('options')).options)).to.deep.equal({ b_download: 0, b_upload: 25 });
      expect(JSON.parse((await db('services').where({ id: without }).first('options')).options)).to.deep.equal({});
      expect(await db.schema.hasTable('service_options')).to.equal(false);
      // the presets moved on again: into the host's priced tiers (issue 13)
      expect(await db('product_speed_tiers').select('product_id', 'code', 'name', 'download_mbps', 'upload_mbps', 'monthly_price_minor')).to.deep.equal([
        { product_id: productId, code: 't100', name: '100 Mbit/s', download_mbps: 100, upload_mbps: 100, monthly_price_minor: 0 },
      ]);
      expect(await db.schema.hasTable('product_speed_presets')).to.equal(false);
      expect(await db.schema.hasTable('puqvpncp_speed_presets')).to.equal(false);
    });
  });

  describe('plans and invoice numbers (issue 13)', () => {
    let old: TestDb;
    let db: Knex;

    before(async () => {
      old = await freshDatabase({ migrate: false });
      db = old.db;
      for (;;) {
        const [, pending] = (await db.migrate.list()) as [unknown, { file: string }[]];
        if (pending.length === 0 || pending[0].file >= '20261203130000') break;
        await db.migrate.up();
      }
    });
    after(() => old.destroy());

    it('turns speed presets into unpriced tiers, starts the plan history of provisioned services and numbers old invoices', async () => {
      const clientId = await insert(db, 'users', { email: 'n@example.test', name: 'N', password_hash: 'x', role: 'client', disabled: false, created_at: TS, updated_at: TS });
      const groupId = await insert(db, 'server_groups', { name: 'g', created_at: TS, updated_at: TS });
      const productId = await insert(db, 'products', { name: 'p', server_group_id: groupId, module: 'puqvpncp', config: '{}', created_at: TS, updated_at: TS });
      const active = await insert(db, 'services', { client_id: clientId, product_id: productId, status: 'active', username: 'vpn-1', created_at: TS, updated_at: TS });
      await insert(db, 'services', { client_id: clientId, product_id: productId, status: 'pending', created_at: TS, updated_at: TS });
      await db('puqvpncp_speed_presets').insert(['b_download', 'b_upload'].flatMap((option_name) => [0, 50].map((mbps) => ({ product_id: productId, option_name, mbps, label: mbps === 0 ? 'Unlimited' : `${mbps} Mbit/s`, created_at: TS }))));
      await insert(db, 'invoices', { client_id: clientId, period: '2026-10', currency: 'USD', total_minor: 250, gb_base: 1_000_000_000, rounding: 'half-up', time_zone: 'UTC', created_at: '2026-11-04T01:30:00.000Z' });

      await migrateLatest(db);
      expect(await db('product_speed_tiers').orderBy('position').select('code', 'name', 'download_mbps', 'upload_mbps', 'monthly_price_minor')).to.deep.equal([
        { code: 'unlimited', name: 'Unlimited', download_mbps: 0, upload_mbps: 0, monthly_price_minor: 0 },
        { code: 't50', name: '50 Mbit/s', download_mbps: 50, upload_mbps: 50, monthly_price_minor: 0 },
      ]);
      expect(await db.schema.hasTable('puqvpncp_speed_presets')).to.equal(false);
      expect(await db('service_plan_periods').select('service_id', 'from_day', 'product_id', 'tier_code')).to.deep.equal([{ service_id: active, from_day: TS.slice(0, 10), product_id: productId, tier_code: null }]);
      const invoice = await db('invoices').first('number', 'status', 'due_date', 'subtotal_minor', 'tax_minor');
      expect(invoice).to.deep.equal({ number: '2026-000001', status: 'open', due_date: '2026-11-18', subtotal_minor: 250, tax_minor: 0 });
      expect(await db('invoice_counters').select('year', 'last_number')).to.deep.equal([{ year: 2026, last_number: 1 }]);
    });
  });
});
