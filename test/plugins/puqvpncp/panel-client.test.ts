import { expect } from 'chai';
import { PanelClient } from '../../../plugins/puqvpncp/server/panel/panel-client.js';
import { PanelRejectedError } from '../../../plugins/puqvpncp/server/panel/panel-errors.js';
import { rejectionOf, useFakePanel } from './panel-test-helpers.js';

describe('PanelClient against the fake panel', () => {
  const { panel, logs, client } = useFakePanel();

  describe('endpoints', () => {
    it('reads system status with licence-slot usage', async () => {
      panel.seedClient({ name: 'a1' });
      panel.seedClient({ name: 'a2' });
      const status = await client().systemStatus();
      expect(status).to.deep.equal({ version: '2.3.0', count_accounts: 2, count_accounts_available: 50, status: 'running' });
      expect(panel.requests[0]?.headers.authorization).to.equal(`Bearer ${panel.token}`);
    });

    it('reads the licence', async () => {
      const licence = await client().license();
      expect(licence.valid).to.equal(true);
      expect(licence.accounts).to.equal(50);
      expect(licence.expiration_date).to.match(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('lists networks and reads one with its protocols', async () => {
      const c = client();
      expect((await c.networks()).map((n) => n.name)).to.deep.equal(['main', 'eu-ovpn']);
      const eu = await c.network('eu-ovpn');
      expect(eu).to.include({ subnet: '10.0.7.0/24', wireguard: false, openvpn: true, ikev2: true, bandwidth_download: 100 });
    });

    it('turns an unknown network into a not-found rejection', async () => {
      const err = await rejectionOf(client().network('nowhere'));
      expect(err).to.be.instanceOf(PanelRejectedError);
      expect((err as PanelRejectedError).isNotFound()).to.equal(true);
      expect(err.message).to.include('Network not found').and.include('GET /network/nowhere');
    });

    it('lists free IPs, and an empty list once the network is full', async () => {
      const c = client();
      const free = await c.availableIps('main');
      expect(free).to.have.length(253);
      expect(free[0]).to.equal('10.0.6.2');
      panel.fillNetwork('main');
      expect(await c.availableIps('main')).to.deep.equal([]);
    });

    it('creates a client on a named network, sending only name and network_name', async () => {
      const created = await client().createClient({ name: 'vpn-1-2-abcd', network_name: 'eu-ovpn' });
      expect(created).to.include({ name: 'vpn-1-2-abcd', network_name: 'eu-ovpn', ipv4: '10.0.7.2', status: 'enable' });
      expect(created.username).to.match(/^user_\d+$/).and.not.equal(created.name);
      expect(panel.requestsTo('POST', '/client')[0]?.body).to.deep.equal({ name: 'vpn-1-2-abcd', network_name: 'eu-ovpn' });
      expect(panel.state.clients.get('vpn-1-2-abcd')?.password).to.equal(created.password);
    });

    it('creates a client without network_name and lets the panel choose', async () => {
      const created = await client().createClient({ name: 'free-choice' });
      expect(created.network_name).to.equal('main');
      expect(panel.requestsTo('POST', '/client')[0]?.body).to.deep.equal({ name: 'free-choice' });
    });

    it('updates bandwidth and status', async () => {
      panel.seedClient({ name: 'bob' });
      const updated = await client().updateClient('bob', { b_download: 50, b_upload: 10, status: 'disable' });
      expect(updated).to.include({ b_download: 50, b_upload: 10, status: 'disable' });
      expect(panel.state.clients.get('bob')).to.include({ b_download: 50, status: 'disable' });
      expect(panel.requestsTo('PUT', '/client/bob')[0]?.body).to.deep.equal({ b_download: 50, b_upload: 10, status: 'disable' });
    });

    it('deletes a client, and a second delete is a not-found rejection', async () => {
      panel.seedClient({ name: 'carol' });
      const c = client();
      await c.deleteClient('carol');
      expect(panel.state.clients.has('carol')).to.equal(false);
      const err = await rejectionOf(c.deleteClient('carol'));
      expect(err).to.be.instanceOf(PanelRejectedError);
      expect((err as PanelRejectedError).isNotFound()).to.equal(true);
      expect(err.message).to.include('Client not found');
    });

    it('reads a client with its panel-generated credentials', async () => {
      const seeded = panel.seedClient({ name: 'dave' });
      const read = await client().getClient('dave');
      expect(read).to.deep.equal({
        name: 'dave', network_name: 'main', ipv4: seeded.ipv4, username: seeded.username,
        password: seeded.password, status: 'enable', b_download: 0, b_upload: 0,
      });
    });

    it('accepts an empty online list as "nobody connected"', async () => {
      expect(await client().online()).to.deep.equal({ rows: [], skipped: [] });
    });

    it('lists online sessions', async () => {
      panel.seedClient({ name: 'erin' });
      panel.setOnline('erin', [{ protocol: 'amneziawg', transfer_rx: 1000, transfer_tx: 2000 }]);
      const { rows } = await client().online();
      expect(rows).to.have.length(1);
      expect(rows[0]).to.include({ name: 'erin', protocol: 'amneziawg', network: 'main', transfer_rx: 1000, transfer_tx: 2000 });
    });

    it('downloads WireGuard and AmneziaWG configs with the client key', async () => {
      const seeded = panel.seedClient({ name: 'frank' });
      const c = client();
      const wg = await c.wireguardConfig('frank');
      expect(wg).to.include('[Interface]').and.include('[Peer]').and.include(`PrivateKey = ${seeded.keys.privateKey}`);
      const awg = await c.amneziawgConfig('frank');
      for (const param of ['Jc', 'Jmin', 'Jmax', 'S1', 'S2', 'H1', 'H2', 'H3', 'H4']) expect(awg).to.match(new RegExp(`^${param} = \\d+$`, 'm'));
    });

    it('downloads QR codes as PNG data URLs', async () => {
      panel.seedClient({ name: 'gina' });
      const c = client();
      for (const qr of [await c.wireguardQr('gina'), await c.amneziawgQr('gina')]) {
        const png = Buffer.from(qr.replace('data:image/png;base64,', ''), 'base64');
        expect(png.subarray(1, 4).toString('latin1')).to.equal('PNG');
      }
    });

    it('downloads the OpenVPN profile and the strongSwan profile object', async () => {
      const seeded = panel.seedClient({ name: 'hank', network_name: 'eu-ovpn' });
      const c = client();
      expect(await c.openvpnProfile('hank')).to.match(/^client\n/).and.include('remote 127.0.0.1 1194');
      const profile = await c.ikev2Profile('hank');
      expect(profile.type).to.equal('ikev2-eap');
      expect(profile.local?.eap_id).to.equal(seeded.username);
      expect(profile.remote.addr).to.equal('127.0.0.1');
    });

    it('creates a one-time link that downloads the config once', async () => {
      panel.seedClient({ name: 'ivy' });
      const url = await client().oneTimeLink('ivy');
      expect(url).to.match(new RegExp(`^${panel.origin}/otl/[0-9a-f]{32}$`));
      const first = await fetch(url);
      expect(await first.text()).to.include('[Interface]');
      expect((await fetch(url)).status).to.equal(404);
    });

    it('reads a month of traffic, sending the month as two digits', async () => {
      panel.seedClient({ name: 'jack', createdAt: '2025-01-01' });
      panel.setTraffic('jack', '2025-03-05', 1_000_000, 200_000);
      const rows = await client().traffic('jack', 2025, 3);
      expect(panel.requests.at(-1)?.path).to.equal('/client/jack/traffic/2025/03');
      expect(rows.find((r) => r.date === '2025-03-05')).to.deep.equal({ date: '2025-03-05', traffic_download: 1_000_000, traffic_upload: 200_000 });
      expect(rows.every((r) => r.date.startsWith('2025-03-'))).to.equal(true);
    });

    it('refuses an impossible month before calling the panel', async () => {
      const err = await rejectionOf(client().traffic('jack', 2025, 13));
      expect(err).to.be.instanceOf(RangeError);
      expect(panel.requests).to.have.length(0);
    });

    it('URL-encodes client names in paths', async () => {
      await rejectionOf(client().getClient('a/b c'));
      expect(panel.requests[0]?.path).to.equal('/client/a%2Fb%20c');
    });
  });

  describe('panel refusals', () => {
    it('recognises a taken name (409)', async () => {
      panel.seedClient({ name: 'dup' });
      const err = (await rejectionOf(client().createClient({ name: 'dup' }))) as PanelRejectedError;
      expect(err).to.be.instanceOf(PanelRejectedError);
      expect(err).to.include({ status: 502, code: 'panel_rejected', httpStatus: 409 });
      expect(err.isNameTaken()).to.equal(true);
      expect(err.message).to.include('The name is already in use');
    });

    it('recognises an exhausted licence', async () => {
      panel.noLicenceSlots();
      const err = (await rejectionOf(client().createClient({ name: 'x1' }))) as PanelRejectedError;
      expect(err.isNoSlots()).to.equal(true);
      expect(err.isNetworkFull()).to.equal(false);
    });

    it('recognises a full network', async () => {
      panel.fillNetwork('main');
      const err = (await rejectionOf(client().createClient({ name: 'x2', network_name: 'main' }))) as PanelRejectedError;
      expect(err.isNetworkFull()).to.equal(true);
      expect(err.httpStatus).to.equal(422);
    });

    it("keeps the panel's field errors", async () => {
      const err = (await rejectionOf(client().createClient({ name: 'no spaces!' }))) as PanelRejectedError;
      expect(err.panelFields.name).to.match(/^Wrong name/);
      expect(err.message).to.include("Wrong name (only letters, numbers and '_', '-')");
    });
  });


  describe('module log', () => {
    it('writes one row per HTTP attempt with the call details', async () => {
      await client({ serviceId: 42, action: 'create' }).createClient({ name: 'logged' });
      expect(logs).to.have.length(1);
      const [row] = logs;
      expect(row).to.include({ serviceId: 42, serverId: 1, action: 'create', method: 'POST', path: '/client', httpStatus: 200, error: null });
      expect(row?.durationMs).to.be.a('number').and.at.least(0);
      expect(row?.request).to.deep.equal({ name: 'logged' });
    });

    it('names the action after the method when none is given', async () => {
      await client().license();
      expect(logs[0]?.action).to.equal('license');
    });

    it('never logs the token, passwords, keys, configs, QR codes or one-time links', async () => {
      const c = client();
      const created = await c.createClient({ name: 'secretive' });
      const wg = await c.wireguardConfig('secretive');
      const qr = await c.wireguardQr('secretive');
      const ovpn = await c.openvpnProfile('secretive');
      const profile = await c.ikev2Profile('secretive');
      const otl = await c.oneTimeLink('secretive');
      await c.getClient('secretive');
      const logged = JSON.stringify(logs);
      const key = panel.state.clients.get('secretive')?.keys.privateKey ?? 'missing';
      for (const secret of [panel.token, created.password, key, wg, qr.slice(30, 90), ovpn, profile.uuid, otl.split('/otl/')[1] ?? 'missing']) {
        expect(logged).not.to.include(secret);
      }
      expect(logged).to.include('***');
      expect(logs).to.have.length(7);
    });

    it('records the error of a failed attempt', async () => {
      panel.noLicenceSlots();
      await rejectionOf(client().createClient({ name: 'nope' }));
      expect(logs[0]?.httpStatus).to.equal(422);
      expect(logs[0]?.error).to.include('VPN account limit exceeded');
    });

    it('keeps working when the log writer fails', async () => {
      const broken = new PanelClient(panel.serverRecord(), { log: async () => Promise.reject(new Error('log store down')) });
      expect((await broken.systemStatus()).count_accounts).to.equal(0);
      const throwing = new PanelClient(panel.serverRecord(), {
        log: () => {
          throw new Error('sync failure');
        },
      });
      expect(await throwing.networks()).to.have.length(2);
    });
  });
});

