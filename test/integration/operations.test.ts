/**
 * What the person on call reads: /healthz, /readyz (503 while the database does not answer), /metrics
 * (only for METRICS_TOKEN or METRICS_ALLOW, with the named series filled by real requests, panel calls,
 * a usage pull, mails, webhooks and invoices) and one log line per request naming its route pattern.
 */
import { Writable } from 'node:stream';
import { expect } from 'chai';
import request from 'supertest';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { createLogger } from '../../server/logger.js';
import { buildActiveService, buildApiToken, buildClient, buildMeteredProduct } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { dialect } from '../support/test-db.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one series line, e.g. `portal_job_runs_total{job="usage-collect",status="succeeded"}`. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

describe(`operations: health, metrics and request logs (${dialect})`, function () {
  this.timeout(30000);
  const panel = new FakePanel();
  const lines: string[] = [];
  let t: TestApp;
  let token: string;
  before(async () => {
    await panel.start();
    const log = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    t = await buildTestApp({ env: { METRICS_TOKEN }, clock: () => new Date('2026-12-03T10:00:00Z'), log });
    token = await buildApiToken(t.c);
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });

  it('answers /healthz and /readyz without a session or a token', async () => {
    const health = await request(t.app).get('/healthz').expect(200);
    expect(health.body).to.deep.equal({ status: 'ok' });
    expect(health.headers['set-cookie']).to.equal(undefined);
    const ready = await request(t.app).get('/readyz').expect(200);
    expect(ready.body).to.deep.equal({ status: 'ready', database: 'ok' });
  });

  it('serves /metrics only with the bearer token', async () => {
    await request(t.app).get('/metrics').expect(401);
    await request(t.app).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789abcde').expect(401);
    const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(res.headers['content-type']).to.match(/^text\/plain/);
  });

  it('carries the named series, filled by requests, panel calls, a usage pull, mails, webhooks and invoices', async () => {
    const api = (method: 'get' | 'post', path: string) => request(t.app)[method](`/api/admin${path}`).set('Authorization', `Bearer ${token}`);
    const { server, product } = await buildMeteredProduct(t.c, panel, { price_per_gb: '0.05', included_gb: 0 });
    const client = await buildClient(t.c);
    const serviceId = await buildActiveService(t.c, panel, { clientId: client.id, productId: product.id, serverId: server.id, name: 'metrics-vpn-1' });
    panel.setTraffic('metrics-vpn-1', '2026-11-20', 2_000_000_000, 1).setTraffic('metrics-vpn-1', '2026-12-01', 1_000_000_000, 1);
    await api('get', `/services/${serviceId}`).expect(200);
    await api('post', '/usage/collect').send({ date: '2026-12-02' }).expect(200);
    await api('post', '/invoices/generate').send({ period: '2026-11' }).expect(200);
    await api('post', '/webhooks').send({ url: 'http://127.0.0.1:9/hook', secret: 'whsec-metrics-0123456789', events: ['service.suspended'] }).expect(201);
    await api('post', `/services/${serviceId}/actions/suspend`).send({}).expect(200);
    // a customer page view reads through the memo
    await request(t.app).get('/login').expect(200);

    const text = (await request(t.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text;
    expect(sample(text, 'portal_http_request_duration_seconds_count{method="GET",route="/api/admin/services/:id",status="200"}')).to.equal(1);
    expect(sample(text, 'portal_http_request_duration_seconds_count{method="POST",route="/api/admin/services/:id/actions/:action",status="200"}')).to.equal(1);
    expect(sample(text, `portal_panel_call_duration_seconds_count{server="${server.name}",kind="usage"}`)).to.be.greaterThan(0);
    expect(text).to.match(new RegExp(`portal_panel_call_duration_seconds_count\\{server="${server.name}",kind="suspend"\\} [1-9]`));
    expect(sample(text, 'portal_job_runs_total{job="usage-collect",status="succeeded"}')).to.equal(1);
    expect(sample(text, 'portal_job_run_duration_seconds_count{job="usage-collect"}')).to.equal(1);
    expect(sample(text, 'portal_usage_rows_stored_total')).to.be.greaterThan(0);
    // the suspension's notice and the invoice's invoice_issued mail
    expect(sample(text, 'portal_mails{status="queued"}')).to.equal(2);
    expect(sample(text, 'portal_mails{status="failed"}')).to.equal(0);
    expect(sample(text, 'portal_webhook_deliveries{status="queued"}')).to.equal(1);
    expect(sample(text, 'portal_invoices_issued')).to.equal(1);
    expect(text).to.match(/portal_memo_hits\{memo="settings\.get"\} \d+/);
    expect(text).to.match(/portal_memo_misses\{memo="settings\.get"\} [1-9]/);
    expect(text).to.include('portal_panel_call_errors_total');
  });

  it('writes one log line per request with the route pattern, status, time and user, never the raw path', async () => {
    lines.length = 0;
    await request(t.app).get('/reset/secret-reset-token-abcdef123456').expect((r) => expect(r.status).to.be.lessThan(500));
    await request(t.app).get('/no/such/page').expect(302);
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; req?: { method: string; route: string; status: number; ms: number; user: number | null } }).filter((l) => l.msg === 'request');
    expect(logged).to.have.length(2);
    expect(logged[0].req).to.include({ method: 'GET', route: '/reset/:token', user: null });
    expect(logged[0].req?.ms).to.be.a('number');
    expect(lines.join('')).not.to.include('secret-reset-token-abcdef123456');
  });

  it('answers /readyz 503 while the database does not answer', async () => {
    const other = await buildTestApp();
    await other.c.db.destroy();
    const res = await request(other.app).get('/readyz').expect(503);
    expect(res.body.status).to.equal('unavailable');
    expect(res.body.database).to.be.a('string');
    await request(other.app).get('/healthz').expect(200);
    await other.close().catch(() => undefined);
  });

  it('answers /metrics to an address of METRICS_ALLOW without a token, and to nobody when neither is set', async () => {
    const allowed = await buildTestApp({ env: { METRICS_ALLOW: 'loopback' } });
    try {
      await request(allowed.app).get('/metrics').expect(200);
    } finally {
      await allowed.close();
    }
    const closed = await buildTestApp();
    try {
      await request(closed.app).get('/metrics').expect(403);
    } finally {
      await closed.close();
    }
  });
});
