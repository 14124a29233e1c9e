import { expect } from 'chai';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';

interface Envelope {
  result: string;
  message: string;
  data?: unknown;
  errors?: Record<string, string>;
}

/** Speaks to a fake over raw HTTP, so these tests see the wire format rather than the client's view of it. */
function wire(panel: FakePanel) {
  return async (method: string, path: string, body?: unknown, token = panel.token): Promise<{ status: number; json: Envelope }> => {
    const res = await fetch(`${panel.origin}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Envelope };
  };
}

describe('FakePanel', () => {
  const FIXED_NOW = new Date('2026-03-15T12:00:00Z');
  const panel = new FakePanel({
    slots: { total: 3 },
    networks: [
      { name: 'tiny', subnet: '10.9.0.0/24', wireguard: true, poolSize: 2 },
      { name: 'big', subnet: '10.8.0.0/24', wireguard: true, amneziawg: true },
    ],
    clock: () => FIXED_NOW,
  });
  const call = wire(panel);

  before(() => panel.start());
  after(() => panel.stop());
  beforeEach(() => panel.reset());

  describe('wire format', () => {
    it('wraps data in the OK envelope', async () => {
      const { status, json } = await call('GET', '/system/status');
      expect(status).to.equal(200);
      expect(json).to.deep.equal({
        result: 'OK',
        message: 'Success',
        data: { version: '2.3.0', count_accounts: 0, count_accounts_available: 3, status: 'running' },
      });
    });

    it('answers a wrong token with a 401 error envelope', async () => {
      const { status, json } = await call('GET', '/network', undefined, 'nope');
      expect(status).to.equal(401);
      expect(json.result).to.equal('ERROR');
      expect(json.errors).to.deep.equal({});
    });

    it('serves openapi.json without a token', async () => {
      const res = await fetch(`${panel.origin}/api/v1/openapi.json`);
      const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(res.status).to.equal(200);
      expect(doc.paths['/client/{name}']).to.have.keys('get', 'put', 'delete');
    });

    it('answers an unknown path with 404 and records every request', async () => {
      const { status } = await call('GET', '/nothing/here');
      expect(status).to.equal(404);
      expect(panel.requests).to.have.length(1);
      expect(panel.requests[0]).to.include({ method: 'GET', path: '/nothing/here' });
    });
  });

  describe('licence slots', () => {
    it('counts clients, refuses the one too many, and frees the slot on delete', async () => {
      for (const name of ['c1', 'c2', 'c3']) expect((await call('POST', '/client', { name, network_name: 'big' })).status).to.equal(200);
      const refused = await call('POST', '/client', { name: 'c4', network_name: 'big' });
      expect(refused.status).to.equal(422);
      expect(refused.json.message).to.equal('VPN account limit exceeded');
      expect((await call('DELETE', '/client/c2')).json).to.deep.equal({ result: 'OK', message: 'Success', data: null });
      expect((await call('POST', '/client', { name: 'c4', network_name: 'big' })).status).to.equal(200);
      expect(panel.state.status().count_accounts).to.equal(3);
    });

    it('counts phantom accounts given in the options', async () => {
      const busy = new FakePanel({ slots: { used: 7, total: 8 } });
      expect(busy.state.status()).to.include({ count_accounts: 7, count_accounts_available: 8 });
      busy.seedClient({ name: 'last' });
      expect(() => busy.seedClient({ name: 'over' })).to.throw('VPN account limit exceeded');
    });

    it('noLicenceSlots() blocks creation', async () => {
      panel.noLicenceSlots();
      expect((await call('POST', '/client', { name: 'x' })).json.message).to.equal('VPN account limit exceeded');
    });
  });

  describe('clients', () => {
    it('refuses a duplicate name with 409', async () => {
      await call('POST', '/client', { name: 'dup' });
      const { status, json } = await call('POST', '/client', { name: 'dup' });
      expect(status).to.equal(409);
      expect(json.message).to.equal('The name is already in use');
    });

    it('refuses an invalid name with 422 and a field error', async () => {
      const { status, json } = await call('POST', '/client', { name: 'bad name!' });
      expect(status).to.equal(422);
      expect(json.errors?.name).to.equal("Wrong name (only letters, numbers and '_', '-')");
    });

    it('answers 404 for unknown clients and networks', async () => {
      expect((await call('GET', '/client/ghost')).json.message).to.equal('Client not found');
      expect((await call('POST', '/client', { name: 'n', network_name: 'ghost' })).json.message).to.equal('Network not found');
      expect((await call('GET', '/network/ghost')).status).to.equal(404);
    });

    it('generates a username different from the name and a random password', async () => {
      const a = (await call('POST', '/client', { name: 'alpha' })).json.data as { username: string; password: string };
      const b = (await call('POST', '/client', { name: 'beta' })).json.data as { username: string; password: string };
      expect(a.username).to.match(/^user_\d+$/).and.not.equal(b.username);
      expect(a.password).to.have.length.of.at.least(12).and.not.equal(b.password);
    });

    it('validates PUT values', async () => {
      await call('POST', '/client', { name: 'p' });
      const { status, json } = await call('PUT', '/client/p', { b_download: -1, status: 'paused' });
      expect(status).to.equal(422);
      expect(json.errors).to.have.keys('b_download', 'status');
    });

    it('serves configs only for protocols the network has', async () => {
      await call('POST', '/client', { name: 'w', network_name: 'tiny' });
      expect((await call('GET', '/client/w/config/text')).status).to.equal(200);
      const awg = await call('GET', '/client/w/amneziawg/config');
      expect(awg.status).to.equal(422);
      expect(awg.json.message).to.include('AmneziaWG');
    });

    it('caches QR codes per client', async () => {
      await call('POST', '/client', { name: 'q', network_name: 'big' });
      const first = (await call('GET', '/client/q/config/qr')).json.data as { qr: string };
      const second = (await call('GET', '/client/q/config/qr')).json.data as { qr: string };
      expect(first.qr).to.match(/^data:image\/png;base64,/);
      expect(second.qr).to.equal(first.qr);
    });

    it('lists online sessions set by the test and forgets them on delete', async () => {
      panel.seedClient({ name: 'on', network_name: 'big' });
      panel.setOnline('on', [{ protocol: 'wireguard', transfer_rx: 5 }, { protocol: 'amneziawg' }]);
      expect(((await call('GET', '/client/online')).json.data as unknown[]).length).to.equal(2);
      await call('DELETE', '/client/on');
      expect((await call('GET', '/client/online')).json.data).to.deep.equal([]);
    });
  });

  describe('IP pool', () => {
    it('hands out addresses from .2, reports none when full, and frees on delete', async () => {
      expect((await call('GET', '/network/tiny/available_ip')).json.data).to.deep.equal(['10.9.0.2', '10.9.0.3']);
      await call('POST', '/client', { name: 'i1', network_name: 'tiny' });
      await call('POST', '/client', { name: 'i2', network_name: 'tiny' });
      expect((await call('GET', '/network/tiny/available_ip')).json.data).to.deep.equal([]);
      const full = await call('POST', '/client', { name: 'i3', network_name: 'tiny' });
      expect(full.status).to.equal(422);
      expect(full.json.message).to.equal('No free IP address in network');
      await call('DELETE', '/client/i1');
      expect((await call('GET', '/network/tiny/available_ip')).json.data).to.deep.equal(['10.9.0.2']);
    });

    it('without network_name picks the first network with a free address', async () => {
      panel.fillNetwork('tiny');
      const created = (await call('POST', '/client', { name: 'auto' })).json.data as { network_name: string; ipv4: string };
      expect(created).to.deep.include({ network_name: 'big', ipv4: '10.8.0.2' });
    });
  });

  describe('traffic', () => {
    const month = async (name: string, m: string) => (await call('GET', `/client/${name}/traffic/2026/${m}`)).json.data as { date: string }[];

    it('is the same for the same client and day, and differs with the seed', async () => {
      panel.seedClient({ name: 'det', createdAt: '2026-01-01' });
      const other = new FakePanel({ clock: () => FIXED_NOW, trafficSeed: 'another' });
      other.seedClient({ name: 'det', createdAt: '2026-01-01' });
      const again = new FakePanel({ clock: () => FIXED_NOW });
      again.seedClient({ name: 'det', createdAt: '2026-01-01' });
      const feb = await month('det', '02');
      expect(feb.length).to.be.within(15, 28);
      expect(again.state.traffic('det', 2026, 2)).to.deep.equal(feb);
      expect(other.state.traffic('det', 2026, 2)).not.to.deep.equal(feb);
    });

    it('starts at the creation day and stops at today', async () => {
      panel.seedClient({ name: 'span', createdAt: '2026-03-10' });
      // A pinned day is reported even before the creation day; generated ones are not.
      panel.setTraffic('span', '2026-03-01', 1, 1);
      const rows = await month('span', '3');
      const generated = rows.filter((r) => r.date !== '2026-03-01');
      expect(generated).to.have.length.of.at.least(1);
      expect(generated.every((r) => r.date >= '2026-03-10' && r.date <= '2026-03-15')).to.equal(true);
      expect(await month('span', '04')).to.deep.equal([]);
      expect(rows.map((r) => r.date)).to.include('2026-03-01');
    });

    it('gives a backdated client sixty days of history', async () => {
      panel.seedClient({ name: 'demo' });
      panel.setCreatedAt('demo', new Date(FIXED_NOW.getTime() - 60 * 86_400_000));
      const total = (await month('demo', '01')).length + (await month('demo', '02')).length + (await month('demo', '03')).length;
      expect(total).to.be.within(40, 61);
    });

    it('returns pinned bytes exactly and accepts unpadded months', async () => {
      panel.seedClient({ name: 'pin', createdAt: '2026-03-01' });
      panel.setTraffic('pin', '2026-03-02', 123, 45);
      const rows = (await call('GET', '/client/pin/traffic/2026/3')).json.data as unknown[];
      expect(rows).to.deep.include({ date: '2026-03-02', traffic_download: 123, traffic_upload: 45 });
      expect((await call('GET', '/client/pin/traffic/2026/13')).status).to.equal(422);
    });
  });

  describe('faults', () => {
    it('status() fails a route the given number of times, then recovers', async () => {
      panel.status('GET /license', 500, 2);
      expect((await call('GET', '/license')).status).to.equal(500);
      expect((await call('GET', '/license')).status).to.equal(500);
      expect((await call('GET', '/license')).status).to.equal(200);
    });

    it("'*' matches every route", async () => {
      panel.status('*', 503);
      expect((await call('GET', '/network')).status).to.equal(503);
      expect((await call('POST', '/client', { name: 'z' })).status).to.equal(503);
      panel.clearFaults();
      expect((await call('GET', '/network')).status).to.equal(200);
    });

    it('malformed() sends a 200 that is not JSON; notOk() a result other than OK', async () => {
      panel.malformed('GET /network', 1).notOk('GET /license', 'FAIL', 1);
      const res = await fetch(`${panel.origin}/api/v1/network`, { headers: { Authorization: `Bearer ${panel.token}` } });
      expect(res.status).to.equal(200);
      const text = await res.text();
      expect(() => JSON.parse(text)).to.throw(SyntaxError);
      expect((await call('GET', '/license')).json.result).to.equal('FAIL');
    });

    it('dropAnswerAfterApply() applies the change but sends no answer', async () => {
      panel.dropAnswerAfterApply('POST /client', 1);
      let failed = false;
      await call('POST', '/client', { name: 'lost' }).catch(() => (failed = true));
      expect(failed).to.equal(true);
      expect(panel.state.clients.has('lost')).to.equal(true);
    });

    it('slow() delays one route only', async () => {
      panel.slow('GET /network', 150);
      let started = Date.now();
      await call('GET', '/network');
      expect(Date.now() - started).to.be.at.least(140);
      started = Date.now();
      await call('GET', '/license');
      expect(Date.now() - started).to.be.lessThan(140);
    });

    it('latencyMs delays every answer', async () => {
      const laggy = new FakePanel({ latencyMs: 120 });
      await laggy.start();
      try {
        const started = Date.now();
        expect((await wire(laggy)('GET', '/license')).status).to.equal(200);
        expect(Date.now() - started).to.be.at.least(110);
      } finally {
        await laggy.stop();
      }
    });

    it('down() refuses connections on the same port until up()', async () => {
      const port = panel.port;
      await panel.down();
      let refused = false;
      await call('GET', '/network').catch(() => (refused = true));
      await panel.up();
      expect(refused).to.equal(true);
      expect(panel.port).to.equal(port);
      expect((await call('GET', '/network')).status).to.equal(200);
    });

    it('stop() ends hung requests so the process can exit', async () => {
      const hanging = new FakePanel();
      await hanging.start();
      hanging.hang('GET /system/status');
      const pending = fetch(`${hanging.origin}/api/v1/system/status`).then(() => 'answered', () => 'cut');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(hanging.requests).to.have.length(1);
      const started = Date.now();
      await hanging.stop();
      expect(await pending).to.equal('cut');
      expect(Date.now() - started).to.be.lessThan(1000);
    });

    it('reset() clears state, faults and recorded requests', async () => {
      await call('POST', '/client', { name: 'gone' });
      panel.status('GET /network', 500);
      panel.reset();
      expect(panel.state.clients.size).to.equal(0);
      expect(panel.requests).to.have.length(0);
      expect((await call('GET', '/network')).status).to.equal(200);
      expect(panel.requestsTo('GET', '/network')).to.have.length(1);
    });
  });
});
