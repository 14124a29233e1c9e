/**
 * npm run demo: the portal on a throw-away SQLite database with two fake puqVPNcp panels in the same
 * process, seeded through the real commands (services provisioned by the real lifecycle), with about
 * 60 days of traffic, and a local SMTP sink with a web inbox that the portal mails to (the welcome
 * emails of the seeded services arrive there). Works with no internet. Ctrl-C stops everything and
 * deletes the database. DEMO_PANEL_SHAPES=v1 makes the fake panels answer in the shapes a real panel
 * may use instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config/load-config.js';
import { buildContainer } from '../server/container.js';
import { createDb, migrateLatest } from '../server/db/create-db.js';
import { FakePanel, FAKE_PANEL_TOKEN, type FakeVariant } from '../plugins/puqvpncp/fake/fake-panel.js';
import { seedDemo, DEMO_LOGINS } from './seed-demo.js';
import { MailSink } from './mail-sink.js';
import { startMailInbox } from './mail-inbox.js';
import { DELIVERY_INTERVAL_MS } from '../server/mail/mail-outbox.js';

const port = Number(process.env.PORT ?? 3000);
const variant: FakeVariant = process.env.DEMO_PANEL_SHAPES === 'v1' ? 'v1' : 'adopted';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpncp-demo-'));
const databaseUrl = `sqlite:${path.join(dir, 'demo.sqlite3')}`;

const panels = [
  new FakePanel({ variant, slots: { used: 40, total: 200 }, networks: [
    { name: 'fra-1', description: 'Frankfurt — all protocols', subnet: '10.8.1.0/24', wireguard: true, amneziawg: true, openvpn: true, ikev2: true },
    { name: 'fra-ovpn', description: 'Frankfurt — OpenVPN only', subnet: '10.8.2.0/24', openvpn: true },
  ] }),
  new FakePanel({ variant, slots: { used: 10, total: 50 }, networks: [
    { name: 'waw-1', description: 'Warsaw — WireGuard and IKEv2', subnet: '10.9.1.0/24', wireguard: true, ikev2: true },
  ] }),
];
const urls = await Promise.all(panels.map((p) => p.start()));

const sink = new MailSink();
const smtpUrl = await sink.start();
const inbox = await startMailInbox(sink, Number(process.env.DEMO_INBOX_PORT ?? 0));

const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), SMTP_URL: smtpUrl, PUBLIC_URL: `http://localhost:${port}`, MAIL_FROM: 'Demo VPN <no-reply@demo.test>', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const db = createDb(config.databaseUrl);
await migrateLatest(db);
const c = await buildContainer(config, db);
const summary = await seedDemo(c, {
  panels: panels.map((panel, i) => ({ name: i === 0 ? 'Frankfurt' : 'Warsaw', url: urls[i], token: FAKE_PANEL_TOKEN, panel })),
});

c.mail.worker.start(DELIVERY_INTERVAL_MS);
// endpoints an admin registers at /admin/webhooks get their events as they would in production
c.webhooks.start(DELIVERY_INTERVAL_MS);

const server = createApp(c).listen(port, () => {
  console.log(`\nvpncp-portal demo on http://localhost:${port}`);
  console.log(`  admin:     http://localhost:${port}/admin/login   ${DEMO_LOGINS.admin.email} / ${DEMO_LOGINS.admin.password}`);
  for (const customer of DEMO_LOGINS.customers) console.log(`  customer:  http://localhost:${port}/login         ${customer.email} / ${customer.password}`);
  console.log(`  fake panels: ${urls.join(', ')} (token ${FAKE_PANEL_TOKEN}, ${variant} shapes)`);
  console.log(`  mail inbox: ${inbox.url}   (every mail the portal sends, over SMTP at ${smtpUrl})`);
  for (const line of summary) console.log(`  ${line}`);
  console.log(`  database: ${databaseUrl} (deleted on exit)\nCtrl-C to stop.`);
});

const stop = async () => {
  server.close();
  await Promise.all([c.mail.worker.stop(), c.webhooks.stop()]);
  await Promise.all([sink.stop(), inbox.stop()]);
  await Promise.all(panels.map((p) => p.stop()));
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
