/**
 * Shared set-up of the mail tests: the real app over a fresh database with SMTP_URL pointing at a real
 * SMTP server on loopback (the demo's mail sink: smtp-server, parsed with mailparser), a fake puqVPNcp
 * panel whose network enables every protocol, a product that sends the welcome email, a customer, an
 * API token and a clock the test moves.
 */
import request from 'supertest';
import { MailSink, type ReceivedMail } from '../../../demo/mail-sink.js';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { createServerGroup } from '../../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../../server/domain/catalogue/servers.js';
import { buildApiToken, buildClient, buildProduct, buildService } from '../../support/factories.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';

export const SMTP_PASSWORD = 'smtp-secret-pass-7d1f';
export const PUBLIC_URL = 'https://portal.example.test';
export const START = new Date('2026-12-03T10:00:00.000Z');

export interface MailWorld {
  t: TestApp;
  sink: MailSink;
  panel: FakePanel;
  now: Date;
  token: string;
  serverId: number;
  productId: number;
  client: { id: number; email: string; name: string };
  /** moves the clock on */
  advance(ms: number): void;
  api(method: 'get' | 'post' | 'put', path: string): request.Test;
  /** POST /api/admin/outbox/deliver */
  deliver(): Promise<{ sent: number; failed: number; queued: number }>;
  /** a pending service of the world's client, created by the real lifecycle (201 + create) */
  activeService(): Promise<{ id: number; name: string }>;
  /** the mails the sink received that match */
  received(match: (m: ReceivedMail) => boolean): ReceivedMail[];
  outboxRow(id: number): Promise<Record<string, unknown>>;
}

/**
 * Registers before/after hooks building the world.
 * @param options.smtp false: SMTP_URL stays empty
 */
export function useMailWorld(options: { smtp?: boolean } = {}): MailWorld {
  const world = { sink: new MailSink(), panel: new FakePanel({ networks: [{ name: 'fra-1', subnet: '10.1.0.0/24', wireguard: true, amneziawg: true, openvpn: true, ikev2: true }] }), now: START } as MailWorld;
  before(async () => {
    const smtp = await world.sink.start();
    await world.panel.start();
    const env: Record<string, string> = { PUBLIC_URL, MAIL_FROM: 'Example VPN <no-reply@example.test>', MAIL_RETRY_S: '60' };
    if (options.smtp !== false) env.SMTP_URL = smtp.replace('smtp://', `smtp://mailer:${SMTP_PASSWORD}@`);
    const t = await buildTestApp({ env, clock: () => world.now });
    const group = await createServerGroup(t.c.deps, { name: 'vpn-eu' });
    const server = await createServer(t.c.deps, { name: 'Frankfurt', hostname: '127.0.0.1', port: world.panel.port, server_group_id: group.id, api_token: world.panel.token, connect_timeout_ms: 300, response_timeout_ms: 1500 });
    const config = { ...defaultProductConfig(), welcome_email: true, instruction_url: 'https://example.test/how-to-connect', networks: [{ server_id: server.id, network: 'fra-1' }] };
    const product = await buildProduct(t.c, group.id, config);
    const client = await buildClient(t.c, { name: 'Ada Customer' });
    Object.assign(world, { t, token: await buildApiToken(t.c), serverId: server.id, productId: product.id, client: { id: client.id, email: client.email, name: client.name } });
  });
  after(async () => {
    await world.sink.stop();
    await world.panel.stop();
    await world.t.close();
  });
  world.advance = (ms) => {
    world.now = new Date(world.now.getTime() + ms);
  };
  world.api = (method, path) => request(world.t.app)[method](`/api/admin${path}`).set('Authorization', `Bearer ${world.token}`);
  world.deliver = async () => (await world.api('post', '/outbox/deliver').expect(200)).body;
  world.activeService = async () => {
    const { id } = await buildService(world.t.c, { clientId: world.client.id, productId: world.productId });
    const res = await world.api('post', `/services/${id}/actions/create`).expect(200);
    return { id, name: res.body.service.username as string };
  };
  world.received = (match) => world.sink.mails.filter(match);
  world.outboxRow = async (id) => (await world.t.c.db('mail_outbox').where({ id }).first()) as Record<string, unknown>;
  return world;
}

/** What the fake panel serves for a client at a path below /api/v1 (the `data` of its envelope). */
export async function panelServes(panel: FakePanel, path: string): Promise<Record<string, unknown>> {
  const res = await request(panel.origin).get(`/api/v1${path}`).set('Authorization', `Bearer ${panel.token}`).expect(200);
  return res.body.data as Record<string, unknown>;
}
