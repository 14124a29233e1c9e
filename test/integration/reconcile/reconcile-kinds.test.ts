import { expect } from 'chai';
import request from 'supertest';
import { OPEN_FINDINGS_METRIC } from '../../../server/metrics/reconcile-metrics.js';
import { useReconcileWorld } from './reconcile-world.js';

describe('reconciliation: each kind of drift', () => {
  const w = useReconcileWorld();
  const kinds = (findings: { kind: string; client_name: string }[]) => findings.map((f) => `${f.kind}:${f.client_name}`).sort();

  it('finds nothing when the panel holds exactly what the portal does', async () => {
    await w.vpn('vpn-same-a');
    await w.vpn('vpn-same-b', { status: 'suspended' });
    await w.vpn('vpn-same-c', { status: 'terminated' });
    await w.vpn('vpn-same-d', { options: { b_download: 0 } });
    const res = await w.run();
    expect(res.status, res.text).to.equal(200);
    expect(res.body.findings).to.deep.equal([]);
    expect(res.body.servers).to.have.length(1);
    expect(res.body.servers[0]).to.include({ server_id: w.serverIds[0], complete: true, error: null, accounts: 3, services: 4 });
  });

  it('reports an orphan: a client on the panel that no service holds', async () => {
    w.panels[0].seedClient({ name: 'by-hand', network_name: 'main' });
    const res = await w.run();
    expect(res.body.findings).to.have.length(1);
    const [f] = res.body.findings;
    expect(f).to.include({ kind: 'orphan', server_id: w.serverIds[0], service_id: null, client_name: 'by-hand', portal: null });
    expect(f.panel).to.include({ enabled: true, network_name: 'main' });
  });

  it('reports a service whose client is gone from the panel as missing', async () => {
    const id = await w.vpn('vpn-gone');
    w.panels[0].state.clients.delete('vpn-gone');
    const res = await w.run();
    expect(res.body.findings).to.deep.include({ ...res.body.findings[0], kind: 'missing', service_id: id, client_name: 'vpn-gone', portal: { status: 'active' }, panel: null });
    expect(res.body.findings).to.have.length(1);
  });

  it('reports status mismatches both ways, and a client left behind by a terminated or failed service', async () => {
    const active = await w.vpn('vpn-off');
    w.panels[0].state.client('vpn-off').status = 'disable';
    await w.vpn('vpn-on', { status: 'suspended' });
    w.panels[0].state.client('vpn-on').status = 'enable';
    await w.vpn('vpn-ended', { status: 'terminated' });
    w.panels[0].seedClient({ name: 'vpn-ended', network_name: 'main' });
    await w.vpn('vpn-broke', { status: 'failed' });
    w.panels[0].seedClient({ name: 'vpn-broke', network_name: 'main' });
    const res = await w.run();
    expect(kinds(res.body.findings)).to.deep.equal(['status:vpn-broke', 'status:vpn-ended', 'status:vpn-off', 'status:vpn-on']);
    const off = res.body.findings.find((f: { client_name: string }) => f.client_name === 'vpn-off');
    expect(off).to.include({ service_id: active });
    expect(off.portal).to.deep.equal({ status: 'active' });
    expect(off.panel).to.deep.equal({ enabled: false });
  });

  it('reports caps that differ from what the customer pays for (service option or product default)', async () => {
    await w.vpn('vpn-caps');
    w.panels[0].state.client('vpn-caps').b_download = 1000;
    await w.vpn('vpn-opt', { options: { b_upload: 0 } });
    w.panels[0].state.client('vpn-opt').b_upload = 50;
    const res = await w.run();
    expect(kinds(res.body.findings)).to.deep.equal(['caps:vpn-caps', 'caps:vpn-opt']);
    const caps = res.body.findings.find((f: { client_name: string }) => f.client_name === 'vpn-caps');
    expect(caps.portal).to.deep.equal({ b_download: 100, b_upload: 50 });
    expect(caps.panel).to.deep.equal({ b_download: 1000, b_upload: 50 });
  });

  it('compares a service with a speed tier against the tier\'s caps', async () => {
    const tiers = await w.api('put', `/api/admin/products/${w.productId}/speed-tiers`).send({ tiers: [{ code: 't300', name: '300 Mbit/s', download_mbps: 300, upload_mbps: 30, monthly_price: '1.00' }], customer_can_change: false });
    expect(tiers.status, tiers.text).to.equal(200);
    const id = await w.vpn('vpn-tier');
    await w.t.c.db('services').where({ id }).update({ tier_code: 't300' });
    Object.assign(w.panels[0].state.client('vpn-tier'), { b_download: 300, b_upload: 30 });
    expect((await w.run()).body.findings).to.deep.equal([]);
    w.panels[0].state.client('vpn-tier').b_download = 100;
    const res = await w.run();
    expect(res.body.findings[0]).to.deep.include({ kind: 'caps', portal: { b_download: 300, b_upload: 30 }, panel: { b_download: 100, b_upload: 30 } });
  });

  it('reports a network or IP that differs from the one recorded', async () => {
    const id = await w.vpn('vpn-ip');
    w.panels[0].state.client('vpn-ip').ipv4 = '10.0.6.250';
    const res = await w.run();
    expect(res.body.findings).to.have.length(1);
    expect(res.body.findings[0]).to.include({ kind: 'network', service_id: id });
    expect(res.body.findings[0].panel).to.deep.equal({ network_name: 'main', dedicated_ip: '10.0.6.250' });
    expect(res.body.findings[0].portal.network_name).to.equal('main');
  });

  it('keeps one finding per difference with its first and last seen times, and resolves it once gone', async () => {
    await w.vpn('vpn-twice');
    w.panels[0].state.client('vpn-twice').status = 'disable';
    const first = await w.run();
    w.now = new Date('2026-03-16T12:00:00Z');
    const second = await w.run();
    expect(second.body.findings[0].id).to.equal(first.body.findings[0].id);
    expect(second.body.findings[0].first_seen_at).to.equal('2026-03-15T12:00:00.000Z');
    expect(second.body.findings[0].last_seen_at).to.equal('2026-03-16T12:00:00.000Z');
    const open = await w.api('get', '/api/admin/reconcile/findings');
    expect(open.status).to.equal(200);
    expect(open.body.findings.map((f: { id: number }) => f.id)).to.deep.equal([first.body.findings[0].id]);

    w.panels[0].state.client('vpn-twice').status = 'enable';
    const third = await w.run();
    expect(third.body.findings).to.deep.equal([]);
    expect(third.body.servers[0].resolved).to.equal(1);
    expect((await w.api('get', '/api/admin/reconcile/findings')).body.findings).to.deep.equal([]);
    const row = await w.t.c.db('reconcile_findings').where({ id: first.body.findings[0].id }).first();
    expect(row).to.include({ resolution: 'gone', open_key: null });
  });

  it('filters the open findings by kind and server, and names a bad filter', async () => {
    await w.vpn('vpn-f1');
    w.panels[0].state.client('vpn-f1').status = 'disable';
    w.panels[0].seedClient({ name: 'stray', network_name: 'main' });
    await w.run();
    const orphans = await w.api('get', '/api/admin/reconcile/findings?kind=orphan');
    expect(orphans.body.counts).to.deep.equal({ orphan: 1, missing: 0, status: 1, caps: 0, network: 0 });
    expect(orphans.body.findings.map((f: { client_name: string }) => f.client_name)).to.deep.equal(['stray']);
    const other = await w.api('get', `/api/admin/reconcile/findings?server_id=${w.serverIds[0] + 100}`);
    expect(other.body.findings).to.deep.equal([]);
    const bad = await w.api('get', '/api/admin/reconcile/findings?kind=weird');
    expect(bad.status).to.equal(422);
    expect(bad.body.fields).to.have.property('kind');
  });

  it('reads a panel that answers in the other shapes (v1) without inventing drift', async () => {
    await w.vpn('vpn-v1');
    await w.vpn('vpn-v1-off', { status: 'suspended' });
    w.panels[0].setVariant('v1');
    try {
      const res = await w.run();
      expect(res.body.servers[0]).to.include({ complete: true, accounts: 2 });
      expect(res.body.findings).to.deep.equal([]);
    } finally {
      w.panels[0].setVariant('adopted');
    }
  });

  it('answers 422 naming server_id for an unknown server', async () => {
    const res = await w.run({ server_id: 999999 });
    expect(res.status).to.equal(422);
    expect(res.body.fields).to.have.property('server_id');
  });
});

describe('reconciliation: metrics', () => {
  const METRICS_TOKEN = 'metrics-token-reconcile-0123456789';
  const w = useReconcileWorld({ env: { METRICS_TOKEN } });

  it('gives the open findings per kind on /metrics, read at scrape time', async () => {
    w.panels[0].seedClient({ name: 'stray-metric', network_name: 'main' });
    await w.vpn('vpn-metric');
    w.panels[0].state.client('vpn-metric').status = 'disable';
    await w.run();
    const res = await request(w.t.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain(`${OPEN_FINDINGS_METRIC}{kind="orphan"} 1`);
    expect(res.text).to.contain(`${OPEN_FINDINGS_METRIC}{kind="status"} 1`);
    expect(res.text).to.contain(`${OPEN_FINDINGS_METRIC}{kind="missing"} 0`);
  });
});
