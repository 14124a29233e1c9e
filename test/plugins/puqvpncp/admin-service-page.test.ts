import { expect } from 'chai';
import request from 'supertest';
import { FAKE_PANEL_TOKEN } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { buildAdmin, buildClient, PASSWORD } from '../../support/factories.js';
import { loginAs, type Agent } from '../../support/login.js';
import { useLifecycleWorld } from './lifecycle-helpers.js';

describe('puqVPNcp admin service page', () => {
  const w = useLifecycleWorld();
  let admin: Agent;
  const base = (id: number) => `/admin/plugins/puqvpncp/services/${id}`;

  before(async () => {
    admin = (await loginAs(w.t.app, (await buildAdmin(w.t.c)).email, 'admin')).agent;
  });

  /** An active service on Frankfurt's all-protocol network (or another), its client named `name`. */
  async function activeService(name: string, network = 'fra-1', bandwidth = { download_mbps: 100, upload_mbps: 50 }) {
    const productId = await w.product({ client_name_rule: name, bandwidth, networks: [{ server_id: w.fraId, network }] });
    const id = await w.service(productId);
    expect((await w.act(id, 'create')).status).to.equal(200);
    w.fra.requests.length = 0;
    return id;
  }

  it('renders password (hidden until shown), bandwidth, client table, live status and config buttons, without the panel token', async () => {
    const id = await activeService('page');
    const client = w.fra.state.client('page');
    const res = await admin.get(`/admin/services/${id}`);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('<h2>PUQ VPNcp</h2>');
    expect(res.text).to.contain(`data-secret="${client.password}">••••••••</code>`);
    expect(res.text).to.contain('Down: 100 Mbit/s · Up: 50 Mbit/s');
    expect(res.text).to.contain(`<td>${client.username}</td>`).and.to.contain(`<td>${client.ipv4}</td>`);
    expect(res.text).to.contain('pill-enabled">Enabled');
    expect(res.text).to.contain(`data-live-url="${base(id)}/status.json"`);
    expect(res.text).to.contain('data-live-pill>Offline');
    for (const label of ['WireGuard', 'AmneziaWG', 'OpenVPN', 'IKEv2']) expect(res.text).to.match(new RegExp(`data-config-url="[^"]+" data-download-url="[^"]+" >View ${label}<`));
    expect(res.text).to.contain('/plugins/puqvpncp/assets/admin-service.js');
    expect(res.text).to.contain('<h2>Module log</h2>');
    expect(res.text).not.to.contain(FAKE_PANEL_TOKEN);
    expect(res.text).not.to.contain('<script>');
  });

  it('renders the same blocks from a v1-shaped panel, its JSON endpoints included', async () => {
    w.fra.setVariant('v1');
    try {
      const id = await activeService('pagev1');
      const client = w.fra.state.client('pagev1');
      w.fra.setOnline('pagev1', [{ protocol: 'ikev2' }]);
      const res = await admin.get(`/admin/services/${id}`);
      expect(res.text).to.contain(`<td>${client.username}</td>`).and.to.contain(`<td>${client.ipv4}</td>`);
      expect(res.text).to.contain('pill-enabled">Enabled');
      expect(res.text).to.contain('Down: 100 Mbit/s · Up: 50 Mbit/s');
      const status = await admin.get(`${base(id)}/status.json`);
      expect(status.body.online).to.equal(true);
      expect(status.body.sessions[0]).to.include({ protocol: 'ikev2', label: 'IKEv2' });
      const config = await admin.get(`${base(id)}/config.json?protocol=ikev2`);
      expect(config.status, config.text).to.equal(200);
      expect(JSON.parse(config.body.text)).to.include({ type: 'ikev2-eap' });
    } finally {
      w.fra.setVariant('adopted');
    }
  });

  it('says Unlimited when the resolved bandwidth is 0 both ways', async () => {
    const id = await activeService('unlimited', 'fra-1', { download_mbps: 0, upload_mbps: 0 });
    const res = await admin.get(`/admin/services/${id}`);
    expect(res.text).to.contain('data-puq-bandwidth>Unlimited<');
  });

  it('greys out a protocol its network does not offer and says why', async () => {
    const id = await activeService('ovpnonly', 'fra-ovpn');
    const res = await admin.get(`/admin/services/${id}`);
    expect(res.text).to.contain('title="WireGuard is disabled on network fra-ovpn');
    expect(res.text).to.match(/protocol=wireguard" disabled>View WireGuard</);
    expect(res.text).to.match(/protocol=openvpn" >View OpenVPN</);
    expect(res.text).to.contain('badge badge-ikev2 off');
  });

  it('shows a panel-unreachable card within 3 s when the panel is down, and logs the failed read', async () => {
    const id = await activeService('downpage');
    await w.fra.down();
    try {
      const started = Date.now();
      const res = await admin.get(`/admin/services/${id}`);
      expect(Date.now() - started).to.be.below(3000);
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('<h2>Panel unreachable</h2>');
      expect(res.text).to.contain('ECONNREFUSED');
      expect(res.text).not.to.contain('data-live-url');
      expect(res.text).not.to.contain(FAKE_PANEL_TOKEN);
      const rows = await w.t.c.db('module_log').where({ service_id: id, action: 'admin-view' });
      expect(rows.length).to.be.above(0);
      expect(rows.every((r) => r.error)).to.equal(true);
    } finally {
      await w.fra.up();
    }
  });

  it('shows a panel-unreachable card within about 3 s when the panel never answers', async () => {
    const id = await activeService('hangpage');
    w.fra.hang('GET /client/:name').hang('GET /client/online');
    const started = Date.now();
    const res = await admin.get(`/admin/services/${id}`);
    expect(Date.now() - started).to.be.below(4000);
    expect(res.text).to.contain('<h2>Panel unreachable</h2>');
    expect(res.text).to.contain('no answer within');
  });

  it('renders a pending service without calling the panel and writes no module-log row for successful reads', async () => {
    const id = await w.service(await w.product(), { serverId: w.fraId });
    const res = await admin.get(`/admin/services/${id}`);
    expect(res.text).to.contain('No VPN client yet');
    expect(w.fra.requests).to.have.length(0);
    const active = await activeService('quiet');
    await admin.get(`/admin/services/${active}`);
    expect(await w.t.c.db('module_log').where({ service_id: active, action: 'admin-view' })).to.have.length(0);
  });

  it('answers offline with no sessions, not an error, when nobody is connected', async () => {
    const id = await activeService('idle');
    const res = await admin.get(`${base(id)}/status.json`);
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.body).to.include({ online: false });
    expect(res.body.sessions).to.deep.equal([]);
  });

  it("answers online with this client's sessions only, per protocol", async () => {
    const id = await activeService('busy');
    const other = await activeService('neighbour');
    expect(other).to.be.a('number');
    w.fra.setOnline('busy', [{ protocol: 'wireguard', transfer_rx: 1536, transfer_tx: 10 }, { protocol: 'openvpn', endpoint: '198.51.100.4:1194' }]);
    w.fra.setOnline('neighbour', [{ protocol: 'ikev2' }]);
    const res = await admin.get(`${base(id)}/status.json`);
    expect(res.body.online).to.equal(true);
    expect(res.body.sessions.map((s: { protocol: string }) => s.protocol)).to.deep.equal(['wireguard', 'openvpn']);
    expect(res.body.sessions[0]).to.include({ network: 'fra-1', ip: w.fra.state.client('busy').ipv4, transfer_rx: 1536, rx_text: '1.5 KB', tx_text: '10 B', label: 'WireGuard' });
    expect(res.body.sessions[0].latest_handshake).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(res.body.sessions[1].endpoint).to.equal('198.51.100.4:1194');
  });

  it('answers 502 quickly when the panel is down and 504 when it never answers', async () => {
    const id = await activeService('jsondown');
    w.fra.hang('GET /client/online');
    const slow = await admin.get(`${base(id)}/status.json`);
    expect(slow.status).to.equal(504);
    expect(slow.body.code).to.equal('panel_timeout');
    await w.fra.down();
    try {
      const started = Date.now();
      const down = await admin.get(`${base(id)}/status.json`);
      expect(Date.now() - started).to.be.below(3000);
      expect(down.status).to.equal(502);
      expect(down.body.code).to.equal('panel_unreachable');
      expect(down.body.error).to.contain('Frankfurt');
    } finally {
      await w.fra.up();
    }
  });

  it('answers the VPN client table without any password', async () => {
    const id = await activeService('tablejson');
    const res = await admin.get(`${base(id)}/client.json`);
    expect(res.status).to.equal(200);
    expect(res.body.client).to.include({ name: 'tablejson', network: 'fra-1', enabled: true, bandwidth: 'Down: 100 Mbit/s · Up: 50 Mbit/s' });
    expect(res.body.protocols.every((p: { enabled: boolean }) => p.enabled)).to.equal(true);
    expect(JSON.stringify(res.body)).not.to.contain(w.fra.state.client('tablejson').password);
  });

  it('gives each offered config to view with its QR, and as a download', async () => {
    const id = await activeService('configs');
    const wg = await admin.get(`${base(id)}/config.json?protocol=wireguard`);
    expect(wg.status).to.equal(200);
    expect(wg.headers['cache-control']).to.equal('no-store');
    expect(wg.body).to.include({ protocol: 'wireguard', label: 'WireGuard', filename: 'configs.conf' });
    expect(wg.body.text).to.contain('[Interface]');
    expect(wg.body.qr).to.match(/^data:image\/png;base64,/);
    const ike = await admin.get(`${base(id)}/config.json?protocol=ikev2`);
    expect(JSON.parse(ike.body.text)).to.include({ type: 'ikev2-eap' });
    expect(ike.body.qr).to.equal(null);
    const file = await admin.get(`${base(id)}/config-file?protocol=openvpn`).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done(null, text));
    });
    expect(file.status).to.equal(200);
    expect(file.headers['content-type']).to.contain('application/x-openvpn-profile');
    expect(file.headers['content-disposition']).to.match(/^attachment; filename="?configs\.ovpn"?$/);
    expect(file.body).to.contain('remote ').and.to.contain('<ca>');
  });

  it('refuses a protocol the network does not offer with 409 and an unknown one with 422', async () => {
    const id = await activeService('noikev', 'fra-ovpn');
    const off = await admin.get(`${base(id)}/config.json?protocol=wireguard`);
    expect(off.status).to.equal(409);
    expect(off.body).to.deep.equal({ error: 'WireGuard is disabled on network fra-ovpn', code: 'protocol_disabled' });
    const bad = await admin.get(`${base(id)}/config.json?protocol=pptp`);
    expect(bad.status).to.equal(422);
    expect(bad.body.fields).to.have.property('protocol');
  });

  it('answers 409 for a service without a client, 404 for an unknown one, and nothing to a customer', async () => {
    const pending = await w.service(await w.product(), { serverId: w.fraId });
    expect((await admin.get(`${base(pending)}/status.json`)).status).to.equal(409);
    expect((await admin.get(`${base(99999)}/status.json`)).status).to.equal(404);
    const id = await activeService('private');
    const customer = await buildClient(w.t.c);
    const { agent } = await loginAs(w.t.app, customer.email, 'client', PASSWORD);
    const res = await agent.get(`${base(id)}/config.json?protocol=wireguard`);
    expect(res.status).to.equal(404);
    expect(res.text).not.to.contain('[Interface]');
    const anonymous = await request(w.t.app).get(`${base(id)}/status.json`);
    expect(anonymous.status).to.equal(302);
  });
});
