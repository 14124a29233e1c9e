import { expect } from 'chai';
import request from 'supertest';
import { buildAdmin } from '../../support/factories.js';
import { loginAs } from '../../support/login.js';
import { useLifecycleWorld } from './lifecycle-helpers.js';

/**
 * A panel that quotes secrets back in its refusals: the API token, the service's VPN password, the
 * client's private key, under field names of every spelling. None of it may reach the module log (API,
 * page, database), the service's last error or the API's answer.
 */
describe('panel errors that quote secrets are masked before they reach a page, a log line or a row', () => {
  const w = useLifecycleWorld();

  async function activeService(name: string) {
    const id = await w.service(await w.product({ client_name_rule: name }), { serverId: w.fraId });
    expect((await w.act(id, 'create')).status).to.equal(200);
    return id;
  }

  it('masks the token, the VPN password and the keys in a refusal, in every place it is kept or shown', async () => {
    const id = await activeService('quoted');
    const client = w.fra.state.client('quoted');
    const planted = [w.fra.token, client.password, client.keys.privateKey];
    w.fra.refuse('PUT /client/:name', 422, `Refused: token ${w.fra.token} may not disable ${client.name} (password ${client.password}, key ${client.keys.privateKey})`, {
      pass: client.password,
      pwd: client.password,
      'credentials.pass': client.password,
      pre_shared: client.keys.privateKey,
      status: 'must be enable or disable',
    });
    const res = await w.act(id, 'suspend');
    expect(res.status).to.equal(502);
    expect(res.body.error).to.contain('Refused: token *** may not disable quoted (password ***, key ***)');
    expect(res.body.error).to.contain('status: must be enable or disable');

    const row = await w.row(id);
    const logRows = await w.t.c.db('module_log').where({ service_id: id });
    const logApi = await request(w.t.app).get(`/api/admin/services/${id}/module-log`).set('Authorization', `Bearer ${w.token}`);
    const admin = await buildAdmin(w.t.c);
    const { agent } = await loginAs(w.t.app, admin.email, 'admin');
    const page = (await agent.get(`/admin/services/${id}`)).text;
    // the page shows the password on purpose, hidden until "Show": only the module log part counts here
    const logSection = page.slice(page.indexOf('<h2>Module log</h2>'));
    for (const [where, text] of [['API answer', JSON.stringify(res.body)], ['last_error', String(row.last_error)], ['module_log rows', JSON.stringify(logRows)], ['module-log API', logApi.text], ['admin page log', logSection]] as const) {
      for (const secret of planted) expect(text, `${where} holds a planted secret`).not.to.contain(secret);
    }
    expect(logSection).to.contain('Refused: token ***');
  });

  it('masks in a later call of the same action a secret an earlier answer carried', async () => {
    // an earlier attempt left "learned" on the panel; the portal has no password stored for it yet
    const id = await w.service(await w.product({ client_name_rule: 'learned' }), { serverId: w.fraId });
    await w.t.c.repos.services.update(id, { status: 'failed', serverId: w.fraId, username: 'learned' });
    const seeded = w.fra.seedClient({ name: 'learned' });
    // the lookup's answer carries the password; the caps PUT that follows quotes it in its refusal
    w.fra.refuse('PUT /client/:name', 422, `client learned with password ${seeded.password} cannot be changed`, {}, 1);
    const res = await w.act(id, 'create');
    expect(res.status).to.equal(502);
    expect(res.body.code).to.equal('bandwidth_failed');
    expect(res.body.error, res.body.error).to.contain('client learned with password *** cannot be changed');
    const logRows = JSON.stringify(await w.t.c.db('module_log').where({ service_id: id }));
    expect(logRows).to.contain('with password ***');
    for (const text of [logRows, JSON.stringify(res.body), String((await w.row(id)).last_error)]) expect(text).not.to.contain(seeded.password);
  });
});
