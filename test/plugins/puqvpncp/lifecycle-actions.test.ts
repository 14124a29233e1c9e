import { expect } from 'chai';
import request from 'supertest';
import { buildAdmin } from '../../support/factories.js';
import { loginAs } from '../../support/login.js';
import { callsOf, useLifecycleWorld } from './lifecycle-helpers.js';

describe('puqVPNcp suspend, unsuspend, terminate and change package', () => {
  const w = useLifecycleWorld();

  /** An active service on Frankfurt whose client is named `name`; the panel's request log starts empty. */
  async function activeService(name: string, bandwidth = { download_mbps: 100, upload_mbps: 50 }, options?: { b_download?: number; b_upload?: number }) {
    const id = await w.service(await w.product({ client_name_rule: name, bandwidth }), { serverId: w.fraId, options });
    expect((await w.act(id, 'create')).status).to.equal(200);
    w.fra.requests.length = 0;
    return id;
  }
  const putOptions = (id: number, body: object) =>
    request(w.t.app).put(`/api/admin/services/${id}/options`).set('Authorization', `Bearer ${w.token}`).send(body);

  for (const variant of ['adopted', 'v1'] as const) {
    describe(`against the ${variant} shapes`, () => {
      beforeEach(() => w.fra.setVariant(variant));
      afterEach(() => w.fra.setVariant('adopted'));

      it('disables the client on suspend and enables it again on unsuspend', async () => {
        const id = await activeService(`pause-${variant}`);
        const suspended = await w.act(id, 'suspend');
        expect(suspended.status).to.equal(200);
        expect(suspended.body.service.status).to.equal('suspended');
        expect(w.fra.state.client(`pause-${variant}`).status).to.equal('disable');
        expect(w.fra.requestsTo('PUT', `/client/pause-${variant}`)[0].body).to.deep.equal({ status: 'disable' });
        const resumed = await w.act(id, 'unsuspend');
        expect(resumed.body.service.status).to.equal('active');
        expect(w.fra.state.client(`pause-${variant}`).status).to.equal('enable');
      });

      it('keeps the service active and records the reason when the panel refuses the suspend', async () => {
        const id = await activeService(`stubborn-${variant}`);
        w.fra.status('PUT /client/:name', 500, 1);
        const res = await w.act(id, 'suspend');
        expect(res.status).to.equal(502);
        const row = await w.row(id);
        expect(row.status).to.equal('active');
        expect(row.last_error).to.contain('suspend: ').and.to.contain('HTTP 500');
      });

      it('deletes the client on terminate', async () => {
        const id = await activeService(`bye-${variant}`);
        const res = await w.act(id, 'terminate');
        expect(res.status).to.equal(200);
        expect(res.body.service.status).to.equal('terminated');
        expect(callsOf(w.fra)).to.deep.equal([`DELETE /client/bye-${variant}`]);
        expect(w.fra.state.clients.has(`bye-${variant}`)).to.equal(false);
      });

      it('terminates successfully when the client was already deleted on the panel', async () => {
        const id = await activeService(`gone-${variant}`);
        w.fra.state.deleteClient(`gone-${variant}`);
        const res = await w.act(id, 'terminate');
        expect(res.status).to.equal(200);
        expect(res.body.service.status).to.equal('terminated');
        const log = await w.t.c.repos.moduleLog.forService(id);
        expect(log.some((r) => JSON.stringify(r.response).includes('already gone'))).to.equal(true);
      });

      it('pushes the new caps when the options change, 0 and a reset to the product default included', async () => {
        const id = await activeService(`tiers-${variant}`);
        const zero = await putOptions(id, { b_download: 0, b_upload: 10 });
        expect(zero.status).to.equal(200);
        expect(zero.body).to.include({ b_download: 0, b_upload: 10 });
        expect(w.fra.state.client(`tiers-${variant}`)).to.include({ b_download: 0, b_upload: 10 });
        const reset = await putOptions(id, { b_download: null });
        expect(reset.body).to.include({ b_download: 100, b_upload: 10 });
        expect(w.fra.requestsTo('PUT', `/client/tiers-${variant}`).map((r) => r.body)).to.deep.equal([
          { b_download: 0, b_upload: 10 },
          { b_download: 100, b_upload: 10 },
        ]);
      });

      it('re-pushes the resolved bandwidth on change-package', async () => {
        const id = await activeService(`repush-${variant}`, { download_mbps: 25, upload_mbps: 5 }, { b_upload: 0 });
        w.fra.state.updateClient(`repush-${variant}`, { b_download: 999, b_upload: 999 });
        const res = await w.act(id, 'change-package');
        expect(res.status).to.equal(200);
        expect(res.body.service.status).to.equal('active');
        expect(w.fra.state.client(`repush-${variant}`)).to.include({ b_download: 25, b_upload: 0 });
      });
    });
  }

  it('terminates a failed service that never reached a panel without calling one', async () => {
    w.fra.noLicenceSlots();
    const id = await w.service(await w.product({ networks: [{ server_id: w.fraId, network: 'fra-1' }] }));
    expect((await w.act(id, 'create')).status).to.equal(409);
    w.fra.requests.length = 0;
    const res = await w.act(id, 'terminate');
    expect(res.status).to.equal(200);
    expect(w.fra.requests).to.have.length(0);
  });

  for (const [status, action, expected] of [
    ['pending', 'suspend', 'Cannot suspend a pending service (allowed from: active)'],
    ['pending', 'unsuspend', 'Cannot unsuspend a pending service (allowed from: suspended)'],
    ['pending', 'change-package', 'Cannot change the package of a pending service (allowed from: active, suspended)'],
    ['active', 'unsuspend', 'Cannot unsuspend an active service (allowed from: suspended)'],
    ['terminated', 'terminate', 'Cannot terminate a terminated service (allowed from: active, suspended, failed)'],
    ['terminated', 'create', 'Cannot create a terminated service (allowed from: pending, failed)'],
  ] as const) {
    it(`answers 409 with a clear message and calls no panel when asked to ${action} ${/^[aeiou]/.test(status) ? 'an' : 'a'} ${status} service`, async () => {
      const id = status === 'pending' ? await w.service(await w.product(), { serverId: w.fraId }) : await activeService(`${status}-${action}`);
      if (status === 'terminated') await w.act(id, 'terminate');
      w.fra.requests.length = 0;
      const res = await w.act(id, action);
      expect(res.status).to.equal(409);
      expect(res.body).to.deep.equal({ error: expected, code: 'invalid_transition' });
      expect(w.fra.requests).to.have.length(0);
      expect((await w.row(id)).status).to.equal(status);
    });
  }

  it('runs the action from the admin page button with the CSRF token, and refuses it without', async () => {
    const id = await activeService('button');
    const admin = await buildAdmin(w.t.c);
    const { agent, csrf } = await loginAs(w.t.app, admin.email, 'admin');
    const forged = await agent.post(`/admin/services/${id}/actions/suspend`).type('form').send({});
    expect(forged.status).to.equal(403);
    expect((await w.row(id)).status).to.equal('active');
    const res = await agent.post(`/admin/services/${id}/actions/suspend`).type('form').send({ _csrf: csrf });
    expect(res.status).to.equal(302);
    expect((await w.row(id)).status).to.equal('suspended');
    const page = await agent.get(`/admin/services/${id}`);
    expect(page.text).to.contain('suspend succeeded');
  });
});
