import { expect } from 'chai';
import { PanelProtocolError, PanelRejectedError } from '../../../plugins/puqvpncp/server/panel/panel-errors.js';
import type { PanelClient } from '../../../plugins/puqvpncp/server/panel/panel-client.js';
import { notReadyReason } from '../../../plugins/puqvpncp/server/panel/panel-types.js';
import { rejectionOf, useFakePanel, withRawServer } from './panel-test-helpers.js';

/** Everything the portal reads from a panel, through the one client. */
async function readEverything(c: PanelClient, name: string) {
  const [status, license, networks, network, ips, client, online, wg, wgQr, ovpn, ikev2, awg, awgQr, traffic] = await Promise.all([
    c.systemStatus(), c.license(), c.networks(), c.network('main'), c.availableIps('main'), c.getClient(name), c.online(),
    c.wireguardConfig(name), c.wireguardQr(name), c.openvpnProfile(name), c.ikev2Profile(name), c.amneziawgConfig(name), c.amneziawgQr(name), c.traffic(name, 2026, 3),
  ]);
  return { status, license, networks, network, ips, client, online, wg, wgQr, ovpn, ikev2, awg, awgQr, traffic };
}

describe('PanelClient against the v1 shapes of a real panel', () => {
  const { panel, client, logs } = useFakePanel();
  afterEach(() => panel.setVariant('adopted'));

  it('reads every endpoint of a v1-shaped panel into exactly what the adopted shapes give', async () => {
    const seeded = panel.seedClient({ name: 'vera', network_name: 'main', createdAt: '2026-03-01T00:00:00Z' });
    panel.setOnline('vera', [{ protocol: 'wireguard', transfer_rx: 10, transfer_tx: 20 }]);
    panel.setTraffic('vera', '2026-03-02', 5_000, 600);
    const adopted = await readEverything(client(), 'vera');
    panel.setVariant('v1');
    const v1 = await readEverything(client(), 'vera');
    // the status word differs ("OK" for "running"); both mean ready
    expect(v1.status.status).to.equal('OK');
    expect([notReadyReason(v1.status), notReadyReason(adopted.status)]).to.deep.equal([null, null]);
    v1.status.status = adopted.status.status;
    for (const key of Object.keys(adopted) as (keyof typeof adopted)[]) expect(v1[key], key).to.deep.equal(adopted[key]);
    expect(v1.client).to.include({ name: 'vera', network_name: 'main', ipv4: seeded.ipv4, status: 'enable', b_download: 0 });
    expect(v1.status.count_accounts).to.equal(1);
    expect(v1.networks.map((n) => n.name)).to.include('main');
    expect(v1.online.rows[0]).to.include({ name: 'vera', protocol: 'wireguard', transfer_tx: 20 });
    expect(v1.wgQr).to.match(/^data:image\/png;base64,/);
    expect(v1.traffic.find((r) => r.date === '2026-03-02')).to.deep.equal({ date: '2026-03-02', traffic_download: 5_000, traffic_upload: 600 });
    expect(panel.variant).to.equal('v1');
  });

  it('writes to a v1-shaped panel and reads its answers: create, caps, status, one-time link, delete in every answer form', async () => {
    panel.setVariant('v1');
    const c = client();
    const created = await c.createClient({ name: 'wes', network_name: 'main' });
    expect(created).to.include({ name: 'wes', network_name: 'main', status: 'enable' });
    expect((await c.updateClient('wes', { b_download: 30, b_upload: 10 })).b_download).to.equal(30);
    expect((await c.updateClient('wes', { status: 'disable' })).status).to.equal('disable');
    expect(await c.oneTimeLink('wes')).to.match(/^http:\/\/127\.0\.0\.1:\d+\/otl\/[0-9a-f]+$/);
    // DELETE answers "success", {}, null or no data at all, in turn
    for (let i = 0; i < 4; i++) {
      const name = `del-${i}`;
      await c.createClient({ name });
      await c.deleteClient(name);
      expect(panel.state.clients.has(name)).to.equal(false);
    }
  });

  it('recognises "taken" and "not found" by their message when the panel answers them with a plain 400', async () => {
    panel.setVariant('v1');
    panel.seedClient({ name: 'taken' });
    const taken = (await rejectionOf(client().createClient({ name: 'taken' }))) as PanelRejectedError;
    expect(taken.httpStatus).to.equal(400);
    expect(taken.isNameTaken()).to.equal(true);
    const missing = (await rejectionOf(client().getClient('nobody'))) as PanelRejectedError;
    expect(missing).to.include({ httpStatus: 400 });
    expect(missing.isNotFound()).to.equal(true);
    expect(missing.isNameTaken()).to.equal(false);
  });

  it('reads the online list row by row: an unreadable row is skipped and logged, the others still count', async () => {
    const rows = [{ name: 'ok-1', protocol: 'wireguard' }, { protocol: 'openvpn', transfer_rx: 'lots' }, { name: 'ok-2', protocol: 'IKEv2', transfer_tx: '7' }];
    await withRawServer(
      (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ result: 'OK', data: rows })),
      async (port) => {
        const list = await client({}, { port }).online();
        expect(list.rows.map((r) => r.name)).to.deep.equal(['ok-1', 'ok-2']);
        expect(list.rows[1]).to.include({ protocol: 'ikev2', transfer_tx: 7 });
        expect(list.skipped).to.have.length(1);
        expect(list.skipped[0]).to.contain('data[1].name');
        expect(logs.some((l) => l.error?.includes('skipped 1 row(s) of the online list') && l.error.includes('data[1].name'))).to.equal(true);
      },
    );
  });

  it('fails a call only for a field the portal uses, naming it in the error and the module log', async () => {
    const answer = { name: 'x', ipv4: 'not-an-ip', colour: { nested: [1, 2] }, extra: 'ignored' };
    await withRawServer(
      (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ result: 'ok', data: answer })),
      async (port) => {
        const err = await rejectionOf(client({}, { port }).getClient('x'));
        expect(err).to.be.instanceOf(PanelProtocolError);
        expect(err.message).to.contain('data.ipv4: expected an IPv4 address');
        expect(logs.at(-1)?.error).to.contain('data.ipv4');
      },
    );
    await withRawServer(
      (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ result: 'OK', data: { name: 'x', colour: 'teal', ipv4: '10.1.2.3/32' } })),
      async (port) => {
        expect((await client({}, { port }).getClient('x')).ipv4).to.equal('10.1.2.3');
      },
    );
  });

  it('takes the name asked for when a client answer leaves it out', async () => {
    await withRawServer(
      (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ result: 'OK', data: { network: 'main', ipv4: '10.9.9.9' } })),
      async (port) => {
        expect(await client({}, { port }).getClient('asked')).to.include({ name: 'asked', network_name: 'main' });
      },
    );
  });
});
