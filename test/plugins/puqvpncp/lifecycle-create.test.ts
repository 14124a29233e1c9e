import { expect } from 'chai';
import { callsOf, useLifecycleWorld } from './lifecycle-helpers.js';
import { storedPassword } from '../../support/test-app.js';

describe('puqVPNcp create', () => {
  const w = useLifecycleWorld();
  const pairs = (...list: [number, string][]) => list.map(([server_id, network]) => ({ server_id, network }));

  it('creates the client on the first deployable pair without bandwidth, then caps it, and stores name, IP and password when pairs are ticked', async () => {
    const productId = await w.product({ networks: pairs([w.fraId, 'fra-1']), bandwidth: { download_mbps: 100, upload_mbps: 50 } });
    const id = await w.service(productId);
    const res = await w.act(id, 'create');
    expect(res.status).to.equal(200);
    expect(res.body.result).to.equal('success');
    const client = [...w.fra.state.clients.values()][0];
    expect(res.body.service).to.include({ status: 'active', server_id: w.fraId, network_name: 'fra-1', username: client.name, dedicated_ip: client.ipv4 });
    expect(client.name).to.match(new RegExp(`^vpn-${w.clientId}-${id}-[a-z]{4}$`));
    expect(w.fra.requestsTo('POST', '/client')[0].body).to.deep.equal({ name: client.name, network_name: 'fra-1' });
    expect(w.fra.requestsTo('PUT', '/client/')[0].body).to.deep.equal({ b_download: 100, b_upload: 50 });
    expect(client).to.include({ b_download: 100, b_upload: 50 });
    expect(await storedPassword(w.t.c, id)).to.equal(client.password);
    expect((await w.row(id)).password_enc).not.to.contain(client.password);
  });

  it('skips a server without a licence slot and a network without a free IP, and moves the service to the winning pair', async () => {
    w.fra.noLicenceSlots();
    w.waw.fillNetwork('waw-1');
    const productId = await w.product({ networks: pairs([w.fraId, 'fra-1'], [w.wawId, 'waw-1'], [w.wawId, 'waw-2']) });
    const id = await w.service(productId, { serverId: w.fraId });
    const res = await w.act(id, 'create');
    expect(res.status).to.equal(200);
    expect(res.body.service).to.include({ server_id: w.wawId, network_name: 'waw-2' });
    expect(w.fra.requestsTo('POST', '/client')).to.have.length(0);
    expect(w.fra.requestsTo('GET', '/network')).to.have.length(0);
    expect(w.waw.requestsTo('POST', '/client')[0].body).to.include({ network_name: 'waw-2' });
  });

  it('skips a panel that is still starting, saying so, and creates on the next ticked pair', async () => {
    w.fra.starting();
    const productId = await w.product({ networks: pairs([w.fraId, 'fra-1'], [w.wawId, 'waw-1']) });
    const id = await w.service(productId);
    const res = await w.act(id, 'create');
    expect(res.status).to.equal(200);
    expect(res.body.service.server_id).to.equal(w.wawId);
    expect(w.fra.requestsTo('GET', '/network')).to.have.length(0);
    const only = await w.service(await w.product({ networks: pairs([w.fraId, 'fra-1']) }));
    const refused = await w.act(only, 'create');
    expect(refused.status).to.equal(409);
    expect(refused.body.error).to.contain('Frankfurt/fra-1: not deployable: the panel is still starting ("Loading (3/7)")');
    expect(w.fra.requestsTo('POST', '/client')).to.have.length(0);
  });

  it("omits network_name so the service's own server decides when no pair is ticked", async () => {
    const id = await w.service(await w.product(), { serverId: w.wawId });
    const res = await w.act(id, 'create');
    expect(res.status).to.equal(200);
    const post = w.waw.requestsTo('POST', '/client')[0];
    expect(post.body).to.have.all.keys('name');
    expect(res.body.service).to.include({ server_id: w.wawId, network_name: 'waw-1' });
    expect(w.fra.requests).to.have.length(0);
  });

  it('uses the first group server with a free licence slot when no pair is ticked and the service has no server', async () => {
    w.fra.noLicenceSlots();
    const id = await w.service(await w.product());
    const res = await w.act(id, 'create');
    expect(res.status).to.equal(200);
    expect(res.body.service.server_id).to.equal(w.wawId);
    expect(w.fra.requestsTo('POST', '/client')).to.have.length(0);
  });

  it("fails with each pair's verdict and sends no POST anywhere when no ticked pair is deployable", async () => {
    w.fra.state.phantomAccounts = 200;
    w.fra.state.slotsTotal = 200;
    w.waw.fillNetwork('waw-1');
    const id = await w.service(await w.product({ networks: pairs([w.fraId, 'fra-1'], [w.wawId, 'waw-1']) }));
    const res = await w.act(id, 'create');
    expect(res.status, JSON.stringify(res.body)).to.equal(409);
    expect(res.body.code).to.equal('no_deployable_pair');
    expect(res.body.error).to.contain('Frankfurt/fra-1: no licence slots (200/200); Warsaw/waw-1: no free IP');
    expect(w.fra.requestsTo('POST', '/client')).to.have.length(0);
    expect(w.waw.requestsTo('POST', '/client')).to.have.length(0);
    const row = await w.row(id);
    expect(row.status).to.equal('failed');
    expect(row.last_error).to.contain('Warsaw/waw-1: no free IP');
  });

  it('appends -1 and -2 when other services already hold the name the rule gives', async () => {
    const productId = await w.product({ client_name_rule: 'shop-{year}' });
    const year = new Date().getUTCFullYear();
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await w.service(productId, { serverId: w.fraId });
      names.push((await w.act(id, 'create')).body.service.username);
    }
    expect(names).to.deep.equal([`shop-${year}`, `shop-${year}-1`, `shop-${year}-2`]);
    expect([...w.fra.state.clients.keys()].sort()).to.deep.equal([...names].sort());
  });

  it('moves to the next suffix when the panel answers 409 for a name held outside the portal', async () => {
    w.fra.seedClient({ name: 'legacy' });
    const id = await w.service(await w.product({ client_name_rule: 'legacy' }), { serverId: w.fraId });
    const res = await w.act(id, 'create');
    expect(res.status).to.equal(200);
    expect(res.body.service.username).to.equal('legacy-1');
    expect(w.fra.requestsTo('POST', '/client').map((r) => (r.body as { name: string }).name)).to.deep.equal(['legacy', 'legacy-1']);
  });

  it('gives every service its own name when many are created from one rule at the same time', async () => {
    const productId = await w.product({ client_name_rule: 'rush' });
    const ids = await Promise.all(Array.from({ length: 12 }, () => w.service(productId, { serverId: w.fraId })));
    const done = await Promise.all(ids.map((id) => w.run(id, 'create')));
    const names = done.map((s) => s.username);
    expect(new Set(names).size).to.equal(12);
    expect(names).to.include.members(['rush', 'rush-1', 'rush-11']);
    expect(w.fra.state.clients.size).to.equal(12);
  });

  it("sends the service's speed option instead of the product default, also when the option is 0", async () => {
    const productId = await w.product({ bandwidth: { download_mbps: 100, upload_mbps: 50 } });
    const id = await w.service(productId, { serverId: w.fraId, options: { b_download: 0 } });
    const res = await w.act(id, 'create');
    expect(res.status).to.equal(200);
    expect(w.fra.requestsTo('PUT', '/client/')[0].body).to.deep.equal({ b_download: 0, b_upload: 50 });
    expect(res.body.service).to.include({ b_download: 0, b_upload: 50 });
  });

  it('deletes the new client again and fails with the reason when the bandwidth update fails', async () => {
    w.fra.status('PUT /client/:name', 500, 1);
    const id = await w.service(await w.product({ client_name_rule: 'rollback', bandwidth: { download_mbps: 100, upload_mbps: 50 } }), { serverId: w.fraId });
    const res = await w.act(id, 'create');
    expect(res.status).to.equal(502);
    expect(res.body.code).to.equal('bandwidth_failed');
    // a 5xx may have been applied: the caps are looked up before the client is given up
    expect(callsOf(w.fra)).to.deep.equal(['POST /client', 'PUT /client/rollback', 'GET /client/rollback', 'DELETE /client/rollback']);
    expect(w.fra.state.clients.size).to.equal(0);
    const row = await w.row(id);
    expect(row.status).to.equal('failed');
    expect(row.last_error).to.contain('could not be set, so the client was deleted again');
  });

  it('says the client may remain when the rollback fails too, and a retry finishes it', async () => {
    w.fra.status('PUT /client/:name', 500, 1).status('DELETE /client/:name', 500, 1);
    const id = await w.service(await w.product({ client_name_rule: 'stuck', bandwidth: { download_mbps: 20, upload_mbps: 10 } }), { serverId: w.fraId });
    const first = await w.act(id, 'create');
    expect(first.status).to.equal(502);
    expect(first.body.code).to.equal('rollback_failed');
    expect(first.body.error).to.contain('may still exist');
    const retry = await w.act(id, 'create');
    expect(retry.status).to.equal(200);
    expect(w.fra.state.clients.size).to.equal(1);
    expect(w.fra.state.client('stuck')).to.include({ b_download: 20, b_upload: 10 });
    expect(w.fra.requestsTo('POST', '/client')).to.have.length(1);
  });

  it('looks the name up and finishes the client when the answer to the create was lost, without a second POST', async () => {
    w.fra.dropAnswerAfterApply('POST /client', 1);
    const id = await w.service(await w.product({ client_name_rule: 'lost', bandwidth: { download_mbps: 30, upload_mbps: 30 } }), { serverId: w.fraId });
    const res = await w.act(id, 'create');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(callsOf(w.fra)).to.deep.equal(['POST /client', 'GET /client/lost', 'PUT /client/lost']);
    expect(w.fra.state.clients.size).to.equal(1);
    expect(w.fra.state.client('lost')).to.include({ b_download: 30 });
    expect(await storedPassword(w.t.c, id)).to.equal(w.fra.state.client('lost').password);
  });

  it('finishes on retry the client an earlier attempt left when the panel could not be asked about it', async () => {
    w.fra.dropAnswerAfterApply('POST /client', 1).status('GET /client/:name', 500, 1);
    const id = await w.service(await w.product({ client_name_rule: 'later', bandwidth: { download_mbps: 30, upload_mbps: 30 } }), { serverId: w.fraId });
    const first = await w.act(id, 'create');
    expect(first.status).to.equal(502);
    expect(first.body.error).to.contain('may have succeeded without its bandwidth caps').and.contain('run create again');
    expect(await w.row(id)).to.include({ status: 'failed', username: 'later', server_id: w.fraId });
    w.fra.requests.length = 0;
    const retry = await w.act(id, 'create');
    expect(retry.status).to.equal(200);
    expect(callsOf(w.fra)).to.deep.equal(['GET /client/later', 'PUT /client/later']);
    expect(w.fra.state.clients.size).to.equal(1);
    expect(w.fra.state.client('later')).to.include({ b_download: 30 });
  });

  it('looks the recorded name up and creates it when an earlier attempt never reached the panel', async () => {
    w.fra.status('POST /client', 503, 1);
    const id = await w.service(await w.product({ client_name_rule: 'again' }), { serverId: w.fraId });
    expect((await w.act(id, 'create')).status).to.equal(502);
    w.fra.requests.length = 0;
    const retry = await w.act(id, 'create');
    expect(retry.status).to.equal(200);
    expect(callsOf(w.fra)).to.deep.equal(['GET /client/again', 'POST /client', 'PUT /client/again']);
    expect(retry.body.service.username).to.equal('again');
  });

  it('refuses to create anything when the panel of an earlier attempt cannot say whether the client exists', async () => {
    w.fra.dropAnswerAfterApply('POST /client', 1).status('GET /client/:name', 500, 1);
    const id = await w.service(await w.product({ client_name_rule: 'unsure' }), { serverId: w.fraId });
    await w.act(id, 'create');
    await w.fra.down();
    try {
      const retry = await w.act(id, 'create');
      expect(retry.status).to.equal(502);
      expect(retry.body.error).to.contain('Cannot tell whether an earlier attempt already created "unsure"');
      expect(w.waw.requestsTo('POST', '/client')).to.have.length(0);
    } finally {
      await w.fra.up();
    }
  });

  it('answers 502 quickly and marks the service failed with the reason when the panel is down', async () => {
    await w.fra.down();
    try {
      const id = await w.service(await w.product({ networks: pairs([w.fraId, 'fra-1']) }));
      const started = Date.now();
      const res = await w.act(id, 'create');
      expect(Date.now() - started).to.be.below(5000);
      expect(res.status).to.equal(502);
      expect(res.body.code).to.equal('panel_unreachable');
      expect(res.body.error).to.contain('Frankfurt/fra-1: panel error');
      const row = await w.row(id);
      expect(row.status).to.equal('failed');
      expect(row.last_error).to.contain('unreachable');
    } finally {
      await w.fra.up();
    }
  });

  it('answers 504 within the timeout when the panel never answers the create', async () => {
    w.fra.hang('POST /client');
    const id = await w.service(await w.product(), { serverId: w.fraId });
    const started = Date.now();
    const res = await w.act(id, 'create');
    expect(Date.now() - started).to.be.below(5000);
    expect(res.status).to.equal(504);
    expect(res.body.code).to.equal('panel_timeout');
    expect((await w.row(id)).status).to.equal('failed');
  });

  it('refuses with 409 to create a service that is already active', async () => {
    const id = await w.service(await w.product(), { serverId: w.fraId });
    expect((await w.act(id, 'create')).status).to.equal(200);
    const again = await w.act(id, 'create');
    expect(again.status).to.equal(409);
    expect(again.body).to.include({ code: 'invalid_transition' });
    expect(again.body.error).to.equal('Cannot create an active service (allowed from: pending, failed)');
    expect(w.fra.requestsTo('POST', '/client')).to.have.length(1);
  });
});
