/**
 * The admin's side of mail with SMTP_URL empty (the embedded default): mails stay queued and are read
 * on /admin/outbox (secrets masked), the dashboard warns, "Resend welcome email" queues one; the
 * Settings page stores the company profile (bad values kept and refused), which brands mails and pages
 * and gives state pages a support contact, or none.
 */
import { expect } from 'chai';
import request from 'supertest';
import { buildAdmin, buildService, PASSWORD } from '../../support/factories.js';
import { csrfFrom, loginAs, type Agent } from '../../support/login.js';
import { dialect } from '../../support/test-db.js';
import { useMailWorld } from './mail-world.js';

describe(`mail pages with SMTP_URL empty (${dialect})`, () => {
  const w = useMailWorld({ smtp: false });
  let admin: Agent;
  before(async () => {
    const a = await buildAdmin(w.t.c);
    admin = (await loginAs(w.t.app, a.email, 'admin')).agent;
  });
  /** A service whose VPN client exists on the world's panel, on its network. */
  const seeded = async (name: string, status: 'active' | 'suspended' = 'active') => {
    const { id } = await buildService(w.t.c, { clientId: w.client.id, productId: w.productId });
    await w.t.c.repos.services.update(id, { status, serverId: w.serverId, username: name, networkName: 'fra-1' });
    w.panel.seedClient({ name, network_name: 'fra-1' });
    return id;
  };
  const form = async (agent: Agent, page: string, path: string, body: Record<string, string>) => {
    const html = (await agent.get(page).expect(200)).text;
    return agent.post(path).type('form').send({ _csrf: csrfFrom(html), ...body });
  };

  it('keeps mails queued, lets an admin read them with the reset link masked, and warns on the dashboard', async () => {
    const visitor = request.agent(w.t.app);
    const page = await visitor.get('/forgot');
    await visitor.post('/forgot').type('form').send({ _csrf: csrfFrom(page.text), email: w.client.email }).expect(200);
    expect(await w.deliver()).to.deep.equal({ sent: 0, failed: 0, queued: 1 });
    const [mail] = await w.t.c.repos.mailOutbox.list({ kind: 'password_reset' });
    expect(mail.status).to.equal('queued');
    const list = await admin.get('/admin/outbox?status=queued&kind=password_reset').expect(200);
    expect(list.text).to.include(`#${mail.id}`).and.to.include('SMTP_URL is not set');
    const opened = await admin.get(`/admin/outbox/${mail.id}`).expect(200);
    expect(opened.text).to.include('reset your password').and.to.include('/reset/••••••');
    expect(opened.text).not.to.include(String(mail.payload.token));
    const api = await w.api('get', `/outbox/${mail.id}`).expect(200);
    expect(JSON.stringify(api.body)).not.to.include(String(mail.payload.token));
    const dashboard = await admin.get('/admin').expect(200);
    expect(dashboard.text).to.include('waiting in the outbox').and.to.include('No support contact is set');
    const retry = await form(admin, `/admin/outbox/${mail.id}`, `/admin/outbox/${mail.id}/retry`, {});
    expect(retry.status).to.equal(302);
    expect((await w.t.c.repos.mailOutbox.find(mail.id))?.status).to.equal('queued');
  });

  it('filters the outbox page by status, kind and recipient, and refuses an unknown filter plainly', async () => {
    const byTo = await admin.get(`/admin/outbox?to=${encodeURIComponent(w.client.email.slice(0, 6))}`).expect(200);
    expect(byTo.text).to.include(w.client.email);
    const none = await admin.get('/admin/outbox?to=nobody%25').expect(200);
    expect(none.text).to.include('No mails match these filters');
    const bad = await admin.get('/admin/outbox?kind=nonsense').expect(200);
    expect(bad.text).to.include('Unknown filter value');
  });

  it('queues a welcome email from the service page button, inline as JSON and as a notice without script', async () => {
    const id = await seeded('vpn-welcome-1');
    const show = await admin.get(`/admin/services/${id}`).expect(200);
    expect(show.text).to.include('Resend welcome email');
    const json = await admin.post(`/admin/services/${id}/welcome-email`).set('Accept', 'application/json').type('form').send({ _csrf: csrfFrom(show.text) });
    expect(json.status).to.equal(202);
    expect(json.body.message).to.match(/queued as mail #\d+/);
    const plain = await admin.post(`/admin/services/${id}/welcome-email`).type('form').send({ _csrf: csrfFrom(show.text) });
    expect(plain.status).to.equal(302);
    // an admin opening the queued welcome email sees it composed from the panel now, its password masked
    const opened = await admin.get(`/admin/outbox/${json.body.mail_id}`).expect(200);
    expect(opened.text).to.include('vpn-welcome-1.conf').and.to.include('inline image');
  });

  it('saves the company profile, refusing bad values with what was typed, and brands pages and mails with it', async () => {
    const bad = await form(admin, '/admin/settings', '/admin/settings', { companyName: '', logoUrl: 'ftp://logo', supportUrl: 'not a url', supportEmail: 'nope', legalName: '', address: '', taxId: '' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.include('Company name is required').and.to.include('must be an http:// or https:// address').and.to.include('value="not a url"');
    expect(await w.t.c.repos.settings.get('company_profile')).to.equal(null);
    const ok = await form(admin, '/admin/settings', '/admin/settings', { companyName: 'Example VPN', logoUrl: '', supportUrl: 'https://help.example.test', supportEmail: 'help@example.test', legalName: 'Example VPN Ltd', address: '1 Main St\nTown', taxId: 'EU123' });
    expect(ok.status).to.equal(302);
    const settings = await admin.get('/admin/settings').expect(200);
    expect(settings.text).to.include('Last saved by');
    // a suspended service's page names the support that now exists
    const id = await seeded('vpn-state-1', 'suspended');
    const customer = (await loginAs(w.t.app, w.client.email, 'client', PASSWORD)).agent;
    const state = await customer.get(`/services/${id}`).expect(200);
    expect(state.text).to.include('Example VPN').and.to.include('href="https://help.example.test"').and.to.include('mailto:help@example.test');
    // queued mails take the brand too
    await w.api('post', `/services/${id}/actions/unsuspend`).expect(200);
    const [notice] = await w.t.c.repos.mailOutbox.list({ kind: 'service_unsuspended' });
    expect(notice.subject).to.match(/^Example VPN: /);
    const dashboard = await admin.get('/admin').expect(200);
    expect(dashboard.text).not.to.include('No support contact is set');
  });

  it('names no support on a state page when none is set', async () => {
    await form(admin, '/admin/settings', '/admin/settings', { companyName: 'Example VPN', logoUrl: '', supportUrl: '', supportEmail: '', legalName: '', address: '', taxId: '' });
    const id = await seeded('vpn-state-2', 'suspended');
    const customer = (await loginAs(w.t.app, w.client.email, 'client', PASSWORD)).agent;
    const state = await customer.get(`/services/${id}`).expect(200);
    expect(state.text).to.include('This service is suspended');
    expect(state.text.toLowerCase()).not.to.include('contact support').and.not.to.include('support-contact');
  });
});
