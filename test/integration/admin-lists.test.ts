import { expect } from 'chai';
import request from 'supertest';
import { buildAdmin, buildApiToken, buildClient, buildGroupWithServer, buildProduct, buildService } from '../support/factories.js';
import { loginAs, type Agent } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { dialect } from '../support/test-db.js';

describe(`admin lists: search, filters and paging (${dialect})`, () => {
  let t: TestApp;
  let token: string;
  let admin: Agent;
  const ids = { clients: [] as number[], services: [] as number[], products: [] as number[], servers: [] as number[], invoices: [] as number[] };
  const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`);
  const itemIds = (res: request.Response) => (res.body.items as { id: number }[]).map((i) => i.id);

  before(async () => {
    t = await buildTestApp({ clock: () => new Date('2026-06-15T10:00:00Z') });
    token = await buildApiToken(t.c);
    ({ agent: admin } = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin'));
    const a = await buildGroupWithServer(t.c);
    const b = await buildGroupWithServer(t.c);
    ids.servers.push(a.server.id, b.server.id);
    ids.products.push((await buildProduct(t.c, a.group.id)).id, (await buildProduct(t.c, b.group.id)).id);
    const people = [['ada@lovelace.test', 'Ada Lovelace'], ['alan@turing.test', 'Alan Turing'], ['grace@hopper.test', 'Grace Hopper'], ['edsger@dijkstra.test', 'Edsger Dijkstra'], ['barbara@liskov.test', 'Barbara Liskov']];
    for (const [email, name] of people) ids.clients.push((await buildClient(t.c, { email, name })).id);
    await t.c.repos.users.update(ids.clients[4], { disabled: true });
    // 12 services: client i % 5, product and server alternating, statuses in turn, names vpn-<n>, IPs 10.8.<n>.1
    const statuses = ['active', 'suspended', 'failed', 'pending'] as const;
    for (let n = 0; n < 12; n++) {
      const s = await buildService(t.c, { clientId: ids.clients[n % 5], productId: ids.products[n % 2] });
      await t.c.repos.services.update(s.id, { status: statuses[n % 4], serverId: ids.servers[n % 2], username: `vpn-${n}-Name`, dedicatedIp: `10.8.${n}.1` });
      ids.services.push(s.id);
    }
    for (const [client, period] of [[0, '2026-03'], [0, '2026-04'], [1, '2026-04'], [2, '2026-05']] as const) {
      const [id] = await t.c.billing.invoices.insertMany([{
        clientId: ids.clients[client], period, currency: 'USD', subtotalMinor: 100, taxMinor: 0, taxRate: '0', totalMinor: 100, status: 'open', issuedAt: '2026-06-01T00:00:00Z', dueDate: '2026-06-15',
        numberYear: 2026, gbBase: 1e9, rounding: 'half-up', timeZone: 'UTC', createdAt: '2026-06-01T00:00:00Z', parties: null, lines: [],
      }]);
      ids.invoices.push(id);
    }
  });
  after(() => t.close());

  describe('clients', () => {
    it('answers {items, page, per_page, total}, newest first', async () => {
      const res = await api('/api/admin/clients');
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ page: 1, per_page: 50, total: 5 });
      expect(itemIds(res)).to.deep.equal([...ids.clients].reverse());
      expect(res.body.items[0]).to.have.keys(['id', 'email', 'name', 'disabled', 'created_at']);
      expect(res.body.clients).to.deep.equal(res.body.items);
    });
    it('searches the start of the email or the name, in any case, and the id', async () => {
      expect(itemIds(await api('/api/admin/clients?q=GRACE'))).to.deep.equal([ids.clients[2]]);
      expect(itemIds(await api('/api/admin/clients?q=al'))).to.deep.equal([ids.clients[1]]);
      expect(itemIds(await api('/api/admin/clients?q=a'))).to.deep.equal([ids.clients[1], ids.clients[0]]);
      expect(itemIds(await api(`/api/admin/clients?q=%23${ids.clients[3]}`))).to.deep.equal([ids.clients[3]]);
      // a LIKE wildcard is searched for as itself
      expect((await api('/api/admin/clients?q=%25')).body.total).to.equal(0);
      expect((await api('/api/admin/clients?q=_da')).body.total).to.equal(0);
    });
    it('filters by status', async () => {
      expect(itemIds(await api('/api/admin/clients?status=disabled'))).to.deep.equal([ids.clients[4]]);
      expect((await api('/api/admin/clients?status=active')).body.total).to.equal(4);
    });
    it('pages: every row once, the last page partial, past the end empty with the total', async () => {
      const seen: number[] = [];
      for (let page = 1; page <= 3; page++) {
        const res = await api(`/api/admin/clients?per_page=2&page=${page}`);
        expect(res.body).to.include({ page, per_page: 2, total: 5 });
        expect(res.body.items).to.have.length(page < 3 ? 2 : 1);
        seen.push(...itemIds(res));
      }
      expect(seen).to.deep.equal([...ids.clients].reverse());
      const past = await api('/api/admin/clients?per_page=2&page=4');
      expect(past.body).to.deep.equal({ items: [], page: 4, per_page: 2, total: 5, clients: [] });
      expect((await api('/api/admin/clients?per_page=200')).body.items).to.have.length(5);
      expect((await api('/api/admin/clients?per_page=1&page=5')).body.items).to.have.length(1);
    });
  });

  describe('bad list input answers 400 (paging, search) or 422 (filters) naming the field', () => {
    const cases: [string, string, number][] = [
      ['/api/admin/clients?page=-1', 'page', 400],
      ['/api/admin/clients?page=0', 'page', 400],
      ['/api/admin/clients?page=1.5', 'page', 400],
      ['/api/admin/clients?per_page=1000', 'per_page', 400],
      ['/api/admin/clients?per_page=201', 'per_page', 400],
      ['/api/admin/clients?per_page=0', 'per_page', 400],
      ['/api/admin/services?q=a%01b', 'q', 400],
      ['/api/admin/services?q=a%0Ab', 'q', 400],
      ['/api/admin/services?q=a&q=b', 'q', 400],
      [`/api/admin/services?q=${'x'.repeat(101)}`, 'q', 400],
      ['/api/admin/services?status=gone', 'status', 422],
      ['/api/admin/services?product_id=abc', 'product_id', 422],
      ['/api/admin/services?server_id=99999999999', 'server_id', 400],
      ['/api/admin/services?server_id=0', 'server_id', 422],
      ['/api/admin/services?client_id=1&client_id=2', 'client_id', 422],
      ['/api/admin/clients?status=pending', 'status', 422],
      ['/api/admin/invoices?period=2026-13', 'period', 422],
      ['/api/admin/invoices?status=overdue', 'status', 422],
      ['/api/admin/services/1/module-log?outcome=maybe', 'outcome', 422],
      ['/api/admin/services/1/module-log?from=2026-02-30', 'from', 422],
      ['/api/admin/services/1/module-log?to=yesterday', 'to', 422],
    ];
    for (const [path, field, status] of cases) {
      it(`${path.slice(0, 70)} → ${status} (${field})`, async () => {
        const res = await api(path.replace('/services/1/', `/services/${ids.services[0]}/`));
        expect(res.status).to.equal(status);
        expect(res.body.fields).to.have.property(field);
        if (status === 400) expect(res.body.error).to.contain(field);
      });
    }
    it('names every bad filter at once', async () => {
      const res = await api('/api/admin/services?status=gone&product_id=x');
      expect(res.status).to.equal(422);
      expect(Object.keys(res.body.fields).sort()).to.deep.equal(['product_id', 'status']);
    });
    it('shows the message on a page', async () => {
      const res = await admin.get('/admin/services?per_page=1000');
      expect(res.status).to.equal(400);
      expect(res.text).to.contain('per_page').and.contain('from 1 to 200');
      expect(res.text).not.to.match(/\bat [^"]*\.(ts|js):\d+/);
    });
  });

  describe('services', () => {
    it('lists every service as the contract\'s service object, newest first', async () => {
      const res = await api('/api/admin/services?per_page=5');
      expect(res.body).to.include({ page: 1, per_page: 5, total: 12 });
      expect(itemIds(res)).to.deep.equal(ids.services.slice(-5).reverse());
      expect(res.body.items[0]).to.include.keys(['id', 'client_id', 'product_id', 'server_id', 'status', 'username', 'network_name', 'dedicated_ip', 'b_download', 'b_upload', 'last_error']);
    });
    it('searches the id, the start of the VPN client name or IP, and the customer', async () => {
      expect(itemIds(await api('/api/admin/services?q=vpn-1'))).to.deep.equal([ids.services[11], ids.services[10], ids.services[1]]);
      expect(itemIds(await api('/api/admin/services?q=VPN-3-name'))).to.deep.equal([ids.services[3]]);
      expect(itemIds(await api('/api/admin/services?q=10.8.7.'))).to.deep.equal([ids.services[7]]);
      expect(itemIds(await api('/api/admin/services?q=grace'))).to.deep.equal([ids.services[7], ids.services[2]]);
      expect(itemIds(await api('/api/admin/services?q=Edsger%20D'))).to.deep.equal([ids.services[8], ids.services[3]]);
      expect(itemIds(await api(`/api/admin/services?q=%23${ids.services[4]}`))).to.deep.equal([ids.services[4]]);
      expect((await api('/api/admin/services?q=nobody')).body).to.deep.equal({ items: [], page: 1, per_page: 50, total: 0 });
    });
    it('filters by status, product, server and client, together with the search', async () => {
      expect(itemIds(await api('/api/admin/services?status=failed'))).to.deep.equal([ids.services[10], ids.services[6], ids.services[2]]);
      expect((await api(`/api/admin/services?product_id=${ids.products[1]}`)).body.total).to.equal(6);
      expect((await api(`/api/admin/services?server_id=${ids.servers[0]}&status=active`)).body.total).to.equal(3);
      expect(itemIds(await api(`/api/admin/services?client_id=${ids.clients[0]}&status=active`))).to.deep.equal([ids.services[0]]);
      expect(itemIds(await api('/api/admin/services?q=vpn-1&status=suspended'))).to.deep.equal([ids.services[1]]);
      expect((await api('/api/admin/services?status=')).body.total).to.equal(12);
    });
    it('the page keeps the filter in the URL and its pager links', async () => {
      const res = await admin.get('/admin/services?status=active&per_page=2');
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('1–2 of 3');
      expect(res.text).to.contain('href="/admin/services?status=active&amp;per_page=2&amp;page=2"');
      expect(res.text).to.match(/<option value="active" selected>/);
      expect(res.text).to.contain('vpn-8-Name').and.contain('vpn-4-Name').and.not.contain('vpn-1-Name');
      const second = await admin.get('/admin/services?status=active&per_page=2&page=2');
      expect(second.text).to.contain('3–3 of 3').and.contain('vpn-0-Name').and.not.contain('vpn-4-Name');
      const none = await admin.get('/admin/services?q=nobody');
      expect(none.text).to.contain('No service matches.');
    });
    it('the dashboard tiles open the filtered lists', async () => {
      const res = await admin.get('/admin');
      expect(res.text).to.contain('href="/admin/services?status=failed"').and.contain('href="/admin/services?status=active"');
    });
  });

  describe('invoices', () => {
    it('answers the list shape and keeps `invoices`', async () => {
      const res = await api('/api/admin/invoices');
      expect(res.body).to.include({ page: 1, per_page: 50, total: 4 });
      expect(res.body.invoices).to.deep.equal(res.body.items);
      expect(itemIds(res)).to.deep.equal([...ids.invoices].reverse());
    });
    it('searches the number, the month and the customer; filters by month and customer', async () => {
      expect(itemIds(await api(`/api/admin/invoices?q=${ids.invoices[2]}`))).to.deep.equal([ids.invoices[2]]);
      expect(itemIds(await api('/api/admin/invoices?q=2026-04'))).to.deep.equal([ids.invoices[2], ids.invoices[1]]);
      expect(itemIds(await api('/api/admin/invoices?q=ada'))).to.deep.equal([ids.invoices[1], ids.invoices[0]]);
      expect(itemIds(await api(`/api/admin/invoices?period=2026-04&client_id=${ids.clients[0]}`))).to.deep.equal([ids.invoices[1]]);
      expect(itemIds(await api('/api/admin/invoices?per_page=1&page=4'))).to.deep.equal([ids.invoices[0]]);
      // the invoice number (issue 13) and the status filter
      const [second] = (await api(`/api/admin/invoices?q=${ids.invoices[2]}`)).body.items as { number: string }[];
      expect(itemIds(await api(`/api/admin/invoices?q=${second.number}`))).to.deep.equal([ids.invoices[2]]);
      expect((await api('/api/admin/invoices?status=paid')).body.total).to.equal(0);
      expect((await api('/api/admin/invoices?status=open')).body.total).to.equal(4);
    });
    it('the admin page lists and searches them', async () => {
      const res = await admin.get('/admin/invoices?q=grace');
      expect(res.status).to.equal(200);
      expect(res.text).to.contain(`#${ids.invoices[3]}`).and.not.contain(`#${ids.invoices[0]}<`);
    });
  });

  describe('module log', () => {
    let serviceId: number;
    before(async () => {
      serviceId = ids.services[5];
      const write = (action: string, error: string | null) => t.c.repos.moduleLog.write({ serviceId, action, method: 'GET', path: '/api/v1/client/x', httpStatus: error ? 502 : 200, error: error ?? undefined });
      await write('create', null);
      for (let i = 0; i < 4; i++) await write('status', 'panel unreachable');
      await write('status', null);
      for (let i = 0; i < 2; i++) await write('status', 'panel unreachable');
      await write('suspend', 'refused');
    });
    it('pages and filters by outcome and action', async () => {
      const all = await api(`/api/admin/services/${serviceId}/module-log?per_page=3`);
      expect(all.body).to.include({ total: 9, per_page: 3 });
      expect(all.body.entries.map((e: { action: string }) => e.action)).to.deep.equal(['suspend', 'status', 'status']);
      const last = await api(`/api/admin/services/${serviceId}/module-log?per_page=3&page=3`);
      expect(last.body.items.map((e: { action: string }) => e.action)).to.deep.equal(['status', 'status', 'create']);
      expect((await api(`/api/admin/services/${serviceId}/module-log?outcome=failed`)).body.total).to.equal(7);
      expect((await api(`/api/admin/services/${serviceId}/module-log?outcome=ok&action=status`)).body.total).to.equal(1);
      expect((await api(`/api/admin/services/${serviceId}/module-log?from=2026-06-15&to=2026-06-15`)).body.total).to.equal(9);
      expect((await api(`/api/admin/services/${serviceId}/module-log?from=2026-06-16`)).body.total).to.equal(0);
    });
    it('reads deep pages (past 1,000 rows: ids first) in the same order, without gaps or overlaps', async () => {
      const deep = ids.services[6];
      const rows = Array.from({ length: 1100 }, (_, i) => ({ service_id: deep, action: `a${i % 3}`, created_at: '2026-06-15T09:00:00.000Z', error: i % 2 ? 'x' : null }));
      for (let i = 0; i < rows.length; i += 100) await t.c.db('module_log').insert(rows.slice(i, i + 100));
      const all = (await t.c.db('module_log').where({ service_id: deep }).orderBy('id', 'desc').pluck('id')).map(Number);
      const page = async (n: number, per: number) => ((await api(`/api/admin/services/${deep}/module-log?per_page=${per}&page=${n}`)).body.items as { id: number }[]).map((r) => r.id);
      expect([...(await page(10, 100)), ...(await page(11, 100))]).to.deep.equal(all.slice(900, 1100));
      expect(await page(1001, 1)).to.deep.equal([all[1000]]);
      expect(await page(12, 100)).to.deep.equal([]);
      const failed = await api(`/api/admin/services/${deep}/module-log?outcome=failed&per_page=200&page=3`);
      expect(failed.body.total).to.equal(550);
      expect((failed.body.items as { id: number }[]).map((r) => r.id)).to.deep.equal((await t.c.db('module_log').where({ service_id: deep }).whereNotNull('error').orderBy('id', 'desc').pluck('id')).map(Number).slice(400, 550));
    });
    it('the service page collapses identical consecutive failures into one row with a count', async () => {
      const res = await admin.get(`/admin/services/${serviceId}`);
      expect(res.status).to.equal(200);
      const badges = [...res.text.matchAll(/×(\d+)<\/span>/g)].map((m) => Number(m[1]));
      expect(badges).to.deep.equal([2, 4]);
      expect((res.text.match(/panel unreachable/g) ?? []).length).to.equal(2);
      const filtered = await admin.get(`/admin/services/${serviceId}?outcome=ok`);
      expect(filtered.text).not.to.contain('panel unreachable');
    });
  });
});
