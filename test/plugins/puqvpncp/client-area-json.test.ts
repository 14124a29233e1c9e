import { expect } from 'chai';
import request from 'supertest';
import { BASE, useClientAreaWorld } from './client-area-helpers.js';

describe('client area JSON endpoints and downloads', () => {
  const w = useClientAreaWorld();
  const get = (path: string) => w.customer.agent.get(`${BASE}${path}`).set('Accept', 'application/json');
  const otl = (id: number, csrf = w.customer.csrf) => w.customer.agent.post(`${BASE}/services/${id}/one-time-link.json`).set('x-csrf-token', csrf).set('Accept', 'application/json');

  /** Asserts a JSON error body of the documented shape and returns it. */
  function jsonError(res: request.Response, status: number, code: string): { error: string; code: string } {
    expect(res.status, res.text).to.equal(status);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.body).to.include({ code });
    expect(res.body.error).to.be.a('string').and.not.equal('');
    return res.body;
  }

  describe('status.json', () => {
    it('answers Online with one row per connected protocol when the client has sessions', async () => {
      const s = await w.active({ serverId: await w.freshServer() });
      w.panel.setOnline(s.name, [{ protocol: 'wireguard', transfer_tx: 3_000, transfer_rx: 999 }, { protocol: 'openvpn', ip: '10.8.0.5' }]);
      const res = await get(`/services/${s.id}/status.json`);
      expect(res.status).to.equal(200);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.body).to.include({ available: true, online: true });
      expect(res.body.sessions.map((r: { protocol: string }) => r.protocol)).to.deep.equal(['wireguard', 'openvpn']);
      expect(res.body.sessions[0]).to.include({ label: 'WireGuard', network: 'main', downloaded: '3.0 kB', uploaded: '999 bytes', handshakeAgo: 'now' });
      expect(res.body.checkedLabel).to.match(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d:\d\d [AP]M UTC$/);
    });

    it('answers Offline with no rows when the online list is empty or lists only others', async () => {
      const s = await w.active({ serverId: await w.freshServer() });
      const someoneElse = await w.active({ clientId: w.other.id });
      w.panel.setOnline(someoneElse.name, [{ protocol: 'wireguard' }]);
      const res = await get(`/services/${s.id}/status.json`);
      expect(res.body).to.include({ available: true, online: false });
      expect(res.body.sessions).to.deep.equal([]);
    });

    it('serves the online list from a short cache when polled repeatedly', async () => {
      const s = await w.active({ serverId: await w.freshServer() });
      for (let i = 0; i < 3; i++) expect((await get(`/services/${s.id}/status.json`)).status).to.equal(200);
      expect(w.panel.requestsTo('GET', '/client/online')).to.have.length(1);
    });

    it('answers a JSON 404 when the service is another customer\'s', async () => {
      const theirs = await w.active({ clientId: w.other.id });
      jsonError(await get(`/services/${theirs.id}/status.json`), 404, 'not_found');
      jsonError(await get('/services/0/status.json'), 404, 'not_found');
    });

    for (const status of ['pending', 'suspended', 'terminated', 'failed'] as const) {
      it(`answers a JSON 409 without calling the panel when the service is ${status}`, async () => {
        const s = await w.inState(status);
        w.panel.requests.length = 0;
        const body = jsonError(await get(`/services/${s.id}/status.json`), 409, `service_${status}`);
        expect(body.error).to.contain({ pending: 'being set up', suspended: 'suspended', terminated: 'terminated', failed: 'could not be set up' }[status]);
        expect(w.panel.requests).to.have.length(0);
      });
    }

    it('answers a JSON 503 without the panel\'s address when the panel is down', async () => {
      const s = await w.active({ serverId: await w.freshServer() });
      await w.panel.down();
      try {
        const body = jsonError(await get(`/services/${s.id}/status.json`), 503, 'vpn_server_unavailable');
        expect(JSON.stringify(body)).not.to.contain('127.0.0.1');
      } finally {
        await w.panel.up();
      }
    });

    it('answers a JSON 503 when the panel sends something that is not its protocol', async () => {
      const s = await w.active({ serverId: await w.freshServer() });
      w.panel.malformed('GET /client/online');
      jsonError(await get(`/services/${s.id}/status.json`), 503, 'vpn_server_unavailable');
    });

    it('answers a JSON 503 within about 3 s when the panel hangs', async () => {
      const s = await w.active({ serverId: await w.freshServer() });
      w.panel.hang('GET /client/online');
      const started = Date.now();
      jsonError(await get(`/services/${s.id}/status.json`), 503, 'vpn_server_unavailable');
      expect(Date.now() - started).to.be.below(4000);
    });

    it('answers JSON even when the client does not ask for it', async () => {
      const theirs = await w.active({ clientId: w.other.id });
      const res = await w.customer.agent.get(`${BASE}/services/${theirs.id}/status.json`);
      jsonError(res, 404, 'not_found');
    });
  });

  describe('configs/<protocol>.json', () => {
    it('answers the WireGuard config text and QR code when WireGuard is enabled', async () => {
      const s = await w.active();
      const res = await get(`/services/${s.id}/configs/wireguard.json`);
      expect(res.status).to.equal(200);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.body).to.include({ protocol: 'wireguard', label: 'WireGuard', fileName: `${s.name}.conf` });
      expect(res.body.text).to.contain('[Interface]');
      expect(res.body.qr).to.match(/^data:image\/png;base64,/);
    });

    it('answers the AmneziaWG config with its QR and the OpenVPN profile without one', async () => {
      const s = await w.active();
      const awg = await get(`/services/${s.id}/configs/amneziawg.json`);
      expect(awg.body.text).to.match(/Jc\s*=/);
      expect(awg.body.qr).to.match(/^data:image\/png;base64,/);
      const ovpn = await get(`/services/${s.id}/configs/openvpn.json`);
      expect(ovpn.body.text).to.contain('client');
      expect(ovpn.body.qr).to.equal(null);
    });

    it('answers a JSON 404 when the protocol is not enabled on the network or unknown', async () => {
      const s = await w.active({ network: 'eu-ovpn' });
      const body = jsonError(await get(`/services/${s.id}/configs/wireguard.json`), 404, 'not_found');
      expect(body.error).to.contain('WireGuard is not enabled');
      jsonError(await get(`/services/${s.id}/configs/telnet.json`), 404, 'not_found');
    });

    it('answers a JSON 404 when the service is another customer\'s', async () => {
      const theirs = await w.active({ clientId: w.other.id });
      jsonError(await get(`/services/${theirs.id}/configs/wireguard.json`), 404, 'not_found');
    });

    it('answers a JSON 503 when the panel cannot give the config', async () => {
      const s = await w.active({ serverId: await w.freshServer() });
      w.panel.status('GET /client/:name/config/text', 500);
      jsonError(await get(`/services/${s.id}/configs/wireguard.json`), 503, 'vpn_server_unavailable');
    });
  });

  describe('downloads', () => {
    const cases = [
      ['wireguard', '.conf', /^text\/plain/, '[Interface]'],
      ['amneziawg', '-awg.conf', /^text\/plain/, '[Interface]'],
      ['openvpn', '.ovpn', /^application\/x-openvpn-profile/, 'client'],
      ['ikev2', '.sswan', /^application\/vnd\.strongswan\.profile/, '"ikev2-eap"'],
    ] as const;
    for (const [protocol, suffix, type, content] of cases) {
      it(`sends the ${protocol} file as an attachment with a safe name`, async () => {
        const s = await w.active();
        const res = await w.customer.agent.get(`${BASE}/services/${s.id}/download/${protocol}`).buffer(true).parse((r, cb) => {
          let text = '';
          r.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          r.on('end', () => cb(null, text));
        });
        expect(res.status).to.equal(200);
        expect(res.headers['content-disposition']).to.equal(`attachment; filename="${s.name}${suffix}"`);
        expect(res.headers['content-type']).to.match(type);
        expect(res.headers['cache-control']).to.equal('no-store');
        expect(res.body as string).to.contain(content);
      });
    }

    it('parses the IKEv2 profile as JSON with the client\'s username', async () => {
      const s = await w.active();
      const res = await w.customer.agent.get(`${BASE}/services/${s.id}/download/ikev2`).buffer(true).parse((r, cb) => {
        let text = '';
        r.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        r.on('end', () => cb(null, text));
      });
      const profile = JSON.parse(res.body as string);
      expect(profile).to.include({ type: 'ikev2-eap' });
      expect(profile.local.eap_id).to.equal(s.username);
    });

    it('answers 404 for another customer\'s service and for a protocol the network lacks', async () => {
      const theirs = await w.active({ clientId: w.other.id });
      expect((await w.customer.agent.get(`${BASE}/services/${theirs.id}/download/wireguard`)).status).to.equal(404);
      const mine = await w.active({ network: 'eu-ovpn' });
      expect((await w.customer.agent.get(`${BASE}/services/${mine.id}/download/wireguard`)).status).to.equal(404);
      expect((await w.customer.agent.get(`${BASE}/services/${mine.id}/download/..%2F..%2Fetc`)).status).to.equal(404);
    });

    it('answers 409 without calling the panel when the service is terminated', async () => {
      const s = await w.inState('terminated');
      w.panel.requests.length = 0;
      expect((await w.customer.agent.get(`${BASE}/services/${s.id}/download/wireguard`)).status).to.equal(409);
      expect(w.panel.requests).to.have.length(0);
    });
  });

  describe('one-time-link.json', () => {
    it('answers a fresh single-use link when posted with the CSRF token', async () => {
      const s = await w.active();
      const res = await otl(s.id);
      expect(res.status, res.text).to.equal(200);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.body.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/otl\/[0-9a-f]+$/);
      expect(w.panel.requestsTo('POST', `/client/${s.name}/otl`)).to.have.length(1);
      const second = await otl(s.id);
      expect(second.body.url).not.to.equal(res.body.url);
    });

    it('refuses the POST without a CSRF token, with a JSON 403 and no panel call', async () => {
      const s = await w.active();
      w.panel.requests.length = 0;
      jsonError(await w.customer.agent.post(`${BASE}/services/${s.id}/one-time-link.json`), 403, 'csrf_invalid');
      expect(w.panel.requests).to.have.length(0);
    });

    it('has no GET form, so a preloaded link cannot use it up', async () => {
      const s = await w.active();
      jsonError(await get(`/services/${s.id}/one-time-link.json`), 404, 'not_found');
      expect(w.panel.requestsTo('POST', `/client/${s.name}/otl`)).to.have.length(0);
    });

    it('answers a JSON 404 for another customer\'s service and a 409 for a suspended one', async () => {
      const theirs = await w.active({ clientId: w.other.id });
      jsonError(await otl(theirs.id), 404, 'not_found');
      const suspended = await w.inState('suspended');
      jsonError(await otl(suspended.id), 409, 'service_suspended');
    });

    it('answers a JSON 503 when the panel refuses', async () => {
      const s = await w.active();
      w.panel.status('POST /client/:name/otl', 500);
      jsonError(await otl(s.id), 503, 'vpn_server_unavailable');
    });
  });

  it('sends an anonymous visitor to the login page instead of answering', async () => {
    const s = await w.active();
    const res = await request(w.t.app).get(`${BASE}/services/${s.id}/status.json`);
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.match(/^\/login\?next=/);
  });
});
