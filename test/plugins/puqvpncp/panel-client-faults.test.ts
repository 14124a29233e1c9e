import { expect } from 'chai';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { DEFAULT_PANEL_PORT, PanelClient } from '../../../plugins/puqvpncp/server/panel/panel-client.js';
import {
  PanelAuthError,
  PanelProtocolError,
  PanelRejectedError,
  PanelUnreachableError,
} from '../../../plugins/puqvpncp/server/panel/panel-errors.js';
import { rejectionOf, SELF_SIGNED_TLS, useFakePanel, withRawServer } from './panel-test-helpers.js';

describe('PanelClient when the panel misbehaves', () => {
  const { panel, logs, client } = useFakePanel();

  it('maps a refused connection, retries the GET twice, and works again after up()', async () => {
    await panel.down();
    try {
      const err = (await rejectionOf(client().systemStatus())) as PanelUnreachableError;
      expect(err).to.be.instanceOf(PanelUnreachableError);
      expect(err).to.include({ kind: 'refused', status: 502, code: 'panel_unreachable' });
      expect(err.message).to.include('Panel "fake-panel"').and.include('refused').and.include(`127.0.0.1:${panel.port}`);
      expect(logs).to.have.length(3);
    } finally {
      await panel.up();
    }
    expect((await client().systemStatus()).version).to.equal('2.3.0');
  });

  it('maps an unresolvable hostname to dns and uses the default port when none is stored', async () => {
    const err = (await rejectionOf(client({}, { hostname: 'panel.invalid', port: 0 }).systemStatus())) as PanelUnreachableError;
    expect(err.kind).to.equal('dns');
    expect(err.site.address).to.equal(`panel.invalid:${DEFAULT_PANEL_PORT}`);
    expect(err.message).to.include('hostname');
    expect(logs).to.have.length(1);
  });

  it('gives up on a slow panel within the response timeout (GET retries included)', async () => {
    panel.slow('GET /system/status', 3000);
    const started = Date.now();
    const err = (await rejectionOf(client({ responseTimeoutMs: 200 }).systemStatus())) as PanelUnreachableError;
    expect(Date.now() - started).to.be.lessThan(1000);
    expect(err).to.include({ kind: 'timeout', status: 504, code: 'panel_timeout' });
    // the message gives the time really waited, retries included, not one attempt's timeout
    expect(err.message).to.match(/no answer within (\d+) ms \(3 attempts\)/);
    expect(Number(/within (\d+) ms/.exec(err.message)?.[1])).to.be.at.least(600).and.below(Date.now() - started + 50);
    expect(panel.requestsTo('GET', '/system/status')).to.have.length(3);
  });

  it("takes the response timeout from the server record when the options don't set one", async () => {
    panel.hang('GET /license');
    const started = Date.now();
    const err = (await rejectionOf(client({}, { responseTimeoutMs: 150 }).license())) as PanelUnreachableError;
    expect(err.kind).to.equal('timeout');
    expect(Date.now() - started).to.be.lessThan(1000);
  });

  it('never retries a POST that timed out', async () => {
    panel.hang('POST /client');
    const err = (await rejectionOf(client({ responseTimeoutMs: 200 }).createClient({ name: 'slowpoke' }))) as PanelUnreachableError;
    expect(err.kind).to.equal('timeout');
    expect(panel.requestsTo('POST', '/client')).to.have.length(1);
  });

  it('bounds the connect phase separately (a TLS handshake that never completes)', async () => {
    const silent: NetServer = createNetServer(() => undefined);
    const held = new Set<Socket>();
    silent.on('connection', (s: Socket) => held.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const started = Date.now();
      const err = (await rejectionOf(client({ connectTimeoutMs: 150, responseTimeoutMs: 5000 }, { port, secure: true }).deleteClient('x'))) as PanelUnreachableError;
      expect(Date.now() - started).to.be.lessThan(1000);
      expect(err.kind).to.equal('timeout');
      expect(err.message).to.include('could not connect within 150 ms');
    } finally {
      for (const s of held) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('maps a lost answer to reset without repeating the POST, though the panel applied it', async () => {
    panel.dropAnswerAfterApply('POST /client');
    const err = (await rejectionOf(client().createClient({ name: 'ghost' }))) as PanelUnreachableError;
    expect(err).to.include({ kind: 'reset', status: 502 });
    expect(err.message).to.include('may or may not have been applied');
    expect(panel.state.clients.has('ghost')).to.equal(true);
    expect(panel.requestsTo('POST', '/client')).to.have.length(1);
  });

  for (const code of [429, 502, 503, 504]) {
    it(`retries a GET after HTTP ${code} and succeeds`, async () => {
      panel.status('GET /network', code, 1);
      expect(await client().networks()).to.have.length(2);
      expect(panel.requestsTo('GET', '/network')).to.have.length(2);
      expect(logs.map((l) => l.httpStatus)).to.deep.equal([code, 200]);
      expect(logs[0]?.error).to.include('will retry');
    });
  }

  it('stops after two retries when the panel stays unavailable', async () => {
    panel.status('GET /network', 503);
    const err = (await rejectionOf(client().networks())) as PanelRejectedError;
    expect(err).to.be.instanceOf(PanelRejectedError);
    expect(err.httpStatus).to.equal(503);
    expect(panel.requestsTo('GET', '/network')).to.have.length(3);
  });

  it('never retries a POST after a 503', async () => {
    panel.status('POST /client', 503, 1);
    const err = (await rejectionOf(client().createClient({ name: 'once' }))) as PanelRejectedError;
    expect(err.httpStatus).to.equal(503);
    expect(panel.requestsTo('POST', '/client')).to.have.length(1);
    expect(panel.state.clients.has('once')).to.equal(false);
  });

  it('does not retry an HTTP 500 (only 429, 502, 503 and 504 are transient)', async () => {
    panel.status('GET /license', 500);
    await rejectionOf(client().license());
    expect(panel.requestsTo('GET', '/license')).to.have.length(1);
  });

  it('reports a refused token as PanelAuthError without echoing it', async () => {
    const secretToken = 'wrong-token-0123456789';
    const err = (await rejectionOf(client({}, { apiToken: secretToken }).systemStatus())) as PanelAuthError;
    expect(err).to.be.instanceOf(PanelAuthError);
    expect(err).to.include({ status: 502, code: 'panel_token_refused', httpStatus: 401 });
    expect(err.message).to.include('the panel refused the API token');
    expect(err.message).not.to.include(secretToken);
    expect(JSON.stringify(logs)).not.to.include(secretToken);
    expect(panel.requests).to.have.length(1);
  });

  it('treats 403 (IP not allowed) as a refused token too', async () => {
    panel.status('GET /network', 403);
    const err = (await rejectionOf(client().networks())) as PanelAuthError;
    expect(err).to.be.instanceOf(PanelAuthError);
    expect(err.httpStatus).to.equal(403);
  });

  it('reports a non-JSON 200 as a protocol error, not retried', async () => {
    panel.malformed('GET /system/status');
    const err = await rejectionOf(client().systemStatus());
    expect(err).to.be.instanceOf(PanelProtocolError);
    expect(err).to.include({ status: 502, code: 'panel_protocol_error' });
    expect(err.message).to.include('not a puqVPNcp panel answer').and.include('not JSON');
    expect(panel.requests).to.have.length(1);
  });

  it('reads a 200 carrying the error envelope as the panel saying no, and any other result as a protocol error', async () => {
    panel.notOk('GET /network', 'ERROR');
    const refused = await rejectionOf(client().networks());
    expect(refused).to.be.instanceOf(PanelRejectedError);
    expect(refused).to.include({ httpStatus: 200, panelMessage: 'Injected failure' });
    await withRawServer(
      (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ result: 'FAIL', data: [] })),
      async (port) => {
        const fail = await rejectionOf(client({}, { port }).networks());
        expect(fail).to.be.instanceOf(PanelProtocolError);
        expect(fail.message).to.include('"FAIL"');
      },
    );
  });

  it('reads an error envelope whose empty errors come as [] (PHP style)', async () => {
    await withRawServer(
      (_req, res) => res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ result: 'ERROR', message: 'Client not found', errors: [] })),
      async (port) => {
        const err = (await rejectionOf(client({}, { port }).deleteClient('gone'))) as PanelRejectedError;
        expect(err).to.be.instanceOf(PanelRejectedError);
        expect(err.isNotFound()).to.equal(true);
        expect(err.panelFields).to.deep.equal({});
      },
    );
  });

  it('reports data of the wrong shape, naming the field', async () => {
    await withRawServer(
      (_req, res) => res.end(JSON.stringify({ result: 'OK', message: '', data: { version: '2.3.0', count_accounts: 'many', count_accounts_available: 5, status: 'x' } })),
      async (port) => {
        const err = await rejectionOf(client({}, { port }).systemStatus());
        expect(err).to.be.instanceOf(PanelProtocolError);
        expect(err.message).to.include('data.count_accounts');
      },
    );
  });

  it('reports an HTML 404 (wrong port or path) as a protocol error and a redirect as a hint', async () => {
    await withRawServer(
      (req, res) => {
        if (req.url === '/api/v1/license') return res.writeHead(301, { Location: 'https://127.0.0.1/api/v1/license' }).end();
        res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not Found</h1>');
      },
      async (port) => {
        const c = client({}, { port });
        expect(await rejectionOf(c.networks())).to.be.instanceOf(PanelProtocolError);
        const redirect = await rejectionOf(c.license());
        expect(redirect).to.be.instanceOf(PanelProtocolError);
        expect(redirect.message).to.include('tick HTTPS');
      },
    );
  });

  it('rejects a self-signed certificate unless the admin allowed it', async () => {
    const tlsPanel = new FakePanel({ tls: SELF_SIGNED_TLS });
    await tlsPanel.start();
    try {
      const strict = new PanelClient(tlsPanel.serverRecord(), { retryBaseMs: 5 });
      const err = (await rejectionOf(strict.systemStatus())) as PanelUnreachableError;
      expect(err.kind).to.equal('tls');
      expect(err.message).to.include('allow self-signed');
      const lenient = new PanelClient(tlsPanel.serverRecord({ allowSelfSigned: true }));
      expect((await lenient.systemStatus()).version).to.equal('2.3.0');
    } finally {
      await tlsPanel.stop();
    }
  });
});
