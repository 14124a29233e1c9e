/**
 * Signed webhooks end to end: endpoints registered through the API and the admin page, events emitted by
 * the real lifecycle and client creation, delivered from the queue to real receivers on loopback (one
 * that answers 2xx, one that answers 500, one too slow, one that is down), signatures verified with the
 * documented scheme, retries after WEBHOOK_RETRY_S on a clock the test moves, once per event and endpoint.
 */
import crypto from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../server/domain/catalogue/servers.js';
import { verifyWebhookSignature } from '../../server/domain/webhooks/webhook-signature.js';
import { buildAdmin, buildApiToken, buildClient, buildProduct, buildService } from '../support/factories.js';
import { loginAs } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { dialect } from '../support/test-db.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const SECRET = 'whsec-test-4f1e9a2b7c3d';
const OTHER_SECRET = 'whsec-other-8a7b6c5d4e3f';
const START = new Date('2026-12-03T10:00:00.000Z');

/** The receiver's side of the scheme, written out as the README gives it. */
function signatureOk(secret: string, header: string, raw: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
  const expected = crypto.createHmac('sha256', secret).update(`${parts.t}.${raw}`).digest('hex');
  return parts.v1 === expected;
}

describe(`webhooks (${dialect})`, function () {
  this.timeout(20000);
  let t: TestApp;
  let now = START;
  let token: string;
  let productId: number;
  let clientId: number;
  const panel = new FakePanel();
  const receiver = new WebhookReceiver();
  const other = new WebhookReceiver();
  const api = (method: 'get' | 'post' | 'put' | 'delete', path: string) => request(t.app)[method](`/api/admin${path}`).set('Authorization', `Bearer ${token}`);
  const deliver = async () => (await api('post', '/webhooks/deliver').expect(200)).body as { sent: number; failed: number; queued: number };
  const endpoint = async (url: string, events: string[], secret = SECRET) => (await api('post', '/webhooks').send({ url, secret, events }).expect(201)).body as { id: number };
  const deliveries = async (id: number) => (await api('get', `/webhooks/${id}/deliveries`).expect(200)).body.items as Record<string, unknown>[];
  const createService = async () => {
    const { id } = await buildService(t.c, { clientId, productId });
    await api('post', `/services/${id}/actions/create`).expect(200);
    return id;
  };
  const clear = async () => {
    await t.c.db('webhook_deliveries').del();
    await t.c.db('webhook_endpoints').del();
    receiver.received.length = 0;
    other.received.length = 0;
    receiver.mode = { status: 200 };
  };

  before(async () => {
    await Promise.all([panel.start(), receiver.start(), other.start()]);
    t = await buildTestApp({ env: { WEBHOOK_RETRY_S: '30' }, clock: () => now, webhookTimeoutMs: 400 });
    token = await buildApiToken(t.c);
    const group = await createServerGroup(t.c.deps, { name: 'hooks' });
    await createServer(t.c.deps, { name: 'fake', hostname: '127.0.0.1', port: panel.port, server_group_id: group.id, api_token: panel.token, connect_timeout_ms: 300, response_timeout_ms: 1500 });
    productId = (await buildProduct(t.c, group.id)).id;
    clientId = (await buildClient(t.c)).id;
  });
  after(async () => {
    await Promise.all([panel.stop(), receiver.down(), other.down()]);
    await t.close();
  });
  beforeEach(async () => {
    await clear();
    now = START;
  });

  it('registers an endpoint (201 {id, url, events}, never the secret) and names each bad field with 422', async () => {
    const res = await api('post', '/webhooks').send({ url: receiver.url, secret: SECRET, events: ['service.created', 'client.created'] }).expect(201);
    expect(res.body).to.include({ url: receiver.url });
    expect(res.body.events).to.deep.equal(['service.created', 'client.created']);
    expect(JSON.stringify(res.body)).not.to.include(SECRET);
    const list = await api('get', '/webhooks').expect(200);
    expect(list.body.items).to.have.length(1);
    expect(JSON.stringify(list.body)).not.to.include(SECRET);
    const stored = await t.c.db('webhook_endpoints').first();
    expect(JSON.stringify(stored)).not.to.include(SECRET);

    const bad = await api('post', '/webhooks').send({ url: 'ftp://x', secret: 'short', events: ['service.exploded'] }).expect(422);
    expect(bad.body.fields).to.have.keys('url', 'secret', 'events');
    expect((await api('post', '/webhooks').send({ url: receiver.url, secret: SECRET, events: [] }).expect(422)).body.fields).to.have.key('events');
    expect((await api('get', '/webhooks').expect(200)).body.items).to.have.length(1);
  });

  it('delivers service.created signed per the contract, once to each subscribed endpoint, and nothing to others', async () => {
    const a = await endpoint(receiver.url, ['service.created']);
    const b = await endpoint(other.url, ['service.created', 'service.suspended'], OTHER_SECRET);
    const c = await endpoint(`${other.url}?not-subscribed`, ['client.created']);
    const serviceId = await createService();
    expect(await deliver()).to.deep.equal({ sent: 2, failed: 0, queued: 0 });
    expect(await deliver()).to.deep.equal({ sent: 0, failed: 0, queued: 0 });

    const [hook] = receiver.received;
    expect(receiver.received).to.have.length(1);
    expect(hook.body).to.have.keys('id', 'type', 'created_at', 'data');
    expect(hook.body.type).to.equal('service.created');
    expect(hook.body.created_at).to.equal(START.toISOString());
    expect(hook.body.data).to.include({ id: serviceId, client_id: clientId, status: 'active' });
    expect(hook.headers['content-type']).to.match(/application\/json/);
    const header = String(hook.headers['x-portal-signature']);
    expect(header).to.match(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(header.startsWith(`t=${Math.floor(START.getTime() / 1000)},`)).to.equal(true);
    expect(signatureOk(SECRET, header, hook.raw)).to.equal(true);
    expect(signatureOk(OTHER_SECRET, header, hook.raw)).to.equal(false);
    expect(verifyWebhookSignature(SECRET, header, hook.raw, START)).to.equal(true);
    expect(verifyWebhookSignature(SECRET, header, `${hook.raw} `, START)).to.equal(false);

    // the other endpoint got the same event (same id), signed with its own secret
    expect(other.received).to.have.length(1);
    expect(other.received[0].body.id).to.equal(hook.body.id);
    expect(signatureOk(OTHER_SECRET, String(other.received[0].headers['x-portal-signature']), other.received[0].raw)).to.equal(true);

    expect(await deliveries(a.id)).to.have.length(1);
    expect((await deliveries(a.id))[0]).to.include({ event_id: hook.body.id, type: 'service.created', status: 'sent', attempts: 1, last_status: 200 });
    expect(await deliveries(b.id)).to.have.length(1);
    expect(await deliveries(c.id)).to.have.length(0);
  });

  it('retries after a 500 with WEBHOOK_RETRY_S backoff and delivers the same event once it answers 2xx', async () => {
    const a = await endpoint(receiver.url, ['service.suspended']);
    const serviceId = await createService();
    receiver.mode = { status: 500 };
    await api('post', `/services/${serviceId}/actions/suspend`).send({ notify: false }).expect(200);
    expect(await deliver()).to.deep.equal({ sent: 0, failed: 1, queued: 1 });
    let [d] = await deliveries(a.id);
    expect(d).to.include({ status: 'queued', attempts: 1, last_status: 500 });
    expect(String(d.last_error)).to.match(/500/);
    expect(Date.parse(String(d.next_attempt_at)) - now.getTime()).to.equal(30_000);
    // not due yet
    expect(await deliver()).to.deep.equal({ sent: 0, failed: 0, queued: 1 });
    now = new Date(now.getTime() + 30_000);
    expect(await deliver()).to.include({ failed: 1 });
    [d] = await deliveries(a.id);
    expect(Date.parse(String(d.next_attempt_at)) - now.getTime()).to.equal(60_000);
    receiver.mode = { status: 204 };
    now = new Date(now.getTime() + 60_000);
    expect(await deliver()).to.deep.equal({ sent: 1, failed: 0, queued: 0 });
    expect(await deliver()).to.deep.equal({ sent: 0, failed: 0, queued: 0 });
    const got = receiver.ofType('service.suspended');
    expect(got).to.have.length(3);
    expect(new Set(got.map((h) => h.body.id)).size).to.equal(1);
    // each try is signed at its own time
    expect(got[2].headers['x-portal-signature']).to.match(new RegExp(`^t=${Math.floor(now.getTime() / 1000)},`));
    [d] = await deliveries(a.id);
    expect(d).to.include({ status: 'sent', attempts: 3, last_status: 204, last_error: null });
  });

  it('gives a delivery up a day after its first try and warns on the dashboard', async () => {
    const a = await endpoint(receiver.url, ['client.created']);
    receiver.mode = { status: 503 };
    await api('post', '/clients').send({ email: 'given-up@example.test', name: 'Given Up', password: 'a long password 1' }).expect(201);
    const delays: number[] = [];
    for (let n = 0; n < 60; n++) {
      await deliver();
      const [d] = await deliveries(a.id);
      if (d.status === 'failed') break;
      const wait = Date.parse(String(d.next_attempt_at)) - now.getTime();
      delays.push(wait / 1000);
      now = new Date(now.getTime() + wait);
    }
    expect(delays.slice(0, 9)).to.deep.equal([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    const [d] = await deliveries(a.id);
    expect(d).to.include({ status: 'failed', last_status: 503 });
    expect(now.getTime() - START.getTime()).to.be.at.most(24 * 3600_000);
    const admin = await buildAdmin(t.c);
    const { agent } = await loginAs(t.app, admin.email, 'admin');
    expect((await agent.get('/admin').expect(200)).text).to.match(/1 webhook delivery failed/);
  });

  it('retries a receiver that answers too late, and one that is down', async () => {
    const slow = await endpoint(receiver.url, ['client.created']);
    const downUrl = other.url;
    const down = await endpoint(downUrl, ['client.created'], OTHER_SECRET);
    receiver.mode = { delayMs: 2000 };
    await other.down();
    try {
      const res = await api('post', '/clients').send({ email: 'hooked@example.test', name: 'Hooked', password: 'a long password 1' }).expect(201);
      expect(await deliver()).to.deep.equal({ sent: 0, failed: 2, queued: 2 });
      const [s] = await deliveries(slow.id);
      expect(s).to.include({ status: 'queued', attempts: 1, last_status: null });
      expect(String(s.last_error)).to.match(/no answer within 0.4 s/);
      const [dn] = await deliveries(down.id);
      expect(dn).to.include({ status: 'queued', attempts: 1, last_status: null });
      expect(String(dn.last_error)).to.match(/request failed/);
      receiver.mode = { status: 200 };
      await other.start();
      now = new Date(now.getTime() + 30_000);
      expect(await deliver()).to.deep.equal({ sent: 2, failed: 0, queued: 0 });
      const [hook] = receiver.ofType('client.created').slice(-1);
      expect(hook.body.data).to.deep.equal({ id: res.body.id, email: 'hooked@example.test', name: 'Hooked' });
      expect(other.ofType('client.created')).to.have.length(1);
    } finally {
      if (other.url !== downUrl) await other.start();
    }
  });

  it('emits service.failed when a create fails, and resends a delivery with the same event id', async () => {
    const a = await endpoint(receiver.url, ['service.failed', 'service.created']);
    await panel.down();
    try {
      const { id } = await buildService(t.c, { clientId, productId });
      await api('post', `/services/${id}/actions/create`);
    } finally {
      await panel.up();
    }
    await deliver();
    const [hook] = receiver.ofType('service.failed');
    expect(hook.body.data).to.include({ status: 'failed' });
    const [d] = await deliveries(a.id);
    const again = await api('post', `/webhooks/${a.id}/deliveries/${d.id as number}/resend`).expect(200);
    expect(again.body).to.include({ status: 'sent', attempts: 2 });
    expect(receiver.ofType('service.failed').map((h) => h.body.id)).to.deep.equal([hook.body.id, hook.body.id]);
    await api('post', `/webhooks/${a.id + 1000}/deliveries/${d.id as number}/resend`).expect(404);
  });

  it('lets an admin add, change and remove an endpoint on /admin/webhooks, with the values kept on a bad one', async () => {
    const admin = await buildAdmin(t.c);
    const { agent, csrf } = await loginAs(t.app, admin.email, 'admin');
    const bad = await agent.post('/admin/webhooks').type('form').send({ _csrf: csrf, url: 'not a url', secret: SECRET, enabled: 'on' }).expect(422);
    expect(bad.text).to.include('not a url');
    expect(bad.text).to.include('Choose at least one event type');
    expect(bad.text).not.to.include(SECRET);
    const added = await agent.post('/admin/webhooks').type('form').send({ _csrf: csrf, url: receiver.url, secret: SECRET, events: ['service.created', 'service.terminated'], enabled: 'on' }).expect(302);
    const path = String(added.headers.location);
    const page = await agent.get(path).expect(200);
    expect(page.text).to.include(receiver.url);
    expect(page.text).not.to.include(SECRET);
    const id = Number(path.split('/').pop());
    await agent.post(path).type('form').send({ _csrf: csrf, url: receiver.url, secret: '', events: 'service.terminated' }).expect(302);
    const changed = (await api('get', `/webhooks/${id}`).expect(200)).body;
    expect(changed).to.include({ enabled: false });
    expect(changed.events).to.deep.equal(['service.terminated']);
    // the kept secret still signs
    await api('put', `/webhooks/${id}`).send({ enabled: true }).expect(200);
    await api('post', '/clients').send({ email: 'ignored@example.test', name: 'Ignored', password: 'a long password 1' }).expect(201);
    const serviceId = await createService();
    await api('post', `/services/${serviceId}/actions/terminate`).send({ notify: false }).expect(200);
    await deliver();
    const [hook] = receiver.ofType('service.terminated');
    expect(signatureOk(SECRET, String(hook.headers['x-portal-signature']), hook.raw)).to.equal(true);
    expect(receiver.received).to.have.length(1);
    await agent.post(`${path}/delete`).type('form').send({ _csrf: csrf }).expect(302);
    await api('get', `/webhooks/${id}`).expect(404);
  });
});
