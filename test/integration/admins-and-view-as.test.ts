import { expect } from 'chai';
import request from 'supertest';
import { setAdminDisabled, setAdminRole } from '../../server/domain/users/admins.js';
import { ensureAdmin } from '../../server/domain/users/create-user.js';
import { buildAdmin, buildClient, PASSWORD } from '../support/factories.js';
import { csrfFrom, csrfToken, loginAs, type Agent } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { dialect } from '../support/test-db.js';

describe(`admins in the portal, sign in as customer, sessions (${dialect})`, function () {
  this.timeout(120_000);
  let now = Date.parse('2026-12-03T10:00:00Z');
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ clock: () => new Date(now), env: { SIGN_IN_LIMIT_ADDRESS: '1000', TRUST_PROXY: '1' } });
  });
  after(() => t.close());

  async function supportAdmin() {
    const user = await buildAdmin(t.c);
    await t.c.repos.users.update(user.id, { adminRole: 'support' });
    return { user, ...(await loginAs(t.app, user.email, 'admin')) };
  }

  describe('admins in the portal', () => {
    it('invites by mail; the link sets a password once; the new admin has the chosen role', async () => {
      const owner = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin');
      const res = await owner.agent.post('/admin/admins').type('form').send({ _csrf: owner.csrf, name: 'New Support', email: 'new.support@example.test', admin_role: 'support' });
      const [mail] = await t.c.repos.mailOutbox.list({ to: 'new.support@example.test', kind: 'admin_invite' });
      const link = String(mail.payload.token);
      // SMTP_URL is empty here: the inviting owner is shown the link, once
      expect(res.status).to.equal(201);
      expect(res.text).to.contain(`/admin/invite/${link}`);
      const listed = (await owner.agent.get('/admin/admins')).text;
      expect(listed).not.to.contain(link);
      expect(listed).to.match(/new\.support@example\.test[\s\S]*?>invited</);
      expect((await owner.agent.get(`/admin/outbox/${mail.id}`)).text).not.to.contain(link);
      // nobody signs in to an invited account before the link is used
      const early = request.agent(t.app);
      const earlyForm = await csrfToken(early, '/admin/login');
      expect((await early.post('/admin/login').type('form').send({ _csrf: earlyForm, email: 'new.support@example.test', password: PASSWORD })).status).to.equal(401);
      const agent = request.agent(t.app);
      const form = await agent.get(`/admin/invite/${link}`).expect(200);
      await agent.post(`/admin/invite/${link}`).type('form').send({ _csrf: csrfFrom(form.text), password: PASSWORD, password_confirm: PASSWORD }).expect(302);
      expect((await request(t.app).get(`/admin/invite/${link}`)).status).to.equal(410);
      const invited = await loginAs(t.app, 'new.support@example.test', 'admin');
      expect((await invited.agent.get('/admin/clients')).status).to.equal(200);
      expect((await invited.agent.get('/admin/admins')).status).to.equal(403);
      // a customer's address is refused, the values kept
      const customer = await buildClient(t.c);
      const refused = await owner.agent.post('/admin/admins').type('form').send({ _csrf: owner.csrf, name: 'X', email: customer.email, admin_role: 'owner' });
      expect(refused.status).to.equal(422);
      expect(refused.text).to.contain('belongs to a customer account');
    });

    it('disables another admin (their sessions end) but never oneself nor the last owner', async () => {
      const owner = await buildAdmin(t.c);
      const other = await buildAdmin(t.c);
      const ownerPages = await loginAs(t.app, owner.email, 'admin');
      const otherPages = await loginAs(t.app, other.email, 'admin');
      const self = await ownerPages.agent.post(`/admin/admins/${owner.id}/disable`).type('form').send({ _csrf: ownerPages.csrf });
      expect(self.status).to.equal(302);
      expect((await t.c.repos.users.findById(owner.id))!.disabled).to.equal(false);
      await ownerPages.agent.post(`/admin/admins/${other.id}/disable`).type('form').send({ _csrf: ownerPages.csrf }).expect(302);
      expect((await otherPages.agent.get('/admin')).status).to.equal(302);
      expect((await t.c.repos.users.findById(other.id))!.disabled).to.equal(true);
      const rows = await t.c.repos.auditLog.list({ entity: 'admins', entityId: String(other.id) });
      expect(rows[0].changes).to.deep.equal({ disabled: { from: false, to: true } });
      expect(await t.c.repos.auditLog.list({ entity: 'admins', entityId: String(owner.id) })).to.deep.equal([]);

      // the last enabled owner, whoever acts
      await t.c.db('users').where({ role: 'admin' }).whereNot({ id: owner.id }).update({ admin_role: 'support' });
      const support = (await t.c.repos.users.findById(other.id))!;
      let refusal: unknown;
      await setAdminDisabled(t.c.deps, support, owner.id, true).catch((err: unknown) => (refusal = err));
      expect(refusal).to.have.property('code', 'last_owner');
      refusal = undefined;
      await setAdminRole(t.c.deps, support, owner.id, 'support').catch((err: unknown) => (refusal = err));
      expect(refusal).to.have.property('code', 'last_owner');
      await t.c.db('users').where({ role: 'admin' }).update({ admin_role: 'owner' });
    });

    it('the CLI create-admin makes an owner again (recovery)', async () => {
      const admin = await buildAdmin(t.c);
      await t.c.repos.users.update(admin.id, { adminRole: 'support', disabled: true });
      await ensureAdmin(t.c.deps, { email: admin.email, password: PASSWORD });
      expect(await t.c.repos.users.findById(admin.id)).to.include({ adminRole: 'owner', disabled: false });
    });
  });

  describe('sign in as customer', () => {
    async function viewAs(admin: { agent: Agent; csrf: string }, clientId: number) {
      return admin.agent.post(`/admin/clients/${clientId}/view-as`).type('form').send({ _csrf: admin.csrf });
    }

    it('opens the client area as the customer with a banner, no admin page, no credential change, audited with both identities, and a way back', async () => {
      const support = await supportAdmin();
      const client = await buildClient(t.c, { name: 'Viewed Customer' });
      const customer = await loginAs(t.app, client.email);
      const started = await viewAs(support, client.id);
      expect(started.status).to.equal(302);
      expect(started.headers.location).to.equal('/');
      const home = await support.agent.get('/').expect(200);
      expect(home.text).to.contain('You are viewing as').and.contain('Viewed Customer');
      expect((await support.agent.get('/admin/clients')).status).to.equal(403);
      for (const [p, body] of [
        ['/account/password', { current_password: PASSWORD, password: 'a new password!!', password_confirm: 'a new password!!' }],
        ['/account/email', { email: 'taken@example.test', current_password: PASSWORD }],
        ['/account/name', { name: 'Changed' }],
      ] as const) {
        expect((await support.agent.post(p).type('form').send({ _csrf: support.csrf, ...body })).status, p).to.equal(403);
      }
      // the customer's second factor is theirs: not even the enrolment page opens
      expect((await support.agent.get('/account/two-factor')).status).to.equal(403);
      // "sign out everywhere" is the admin's own sessions, never the customer's
      expect((await customer.agent.get('/')).status).to.equal(200);
      const back = await support.agent.post('/view-as/end').type('form').send({ _csrf: support.csrf });
      expect(back.headers.location).to.equal(`/admin/clients/${client.id}`);
      expect((await support.agent.get('/admin/clients')).status).to.equal(200);
      const rows = await t.c.repos.auditLog.list({ entity: 'clients', entityId: String(client.id) });
      expect(rows.map((r) => r.action)).to.deep.equal(['view-as.end', 'view-as']);
      expect(rows[0]).to.deep.include({ asUserId: client.id });
      expect(rows[0].actor).to.deep.include({ kind: 'admin', id: support.user.id });
      expect((await t.c.repos.users.findById(client.id))!.name).to.equal('Viewed Customer');
    });

    it('ends by itself after 30 minutes, and with the admin\'s sessions', async () => {
      const owner = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin');
      const client = await buildClient(t.c);
      await viewAs(owner, client.id);
      expect((await owner.agent.get('/')).status).to.equal(200);
      now += 31 * 60_000;
      const after = await owner.agent.get('/');
      expect(after.status).to.equal(302);
      expect(after.headers.location).to.equal('/admin');
      expect((await owner.agent.get('/admin')).status).to.equal(200);

      const admin = await buildAdmin(t.c);
      const viewing = await loginAs(t.app, admin.email, 'admin');
      await viewAs(viewing, client.id);
      await setAdminDisabled(t.c.deps, (await t.c.repos.users.findById((await buildAdmin(t.c)).id))!, admin.id, true);
      const gone = await viewing.agent.get('/');
      expect(gone.status).to.equal(302);
      expect(gone.headers.location).to.match(/^\/login/);
    });
  });

  describe('sessions', () => {
    it('an admin sees their sessions and ends one of them', async () => {
      const admin = await buildAdmin(t.c);
      const laptop = await loginAs(t.app, admin.email, 'admin');
      const phone = await loginAs(t.app, admin.email, 'admin');
      const page = await laptop.agent.get('/admin/account').expect(200);
      const handles = [...page.text.matchAll(/name="session" value="([0-9a-f]+)"/g)].map((m) => m[1]);
      expect(handles).to.have.length(1);
      expect(page.text).not.to.contain((await t.c.db('sessions').where({ user_id: admin.id }).first()).sid);
      await laptop.agent.post('/admin/account/sessions/end').type('form').send({ _csrf: laptop.csrf, session: handles[0] }).expect(302);
      expect((await phone.agent.get('/admin')).status).to.equal(302);
      expect((await laptop.agent.get('/admin')).status).to.equal(200);
    });

    it('a customer ends one of their sessions from /account', async () => {
      const client = await buildClient(t.c);
      const laptop = await loginAs(t.app, client.email);
      const phone = await loginAs(t.app, client.email);
      const page = await laptop.agent.get('/account').expect(200);
      const [handle] = [...page.text.matchAll(/name="session" value="([0-9a-f]+)"/g)].map((m) => m[1]);
      await laptop.agent.post('/account/sessions/end').type('form').send({ _csrf: laptop.csrf, session: handle }).expect(302);
      expect((await phone.agent.get('/')).status).to.equal(302);
      expect((await laptop.agent.get('/')).status).to.equal(200);
    });
  });
});
