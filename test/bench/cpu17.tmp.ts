// ad-hoc: CPU time per warm service-page view, sequential keep-alive requests in one process
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { buildClient, buildGroupWithServer, buildProduct, buildService, PASSWORD } from '../support/factories.js';
import { buildTestApp } from '../support/test-app.js';

const t = await buildTestApp();
t.app.enable('view cache');
const panel = new FakePanel();
await panel.start();
const { group, server: panelServer } = await buildGroupWithServer(t.c, panel.origin, panel.token);
const product = await buildProduct(t.c, group.id, { ...defaultProductConfig(), instruction_url: 'https://example.com/manual', show_password: 'button' });
const customer = await buildClient(t.c, { email: 'bench@example.test' });
const service = await buildService(t.c, { clientId: customer.id, productId: product.id, serverId: panelServer.id });
const name = `vpn-${customer.id}-${service.id}-bnch`;
const seeded = panel.seedClient({ name, network_name: 'main' });
await t.c.repos.services.update(service.id, { status: 'active', serverId: panelServer.id, username: name, networkName: 'main', dedicatedIp: seeded.ipv4, password: seeded.password });
panel.setOnline(name, [{ protocol: 'wireguard', transfer_rx: 5_000_000, transfer_tx: 80_000_000 }]);
const server = t.app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const page = await fetch(`${origin}/login`);
const c0 = (page.headers.get('set-cookie') ?? '').split(';')[0];
const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
const res = await fetch(`${origin}/login`, { method: 'POST', redirect: 'manual', headers: { cookie: c0, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, email: 'bench@example.test', password: PASSWORD }) });
const cookie = (res.headers.get('set-cookie') ?? c0).split(';')[0];
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = (path: string) => new Promise<number>((resolve) => http.get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path, agent, headers: { cookie } }, (r) => { r.resume(); r.on('end', () => resolve(r.statusCode ?? 0)); }));
async function measure(label: string, n: number) {
  for (let i = 0; i < 1500; i++) await get(`/services/${service.id}`);
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  for (let i = 0; i < n; i++) if ((await get(`/services/${service.id}`)) !== 200) throw new Error('not 200');
  const cpu = process.cpuUsage(cpu0);
  console.log(`${label}: ${((cpu.user + cpu.system) / n).toFixed(0)} µs CPU per view, ${(((performance.now() - w0) * 1000) / n).toFixed(0)} µs wall`);
}
await measure(`${process.env.LABEL} warm-up`, 1500);
await measure(process.env.LABEL ?? 'run', Number(process.env.N ?? 3000));
if (process.env.LANG2) {
  await t.c.repos.users.update(customer.id, { language: process.env.LANG2 } as never);
  await new Promise((r) => setTimeout(r, 5000));
  await measure(`${process.env.LABEL} in ${process.env.LANG2}`, Number(process.env.N ?? 3000));
}
agent.destroy(); server.closeAllConnections(); server.close(); await panel.stop(); await t.close(); process.exit(0);
