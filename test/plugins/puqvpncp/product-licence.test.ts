import { expect } from 'chai';
import request from 'supertest';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { mintLicenceKey } from '../../../plugins/puqvpncp/server/licence/licence-token.js';
import { ConfigError } from '../../../server/errors.js';
import { buildAdmin, buildApiToken, buildClient, buildProduct, buildService } from '../../support/factories.js';
import { loginAs, type Agent } from '../../support/login.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';
import { freshDatabase } from '../../support/test-db.js';
import { groupOfPanels, licenceKeyPair } from './product-panel-helpers.js';

const T0 = new Date('2026-11-27T12:00:00.000Z');
const HOUR = 3600;
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

describe('puqvpncp module licence', () => {
  const panel = new FakePanel();
  const issuer = licenceKeyPair();
  const stranger = licenceKeyPair();
  before(() => panel.start());
  after(() => panel.stop());

  /** An app over a fresh database whose products live in one group served by the fake panel. */
  async function setUp(env: Record<string, string>, clock?: () => Date) {
    const t = await buildTestApp({ env, clock });
    const { group } = await groupOfPanels(t.c, 'grp-licence', [{ name: 'Frankfurt', panel }]);
    const { agent } = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin');
    const token = await buildApiToken(t.c);
    const client = await buildClient(t.c);
    const product = async (licenseKey: string) => (await buildProduct(t.c, group.id, { ...defaultProductConfig(), license_key: licenseKey })).id;
    const create = async (productId: number) => {
      const service = await buildService(t.c, { clientId: client.id, productId });
      const res = await request(t.app).post(`/api/admin/services/${service.id}/actions/create`).set('Authorization', `Bearer ${token}`);
      return { res, service: (await t.c.repos.services.findById(service.id))! };
    };
    const page = async (productId: number) => (await agent.get(`/admin/products/${productId}`)).text;
    return { t, agent, product, create, page };
  }

  describe('with LICENSE_PUBLIC_KEY configured', () => {
    let now = T0;
    let s: Awaited<ReturnType<typeof setUp>>;
    let t: TestApp;
    let admin: Agent;
    const key = (exp: number, signer = issuer.privatePem) => mintLicenceKey({ sub: 'portal.example.test', exp, iat: epoch(T0) }, signer);

    before(async () => {
      s = await setUp({ LICENSE_PUBLIC_KEY: issuer.publicPem }, () => now);
      ({ t, agent: admin } = s);
    });
    after(() => t.close());
    beforeEach(() => {
      now = T0;
    });

    it('shows success with the time of the check when the key is valid, and lets create through', async () => {
      const id = await s.product(key(epoch(T0) + 30 * 24 * HOUR));
      const html = await s.page(id);
      expect(html).to.contain(`id="puqvpncp-licence-status">success: ${T0.toISOString()}</p>`);
      expect(html).to.contain('licensed to portal.example.test, valid until 2026-12-27T12:00:00.000Z');
      const { res, service } = await s.create(id);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(service.status).to.equal('active');
    });

    it('shows the exact error and refuses create with 409 licence_invalid when another key signed it', async () => {
      const id = await s.product(key(epoch(T0) + 30 * 24 * HOUR, stranger.privatePem));
      expect(await s.page(id)).to.contain('id="puqvpncp-licence-status">error: signature does not match any configured public key</p>');
      const before = panel.requestsTo('POST', '/client').length;
      const { res, service } = await s.create(id);
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('licence_invalid');
      expect(res.body.error).to.contain('signature does not match any configured public key');
      expect(service.status).to.equal('pending');
      expect(panel.requestsTo('POST', '/client').length).to.equal(before);
    });

    it('refuses create with licence_expired when the key has expired', async () => {
      const id = await s.product(key(epoch(T0) - HOUR));
      expect(await s.page(id)).to.contain('error: licence expired on 2026-11-27T11:00:00Z');
      const { res } = await s.create(id);
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('licence_expired');
    });

    it('refuses create with licence_missing when no key is entered', async () => {
      const id = await s.product('');
      expect(await s.page(id)).to.contain('error: no licence key is entered');
      const { res } = await s.create(id);
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('licence_missing');
    });

    it('refuses a malformed key with licence_invalid', async () => {
      const id = await s.product('not-a-licence');
      expect(await s.page(id)).to.contain('error: licence key is malformed');
      expect((await s.create(id)).res.body.code).to.equal('licence_invalid');
    });

    it('keeps the verdict for the validity period and re-checks it after the key expires', async () => {
      const id = await s.product(key(epoch(T0) + HOUR));
      expect(await s.page(id)).to.contain(`success: ${T0.toISOString()}`);
      now = new Date(T0.getTime() + 30 * 60_000);
      expect(await s.page(id), 'cached verdict').to.contain(`success: ${T0.toISOString()}`);
      now = new Date(T0.getTime() + 2 * HOUR * 1000);
      expect(await s.page(id)).to.contain('error: licence expired on 2026-11-27T13:00:00Z');
      expect((await s.create(id)).res.body.code).to.equal('licence_expired');
    });

    it('alerts on the dashboard for each product without a valid licence', async () => {
      const bad = await s.product(key(epoch(T0) + HOUR, stranger.privatePem));
      const good = await s.product(key(epoch(T0) + 30 * 24 * HOUR));
      const html = (await admin.get('/admin')).text;
      expect(html).to.match(new RegExp(`href="/admin/products/${bad}">[^<]+</a>:</strong> PUQ VPNcp licence: signature does not match any configured public key`));
      expect(html).to.not.contain(`href="/admin/products/${good}">`);
    });
  });

  describe('without LICENSE_PUBLIC_KEY', () => {
    it('says licence checks are off, raises no alert and lets create through without a key', async () => {
      const s = await setUp({});
      try {
        const id = await s.product('');
        expect(await s.page(id)).to.contain('id="puqvpncp-licence-status">licence checks are off (no LICENSE_PUBLIC_KEY is configured)</p>');
        expect((await s.agent.get('/admin')).text).to.not.contain('PUQ VPNcp licence');
        const { res } = await s.create(id);
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
      } finally {
        await s.t.close();
      }
    });
  });

  it('stops start-up naming LICENSE_PUBLIC_KEY when the configured key is not an Ed25519 public key', async () => {
    const tdb = await freshDatabase();
    let error: unknown = null;
    try {
      await buildTestApp({ tdb, env: { LICENSE_PUBLIC_KEY: 'bm90LWEta2V5' } });
    } catch (err) {
      error = err;
    } finally {
      await tdb.destroy();
    }
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as Error).message).to.contain('LICENSE_PUBLIC_KEY');
  });
});
