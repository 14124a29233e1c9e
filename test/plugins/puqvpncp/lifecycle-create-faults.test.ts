import { expect } from 'chai';
import request from 'supertest';
import type { FakeVariant } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { callsOf, useLifecycleWorld } from './lifecycle-helpers.js';
import { storedPassword } from '../../support/test-app.js';

/** The action budget of this file's app: short, so the silent-panel cases take seconds. */
const BUDGET_MS = 2500;

describe('puqVPNcp create: the end state after every failure', () => {
  const w = useLifecycleWorld({}, { ACTION_BUDGET_MS: String(BUDGET_MS) });
  const caps = { download_mbps: 40, upload_mbps: 20 };
  afterEach(() => w.fra.setVariant('adopted'));

  /** A pending service on Frankfurt whose rule gives `name`. */
  const serviceNamed = async (name: string) => w.service(await w.product({ client_name_rule: name, bandwidth: caps }), { serverId: w.fraId });

  /** Active with the caps on the panel, or failed with nothing on the panel: the only end states allowed. */
  async function expectCappedOrGone(id: number, name: string): Promise<'active' | 'failed'> {
    const row = await w.row(id);
    const client = w.fra.state.clients.get(name);
    if (row.status === 'active') {
      expect(client, 'the active service has its client').to.not.equal(undefined);
      expect(client).to.include({ b_download: 40, b_upload: 20 });
      return 'active';
    }
    expect(row.status).to.equal('failed');
    expect(client, 'a failed create leaves no client').to.equal(undefined);
    return 'failed';
  }

  for (const variant of ['adopted', 'v1'] as FakeVariant[]) {
    describe(`against the ${variant} shapes`, () => {
      beforeEach(() => w.fra.setVariant(variant));

      for (const after of ['garbage', 'malformed', { status: 500 }, 'drop'] as const) {
        const what = after === 'drop' ? 'the answer is lost' : typeof after === 'string' ? `a 200 with ${after === 'garbage' ? 'data we cannot use' : 'a body that is not JSON'}` : 'a 500';
        it(`looks the client up and caps it when ${what} after the panel created it`, async () => {
          const name = `after-${variant}-${typeof after === 'string' ? after : after.status}`;
          if (after === 'drop') w.fra.dropAnswerAfterApply('POST /client', 1);
          else w.fra.failAfterApply('POST /client', after, 1);
          const id = await serviceNamed(name);
          const res = await w.act(id, 'create');
          expect(res.status, JSON.stringify(res.body)).to.equal(200);
          expect(callsOf(w.fra)).to.deep.equal(['POST /client', `GET /client/${name}`, `PUT /client/${name}`]);
          expect(await expectCappedOrGone(id, name)).to.equal('active');
          expect(await storedPassword(w.t.c, id)).to.equal(w.fra.state.client(name).password);
        });
      }

      it('fails with nothing left when a 500 comes and the lookup finds no client', async () => {
        const name = `refused-${variant}`;
        w.fra.status('POST /client', 500, 1);
        const id = await serviceNamed(name);
        const res = await w.act(id, 'create');
        expect(res.status).to.equal(502);
        expect(res.body.error).to.contain(`The panel does not have "${name}", so nothing was left behind`);
        expect(await expectCappedOrGone(id, name)).to.equal('failed');
        const log = await w.t.c.db('module_log').where({ service_id: id, action: 'create:failed' }).first();
        expect(log.error).to.contain('nothing was left behind');
      });

      it('keeps the client when the caps PUT answers 500 but the panel shows the caps were set', async () => {
        const name = `put500-${variant}`;
        w.fra.failAfterApply('PUT /client/:name', { status: 500 }, 1);
        const id = await serviceNamed(name);
        const res = await w.act(id, 'create');
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        expect(callsOf(w.fra)).to.deep.equal(['POST /client', `PUT /client/${name}`, `GET /client/${name}`]);
        expect(await expectCappedOrGone(id, name)).to.equal('active');
      });

      it('deletes the client when the caps PUT times out and the panel shows no caps', async () => {
        const name = `puthang-${variant}`;
        w.fra.hang('PUT /client/:name', 1);
        const id = await serviceNamed(name);
        const res = await w.act(id, 'create');
        expect(res.status).to.equal(504);
        expect(res.body.code).to.equal('bandwidth_failed');
        expect(callsOf(w.fra)).to.deep.equal(['POST /client', `PUT /client/${name}`, `GET /client/${name}`, `DELETE /client/${name}`]);
        expect(await expectCappedOrGone(id, name)).to.equal('failed');
      });

      it('moves to the next suffix when the panel says the name is taken, whatever the status code', async () => {
        w.fra.seedClient({ name: `held-${variant}` });
        const id = await serviceNamed(`held-${variant}`);
        const res = await w.act(id, 'create');
        expect(res.status).to.equal(200);
        expect(res.body.service.username).to.equal(`held-${variant}-1`);
      });

      it('terminates a client the panel no longer has, whatever status code says so', async () => {
        const id = await serviceNamed(`gone-${variant}`);
        expect((await w.act(id, 'create')).status).to.equal(200);
        w.fra.state.deleteClient(`gone-${variant}`);
        const res = await w.act(id, 'terminate');
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        expect(res.body.service.status).to.equal('terminated');
      });
    });
  }

  it('answers 504 within the action budget when the panel goes silent, and serves other requests meanwhile', async () => {
    w.fra.hang('POST /client').hang('GET /client/:name');
    const id = await serviceNamed('silent');
    const started = Date.now();
    const create = w.act(id, 'create').then((res) => ({ res, ms: Date.now() - started }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const otherStarted = Date.now();
    const other = await request(w.t.app).get('/api/admin/servers').set('Authorization', `Bearer ${w.token}`);
    const otherMs = Date.now() - otherStarted;
    const { res, ms } = await create;
    expect(other.status).to.equal(200);
    expect(otherMs).to.be.below(1000);
    expect(res.status).to.equal(504);
    expect(res.body.code).to.equal('panel_timeout');
    expect(ms).to.be.below(BUDGET_MS + 700);
    expect(res.body.error).to.match(/no answer within [\d.]+ m?s/);
    expect(res.body.error).to.contain('run create again');
    expect((await w.row(id)).status).to.equal('failed');
  });

  it('finishes, once the panel answers again, a client a silent panel created', async () => {
    w.fra.failAfterApply('POST /client', 'hang', 1).hang('GET /client/:name', 1);
    const id = await serviceNamed('comeback');
    const first = await w.act(id, 'create');
    expect(first.status).to.equal(504);
    expect(first.body.error).to.contain('may have succeeded without its bandwidth caps');
    w.fra.clearFaults();
    const retry = await w.act(id, 'create');
    expect(retry.status).to.equal(200);
    expect(await expectCappedOrGone(id, 'comeback')).to.equal('active');
    expect(w.fra.requestsTo('POST', '/client')).to.have.length(1);
  });
});
