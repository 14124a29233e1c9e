import { expect } from 'chai';
import { RECONCILE_CLI_COMMANDS } from '../../../server/cli/reconcile-commands.js';
import { buildAdmin, buildClient } from '../../support/factories.js';
import { loginAs } from '../../support/login.js';
import { useReconcileWorld } from './reconcile-world.js';

describe('reconciliation: repairs', () => {
  const w = useReconcileWorld();
  type Row = { id: number; kind: string; client_name: string; service_id: number | null };
  const findingOf = async (kind: string, name: string): Promise<Row> => {
    const res = await w.run();
    const found = (res.body.findings as Row[]).find((f) => f.kind === kind && f.client_name === name);
    if (!found) throw new Error(`no ${kind} finding for ${name}: ${res.text}`);
    return found;
  };
  const repair = (id: number, body: object = {}) => w.api('post', `/api/admin/reconcile/findings/${id}/repair`).send(body);
  const service = (id: number) => w.t.c.repos.services.findById(id);
  const log = (serviceId: number) => w.t.c.db('module_log').where({ service_id: serviceId }).orderBy('id');

  it('pushes the portal\'s status: enables, disables, and deletes the client of a terminated service', async () => {
    await w.vpn('vpn-r-on');
    w.panels[0].state.client('vpn-r-on').status = 'disable';
    await w.vpn('vpn-r-off', { status: 'suspended' });
    w.panels[0].state.client('vpn-r-off').status = 'enable';
    const ended = await w.vpn('vpn-r-end', { status: 'terminated' });
    w.panels[0].seedClient({ name: 'vpn-r-end', network_name: 'main' });
    for (const name of ['vpn-r-on', 'vpn-r-off', 'vpn-r-end']) {
      const res = await repair((await findingOf('status', name)).id);
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.include({ repaired: true });
      expect(res.body.finding.resolution).to.equal('repaired: push-status');
    }
    expect(w.panels[0].state.client('vpn-r-on').status).to.equal('enable');
    expect(w.panels[0].state.client('vpn-r-off').status).to.equal('disable');
    expect(w.panels[0].state.clients.has('vpn-r-end')).to.equal(false);
    expect((await service(ended))?.status).to.equal('terminated');
    expect((await log(ended)).map((r) => r.action)).to.include('reconcile-status:success');
    expect((await w.run()).body.findings).to.deep.equal([]);
  });

  it('pushes the caps through change package, and a second repair of the same finding does nothing', async () => {
    const id = await w.vpn('vpn-r-caps', { options: { b_download: 20 } });
    w.panels[0].state.client('vpn-r-caps').b_download = 1000;
    const f = await findingOf('caps', 'vpn-r-caps');
    const first = await repair(f.id);
    expect(first.status, first.text).to.equal(200);
    expect(w.panels[0].state.client('vpn-r-caps')).to.include({ b_download: 20, b_upload: 50 });
    expect((await log(id)).map((r) => r.action)).to.include('change-package:success');
    const puts = w.panels[0].requestsTo('PUT', '/client/vpn-r-caps').length;
    const again = await repair(f.id);
    expect(again.status).to.equal(200);
    expect(again.body.repaired).to.equal(false);
    expect(w.panels[0].requestsTo('PUT', '/client/vpn-r-caps')).to.have.length(puts);
  });

  it('runs two repairs of one finding sent at once only once', async () => {
    await w.vpn('vpn-twin');
    w.panels[0].state.client('vpn-twin').status = 'disable';
    const f = await findingOf('status', 'vpn-twin');
    w.panels[0].slow('PUT /client/:name', 200);
    const [a, b] = await Promise.all([repair(f.id).then((r) => r), repair(f.id).then((r) => r)]);
    const outcomes = [a, b].map((r) => (r.status === 200 ? `200:${String(r.body.repaired)}` : String(r.status))).sort();
    expect(['200:false,200:true', '200:true,409']).to.include(outcomes.join(','));
    expect(w.panels[0].requestsTo('PUT', '/client/vpn-twin')).to.have.length(1);
    expect(w.panels[0].state.client('vpn-twin').status).to.equal('enable');
  });

  it('takes the panel\'s network and IP', async () => {
    const id = await w.vpn('vpn-r-ip');
    w.panels[0].state.client('vpn-r-ip').ipv4 = '10.0.6.251';
    const res = await repair((await findingOf('network', 'vpn-r-ip')).id);
    expect(res.status, res.text).to.equal(200);
    expect(await service(id)).to.include({ dedicatedIp: '10.0.6.251', networkName: 'main' });
    expect((await log(id)).map((r) => r.action)).to.include('reconcile-network:success');
  });

  it('marks a service whose client is gone as failed, with the reason and its event', async () => {
    const hook = await w.api('post', '/api/admin/webhooks').send({ url: 'http://127.0.0.1:9/hook', secret: 'a-webhook-secret-0123456789', events: ['service.failed', 'service.created'] });
    expect(hook.status, hook.text).to.equal(201);
    const id = await w.vpn('vpn-r-gone');
    w.panels[0].state.clients.delete('vpn-r-gone');
    const res = await repair((await findingOf('missing', 'vpn-r-gone')).id);
    expect(res.status, res.text).to.equal(200);
    const after = await service(id);
    expect(after?.status).to.equal('failed');
    expect(after?.lastError).to.match(/vpn-r-gone" is gone from panel-1/);
    expect((await log(id)).map((r) => r.action)).to.include('reconcile-missing:success');
    const events = (await w.t.c.db('webhook_deliveries').where({ endpoint_id: hook.body.id })).map((d) => [d.type, JSON.parse(d.body as string).data.id]);
    expect(events).to.deep.equal([['service.failed', id]]);
    // an adopted orphan is a service created
    w.panels[0].seedClient({ name: 'stray-event', network_name: 'main' });
    const adopted = await repair((await findingOf('orphan', 'stray-event')).id, { action: 'adopt', client_id: w.clientId, product_id: w.productId });
    expect(adopted.status, adopted.text).to.equal(200);
    const created = (await w.t.c.db('webhook_deliveries').where({ endpoint_id: hook.body.id, type: 'service.created' })).map((d) => JSON.parse(d.body as string).data);
    expect(created).to.have.length(1);
    expect(created[0]).to.include({ id: adopted.body.service_id, username: 'stray-event', status: 'active' });
    expect((await w.api('delete', `/api/admin/webhooks/${hook.body.id}`)).status).to.equal(204);
  });

  it('deletes an orphan only after its name is typed', async () => {
    w.panels[0].seedClient({ name: 'stray-del', network_name: 'main' });
    const f = await findingOf('orphan', 'stray-del');
    const unconfirmed = await repair(f.id, { action: 'delete', confirm: 'stray' });
    expect(unconfirmed.status).to.equal(422);
    expect(unconfirmed.body.fields.confirm).to.contain('stray-del');
    expect(w.panels[0].state.clients.has('stray-del')).to.equal(true);
    const res = await repair(f.id, { action: 'delete', confirm: 'stray-del' });
    expect(res.status, res.text).to.equal(200);
    expect(w.panels[0].state.clients.has('stray-del')).to.equal(false);
  });

  it('adopts an orphan into a new service of the chosen customer and product', async () => {
    const orphan = w.panels[0].seedClient({ name: 'stray-adopt', network_name: 'main' });
    orphan.status = 'disable';
    orphan.b_download = 100;
    orphan.b_upload = 50;
    const f = await findingOf('orphan', 'stray-adopt');
    const bad = await repair(f.id, { action: 'adopt', client_id: w.clientId, product_id: 999999 });
    expect(bad.status).to.equal(422);
    expect(bad.body.fields).to.have.property('product_id');
    const customer = await buildClient(w.t.c);
    const res = await repair(f.id, { action: 'adopt', client_id: customer.id, product_id: w.productId });
    expect(res.status, res.text).to.equal(200);
    const adopted = await service(res.body.service_id);
    expect(adopted).to.include({ clientId: customer.id, productId: w.productId, serverId: w.serverIds[0], username: 'stray-adopt', status: 'suspended', networkName: 'main', dedicatedIp: orphan.ipv4, passwordSet: true });
    expect((await log(res.body.service_id)).map((r) => r.action)).to.include('reconcile-adopt:success');
    expect((await w.run()).body.findings).to.deep.equal([]);
  });

  it('repairs in bulk, deleting only the orphans whose names are confirmed', async () => {
    await w.vpn('vpn-b1');
    w.panels[0].state.client('vpn-b1').status = 'disable';
    await w.vpn('vpn-b2');
    w.panels[0].state.client('vpn-b2').b_upload = 7;
    w.panels[0].seedClient({ name: 'stray-b3', network_name: 'main' });
    w.panels[0].seedClient({ name: 'stray-b4', network_name: 'main' });
    const all = (await w.run()).body.findings as Row[];
    expect(all).to.have.length(4);
    const res = await w.api('post', '/api/admin/reconcile/repair').send({ ids: all.map((f) => f.id), confirm: ['stray-b3'] });
    expect(res.status, res.text).to.equal(200);
    const byName = new Map((res.body.results as { id: number; ok: boolean }[]).map((r) => [all.find((f) => f.id === r.id)?.client_name, r.ok]));
    expect(Object.fromEntries(byName)).to.deep.equal({ 'vpn-b1': true, 'vpn-b2': true, 'stray-b3': true, 'stray-b4': false });
    expect(w.panels[0].state.clients.has('stray-b3')).to.equal(false);
    expect(w.panels[0].state.clients.has('stray-b4')).to.equal(true);
    expect((await w.run()).body.findings.map((f: Row) => f.client_name)).to.deep.equal(['stray-b4']);
  });

  it('repairs nothing by itself until auto-repair is turned on for a kind', async () => {
    await w.vpn('vpn-auto');
    w.panels[0].state.client('vpn-auto').b_download = 1;
    w.panels[0].seedClient({ name: 'stray-auto', network_name: 'main' });
    const off = await w.run();
    expect(off.body.repaired).to.deep.equal([]);
    expect(w.panels[0].state.client('vpn-auto').b_download).to.equal(1);
    expect((await w.api('get', '/api/admin/reconcile/auto-repair')).body.auto_repair).to.deep.equal({ orphan: false, missing: false, status: false, caps: false, network: false });
    const set = await w.api('put', '/api/admin/reconcile/auto-repair').send({ caps: true });
    expect(set.status, set.text).to.equal(200);
    expect(set.body.auto_repair.caps).to.equal(true);
    const on = await w.run();
    expect(on.body.repaired).to.have.length(1);
    expect(on.body.repaired[0].ok).to.equal(true);
    expect(w.panels[0].state.client('vpn-auto').b_download).to.equal(100);
    expect(w.panels[0].state.clients.has('stray-auto')).to.equal(true);
    const caps = on.body.findings.find((f: Row) => f.kind === 'caps');
    expect(caps.resolution).to.equal('repaired: push-caps');
  });

  it('does not mark services failed unattended when half of a server\'s clients vanish at once', async () => {
    await w.api('put', '/api/admin/reconcile/auto-repair').send({ missing: true });
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await w.vpn(`vpn-many-${i}`));
    for (let i = 0; i < 4; i++) w.panels[0].state.clients.delete(`vpn-many-${i}`);
    const many = await w.run();
    expect(many.body.repaired).to.have.length(4);
    expect(many.body.repaired.every((r: { ok: boolean; error?: string }) => !r.ok && /half or more/.test(r.error ?? ''))).to.equal(true);
    for (const id of ids) expect((await service(id))?.status).to.equal('active');
    // one missing among many is repaired by itself
    for (let i = 0; i < 4; i++) await w.t.c.db('services').where({ id: ids[i] }).update({ status: 'terminated' });
    w.panels[0].state.clients.delete('vpn-many-4');
    const one = await w.run();
    expect(one.body.repaired.map((r: { ok: boolean }) => r.ok)).to.deep.equal([true]);
    expect((await service(ids[4]))?.status).to.equal('failed');
  });

  it('answers a repair the panel refuses with its error and leaves the finding open', async () => {
    await w.vpn('vpn-refuse');
    w.panels[0].state.client('vpn-refuse').status = 'disable';
    const f = await findingOf('status', 'vpn-refuse');
    w.panels[0].status('PUT /client/:name', 500);
    const res = await repair(f.id);
    expect(res.status).to.equal(502);
    const open = (await w.api('get', '/api/admin/reconcile/findings')).body.findings as Row[];
    expect(open.map((x) => x.id)).to.include(f.id);
    w.panels[0].clearFaults();
    expect((await repair(f.id)).status).to.equal(200);
  });

  it('runs from the CLI with the same outcome', async () => {
    w.panels[0].seedClient({ name: 'stray-cli', network_name: 'main' });
    const cli = RECONCILE_CLI_COMMANDS.reconcile;
    if (!('run' in cli)) throw new Error('reconcile runs over the wired portal');
    const lines: string[] = [];
    await cli.run(w.t.c, { server: 'panel-1' }, (l) => lines.push(l));
    expect(lines[0]).to.match(/^panel-1: 1 clients, \d+ services, 1 findings, \d+ resolved; complete$/);
    expect(lines.join('\n')).to.match(/orphan\tserver #\d+\tstray-cli/);
    let error: unknown;
    await cli.run(w.t.c, { server: 'nope' }, () => undefined).catch((err: unknown) => (error = err));
    expect((error as { fields?: object }).fields).to.have.property('server');
  });

  it('shows the findings grouped on the admin page, repairs from it and counts them on the dashboard', async () => {
    const admin = await buildAdmin(w.t.c);
    const { agent, csrf } = await loginAs(w.t.app, admin.email, 'admin');
    await w.vpn('vpn-page');
    w.panels[0].state.client('vpn-page').status = 'disable';
    w.panels[0].seedClient({ name: 'stray-page', network_name: 'main' });
    const run = await agent.post('/admin/reconcile/run').type('form').send({ _csrf: csrf, server_id: '' });
    expect(run.status, run.text).to.equal(302);
    const page = await agent.get('/admin/reconcile');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('data-kind="orphan"').and.contain('data-kind="status"').and.contain('stray-page').and.contain('<h4>panel-1</h4>');
    const servicePage = await agent.get(`/admin/services/${(await w.t.c.db('services').where({ username: 'vpn-page' }).first()).id}`);
    expect(servicePage.text).to.contain('The panel differs from the portal:').and.contain('status');
    const dash = await agent.get('/admin');
    expect(dash.text).to.contain('2 differences between the panels and the portal');
    const f = (await w.api('get', '/api/admin/reconcile/findings?kind=orphan')).body.findings[0] as Row;
    const bad = await agent.post(`/admin/reconcile/findings/${f.id}/repair`).type('form').send({ _csrf: csrf, action: 'delete', confirm: 'wrong' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('stray-page');
    const del = await agent.post(`/admin/reconcile/findings/${f.id}/repair`).type('form').send({ _csrf: csrf, action: 'delete', confirm: 'stray-page' });
    expect(del.status).to.equal(302);
    expect(w.panels[0].state.clients.has('stray-page')).to.equal(false);
    const status = (await w.api('get', '/api/admin/reconcile/findings?kind=status')).body.findings[0] as Row;
    const bulk = await agent.post('/admin/reconcile/repair').type('form').send(`_csrf=${encodeURIComponent(csrf)}&ids=${status.id}`);
    expect(bulk.status).to.equal(302);
    expect(w.panels[0].state.client('vpn-page').status).to.equal('enable');
    w.panels[0].seedClient({ name: 'stray-bulk-1', network_name: 'main' });
    w.panels[0].seedClient({ name: 'stray-bulk-2', network_name: 'main' });
    await w.run();
    const strays = (await w.api('get', '/api/admin/reconcile/findings?kind=orphan')).body.findings as Row[];
    const ids = strays.map((x) => `ids=${x.id}`).join('&');
    const bulkDelete = await agent.post('/admin/reconcile/repair').type('form').send(`_csrf=${encodeURIComponent(csrf)}&${ids}&confirm=${encodeURIComponent('stray-bulk-1, nothing-else')}`);
    expect(bulkDelete.status).to.equal(302);
    expect(w.panels[0].state.clients.has('stray-bulk-1')).to.equal(false);
    expect(w.panels[0].state.clients.has('stray-bulk-2')).to.equal(true);
    const auto = await agent.post('/admin/reconcile/auto-repair').type('form').send({ _csrf: csrf, status: 'on' });
    expect(auto.status).to.equal(302);
    expect((await w.api('get', '/api/admin/reconcile/auto-repair')).body.auto_repair.status).to.equal(true);
    const noCsrf = await agent.post('/admin/reconcile/run').type('form').send({});
    expect(noCsrf.status).to.equal(403);
    // a run still going (another process's) shows its progress
    await w.t.c.db('job_runs').insert({ job: 'reconcile', holder: 'elsewhere:1', status: 'running', started_at: w.now.toISOString(), summary: JSON.stringify({ servers: 2, done: 1 }) });
    const running = await agent.get('/admin/reconcile');
    expect(running.status).to.equal(200);
    expect(running.text).to.contain('1 / 2 servers');
    await w.t.c.db('job_runs').where({ holder: 'elsewhere:1' }).delete();
  });
});

describe('reconciliation: a client left behind by a service that moved to another server', () => {
  const w = useReconcileWorld({ panels: 2 });

  it('reports it as an orphan there, refuses to adopt it (the name is the other service\'s) and deletes it', async () => {
    const id = await w.vpn('vpn-moved', { panel: 1 });
    w.panels[0].seedClient({ name: 'vpn-moved', network_name: 'main' });
    const res = await w.run();
    expect(res.body.findings).to.have.length(1);
    const [f] = res.body.findings as { id: number; kind: string; server_id: number }[];
    expect(f).to.include({ kind: 'orphan', server_id: w.serverIds[0] });
    const adopt = await w.api('post', `/api/admin/reconcile/findings/${f.id}/repair`).send({ action: 'adopt', client_id: w.clientId, product_id: w.productId });
    expect(adopt.status).to.equal(409);
    expect(adopt.body.error).to.contain(`Service #${id} holds "vpn-moved" on server #${w.serverIds[1]}`);
    const del = await w.api('post', `/api/admin/reconcile/findings/${f.id}/repair`).send({ action: 'delete', confirm: 'vpn-moved' });
    expect(del.status, del.text).to.equal(200);
    expect(w.panels[0].state.clients.has('vpn-moved')).to.equal(false);
    expect(w.panels[1].state.clients.has('vpn-moved')).to.equal(true);
    expect((await w.run()).body.findings).to.deep.equal([]);
  });
});
