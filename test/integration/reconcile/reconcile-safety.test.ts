import { expect } from 'chai';
import { reconcileJob } from '../../../server/jobs/reconcile.job.js';
import { JOBS } from '../../../server/jobs/scheduler.js';
import { useReconcileWorld } from './reconcile-world.js';

describe('reconciliation: safety', () => {
  // a short action budget, so a page that never answers ends the listing within the test's time
  const w = useReconcileWorld({ env: { ACTION_BUDGET_MS: '1500' } });
  type Row = { id: number; kind: string; service_id: number; last_seen_at: string };
  const missing = (findings: Row[]) => findings.filter((f) => f.kind === 'missing');

  /** Five services on a panel that pages by two; the client of vpn-s5 is gone; a stray client is on page 1. */
  async function fivePagedServices(tag: string): Promise<number> {
    for (const n of [1, 2, 3, 4]) await w.vpn(`vpn-${tag}${n}`);
    const gone = await w.vpn(`vpn-${tag}5`);
    w.panels[0].state.clients.delete(`vpn-${tag}5`);
    w.panels[0].pageClients(2);
    return gone;
  }

  it('reads a paged list to its end and then reports the missing client', async () => {
    const gone = await fivePagedServices('p');
    const res = await w.run();
    expect(res.body.servers[0]).to.include({ complete: true, accounts: 4 });
    expect(missing(res.body.findings).map((f: { service_id: number }) => f.service_id)).to.deep.equal([gone]);
    expect(w.panels[0].requests.filter((r) => r.method === 'GET' && r.path === '/client')).to.have.length(2);
  });

  for (const how of ['status', 'drop', 'hang'] as const) {
    it(`reports no missing client when a later page fails (${how}), says so, and keeps the earlier missing finding open`, async () => {
      await fivePagedServices(how);
      const before = await w.run();
      const earlier = missing(before.body.findings)[0];
      w.panels[0].state.client(`vpn-${how}1`).status = 'disable';
      w.panels[0].failClientListPage(2, how);
      w.now = new Date('2026-03-16T12:00:00Z');
      const res = await w.run();
      expect(res.status, res.text).to.equal(200);
      expect(res.body.servers[0].complete).to.equal(false);
      expect(res.body.servers[0].problems.join(' ')).to.match(/page 2 of the client list failed/);
      expect(missing(res.body.findings)).to.deep.equal([]);
      // what the first page showed is still reported
      expect(res.body.findings.map((f: { kind: string; client_name: string }) => `${f.kind}:${f.client_name}`)).to.deep.equal([`status:vpn-${how}1`]);
      const open = (await w.api('get', '/api/admin/reconcile/findings?kind=missing')).body.findings;
      expect(open).to.have.length(1);
      expect(open[0]).to.include({ id: earlier.id, last_seen_at: earlier.last_seen_at });
      const log = await w.t.c.db('module_log').where({ action: 'reconcile:incomplete', server_id: w.serverIds[0] });
      expect(log.length).to.be.greaterThan(0);
    });
  }

  it('reports no missing client when the panel announces more clients than it sends', async () => {
    await w.vpn('vpn-t1');
    await w.vpn('vpn-t2');
    w.panels[0].truncateClientList(1);
    const res = await w.run();
    expect(res.body.servers[0].complete).to.equal(false);
    expect(res.body.servers[0].problems.join(' ')).to.match(/announced 2 clients but sent 1/);
    expect(missing(res.body.findings)).to.deep.equal([]);
  });

  it('reports no missing client when a row of the list has no readable name', async () => {
    await w.vpn('vpn-odd');
    w.panels[0].state.clients.delete('vpn-odd');
    w.panels[0].addOddClientRows(1);
    const res = await w.run();
    expect(res.body.servers[0].complete).to.equal(false);
    expect(res.body.servers[0].problems.join(' ')).to.match(/no readable name/);
    expect(missing(res.body.findings)).to.deep.equal([]);
  });

  it('compares nothing and changes nothing when the first page fails or the panel is down', async () => {
    await w.vpn('vpn-d1');
    w.panels[0].state.client('vpn-d1').status = 'disable';
    const first = await w.run();
    expect(first.body.findings).to.have.length(1);
    w.panels[0].state.clients.delete('vpn-d1');
    w.panels[0].failClientListPage(1, 'status');
    const failed = await w.run();
    expect(failed.status).to.equal(200);
    expect(failed.body.servers[0].complete).to.equal(false);
    expect(failed.body.servers[0].error).to.be.a('string');
    expect(failed.body.findings).to.deep.equal([]);
    const open = (await w.api('get', '/api/admin/reconcile/findings')).body.findings;
    expect(open.map((f: { id: number }) => f.id)).to.deep.equal([first.body.findings[0].id]);
    await w.panels[0].down();
    try {
      const down = await w.run();
      expect(down.body.servers[0].error).to.match(/unreachable|refused/i);
      expect(down.body.findings).to.deep.equal([]);
    } finally {
      await w.panels[0].up();
    }
  });

  it('skips a service with an action in flight and leaves its findings as they were', async () => {
    const id = await w.vpn('vpn-busy');
    w.panels[0].state.client('vpn-busy').b_download = 5;
    const first = await w.run();
    expect(first.body.findings).to.have.length(1);
    await w.t.c.db('services').where({ id }).update({ pending_action: 'change-package' });
    w.panels[0].state.clients.delete('vpn-busy');
    const busy = await w.run();
    expect(busy.body.findings).to.deep.equal([]);
    const open = (await w.api('get', '/api/admin/reconcile/findings')).body.findings;
    expect(open.map((f: { id: number }) => f.id)).to.deep.equal([first.body.findings[0].id]);
    // a repair waits for the action too
    const repair = await w.api('post', `/api/admin/reconcile/findings/${first.body.findings[0].id}/repair`).send({});
    expect(repair.status).to.equal(409);
  });

  it('refuses a second run while one holds the lease (409)', async () => {
    await w.vpn('vpn-lease');
    w.panels[0].slow('GET /client', 400);
    const slow = w.run().then((r) => r);
    await new Promise((r) => setTimeout(r, 150));
    const second = await w.run();
    expect(second.status).to.equal(409);
    expect((await slow).status).to.equal(200);
  });

  it('runs daily as a scheduled job under the lease, recording the run, and skips while another process holds it', async () => {
    expect(JOBS).to.include(reconcileJob);
    await w.vpn('vpn-job');
    w.panels[0].state.client('vpn-job').status = 'disable';
    const done = (await reconcileJob.run(w.t.c, { now: w.now })) as { skipped: boolean; findings: number };
    expect(done).to.include({ skipped: false, findings: 1 });
    const [run] = await w.t.c.db('job_runs').where({ job: 'reconcile' }).orderBy('id', 'desc').limit(1);
    expect(run.status).to.equal('succeeded');
    expect(JSON.parse(run.summary as string).findings).to.include({ status: 1 });
    await w.t.c.billing.lease.acquire('reconcile', 'elsewhere:1:abcd', 30_000);
    try {
      expect(await reconcileJob.run(w.t.c, { now: w.now })).to.include({ skipped: true });
    } finally {
      await w.t.c.billing.lease.release('reconcile', 'elsewhere:1:abcd');
    }
  });

  it('refuses a client list past its answer limit and compares nothing', async () => {
    await w.vpn('vpn-flood');
    w.panels[0].flood('GET /client', { bytes: 60 * 1024 * 1024 });
    const res = await w.run();
    expect(res.status).to.equal(200);
    expect(res.body.servers[0].error).to.contain('larger than the 8 MB allowed');
    expect(res.body.findings).to.deep.equal([]);
    await new Promise((r) => setTimeout(r, 100));
    // the rest of the 60 MB was never read: the portal hung up at the limit
    expect(w.panels[0].floods[0].completed).to.equal(false);
  });
});
