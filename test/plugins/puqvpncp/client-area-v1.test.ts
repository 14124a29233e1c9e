import { expect } from 'chai';
import { BASE, useClientAreaWorld } from './client-area-helpers.js';

describe('client area against a v1-shaped panel', () => {
  const w = useClientAreaWorld();
  const get = (path: string) => w.customer.agent.get(`${BASE}${path}`).set('Accept', 'application/json');
  beforeEach(() => w.panel.setVariant('v1'));
  afterEach(() => w.panel.setVariant('adopted'));

  it('shows the service page with the panel\'s facts read from the v1 shapes', async () => {
    const s = await w.active({ serverId: await w.freshServer() });
    w.panel.state.updateClient(s.name, { b_download: 100, b_upload: 0 });
    const res = await w.customer.agent.get(`/services/${s.id}`);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain(`<code>${s.username}</code>`);
    expect(res.text).to.contain(s.ipv4);
    expect(res.text).to.match(/pill-enabled[^>]*>Enabled/);
    expect(res.text).to.contain('100 Mbit/s');
    expect(res.text).not.to.contain('temporarily unavailable');
    // every protocol of the default network has its card
    for (const protocol of ['wireguard', 'amneziawg', 'openvpn', 'ikev2']) expect(res.text).to.contain(`${BASE}/services/${s.id}/configs/${protocol}.json`);
  });

  it('serves configs, QR codes, the strongSwan profile and the online status from v1 answers', async () => {
    const s = await w.active({ serverId: await w.freshServer() });
    w.panel.setOnline(s.name, [{ protocol: 'amneziawg', transfer_tx: 2048 }]);
    const wg = await get(`/services/${s.id}/configs/wireguard.json`);
    expect(wg.status, wg.text).to.equal(200);
    expect(wg.body.text).to.contain('[Interface]');
    expect(wg.body.qr).to.match(/^data:image\/png;base64,/);
    const ikev2 = await w.customer.agent.get(`${BASE}/services/${s.id}/download/ikev2`);
    expect(ikev2.status).to.equal(200);
    expect(JSON.parse(ikev2.text)).to.include({ type: 'ikev2-eap' });
    const status = await get(`/services/${s.id}/status.json`);
    expect(status.body).to.include({ available: true, online: true });
    expect(status.body.sessions[0]).to.include({ protocol: 'amneziawg', label: 'AmneziaWG', downloaded: '2.0 kB' });
    const link = await w.customer.agent.post(`${BASE}/services/${s.id}/one-time-link.json`).set('x-csrf-token', w.customer.csrf).set('Accept', 'application/json');
    expect(link.status).to.equal(200);
    expect(link.body.url).to.match(/\/otl\/[0-9a-f]+$/);
  });

  it('shows the month\'s traffic from numbers sent as strings', async () => {
    const s = await w.active({ serverId: await w.freshServer() });
    w.panel.setTraffic(s.name, '2026-11-03', 3_000_000, 1_000);
    const res = await w.customer.agent.get(`${BASE}/services/${s.id}/traffic`);
    expect(res.status).to.equal(200);
    expect(res.text).not.to.contain('temporarily unavailable');
    expect(res.text).to.contain('3.0 MB');
  });

  it('hands a customer no config larger than its limit: the card is "temporarily unavailable"', async () => {
    const s = await w.active({ serverId: await w.freshServer() });
    w.panel.flood('GET /client/:name/config/text', { bytes: 2 * 1024 * 1024 });
    const res = await get(`/services/${s.id}/configs/wireguard.json`);
    expect(res.status).to.equal(503);
    expect(res.body.code).to.equal('vpn_server_unavailable');
    expect(res.text.length).to.be.below(1000);
  });
});
