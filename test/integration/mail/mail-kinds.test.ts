/**
 * Every mail kind the portal sends, delivered over a real SMTP server on loopback and read back with
 * mailparser: what each says, the welcome email's attachments byte for byte as the fake panel served
 * them, and no secret of the installation in any of them.
 */
import { expect } from 'chai';
import request from 'supertest';
import { hashToken } from '../../../server/repositories/user-tokens.repository.js';
import { TEST_APP_KEY, storedPassword } from '../../support/test-app.js';
import { loginAs } from '../../support/login.js';
import { dialect } from '../../support/test-db.js';
import { csrfToken } from '../../support/login.js';
import { PUBLIC_URL, SMTP_PASSWORD, panelServes, useMailWorld } from './mail-world.js';

describe(`mail kinds over SMTP (${dialect})`, () => {
  const w = useMailWorld();
  const secrets = () => [w.panel.token, TEST_APP_KEY, 'test-session-secret-0123456789', SMTP_PASSWORD, w.token];

  /** Asserts that no installation secret appears anywhere in the raw mail. */
  const expectNoSecrets = (raw: Buffer) => {
    const text = raw.toString('utf8');
    for (const secret of secrets()) expect(text, 'a secret of the installation is in a mail').not.to.include(secret);
  };

  it('sends the welcome email after a create, with every config of the network attached exactly as the panel served it', async () => {
    const { id, name } = await w.activeService();
    const [queued] = (await w.api('get', `/outbox?kind=welcome&to=${encodeURIComponent(w.client.email)}`).expect(200)).body.mails;
    expect(queued).to.include({ kind: 'welcome', to: w.client.email, status: 'queued', attempts: 0 });
    expect(await w.deliver()).to.deep.equal({ sent: 1, failed: 0, queued: 0 });
    const mail = await w.sink.waitFor((m) => m.envelope.to.includes(w.client.email) && /is ready/.test(m.parsed.subject ?? ''));
    expect(mail.envelope.from).to.equal('no-reply@example.test');
    const files = Object.fromEntries(mail.parsed.attachments.map((a) => [a.filename, a]));
    expect(Object.keys(files).filter((f) => !f.endsWith('.png')).sort()).to.deep.equal([`${name}-awg.conf`, `${name}.conf`, `${name}.ovpn`, `${name}.sswan`].sort());
    const wg = await panelServes(w.panel, `/client/${name}/config/text`);
    const awg = await panelServes(w.panel, `/client/${name}/amneziawg/config`);
    const ovpn = await panelServes(w.panel, `/client/${name}/openvpn/profile`);
    const sswan = await panelServes(w.panel, `/client/${name}/ikev2/profile`);
    expect(files[`${name}.conf`].content.equals(Buffer.from(String(wg.config)))).to.equal(true);
    expect(files[`${name}-awg.conf`].content.equals(Buffer.from(String(awg.config)))).to.equal(true);
    expect(files[`${name}.ovpn`].content.equals(Buffer.from(String(ovpn.profile)))).to.equal(true);
    expect(JSON.parse(files[`${name}.sswan`].content.toString('utf8'))).to.deep.equal(sswan.profile);
    // the QR codes are inline images, the PNG bytes the panel served
    const wgQr = String((await panelServes(w.panel, `/client/${name}/config/qr`)).qr);
    const inline = mail.parsed.attachments.filter((a) => a.contentType === 'image/png');
    expect(inline).to.have.length(2);
    expect(inline.some((a) => a.content.equals(Buffer.from(wgQr.split(',')[1], 'base64')))).to.equal(true);
    // shown in the body (mailparser turns the cid: references into data: images when it reads them)
    expect(inline.every((a) => a.related === true && Boolean(a.contentId))).to.equal(true);
    expect(mail.raw.toString('utf8')).to.match(/src=3D"cid:image1\.\d+@portal"|src="cid:image1\.\d+@portal"/);
    // the customer's own details, in both parts
    const record = w.panel.state.clients.get(name);
    const password = await storedPassword(w.t.c, id);
    for (const part of [mail.parsed.text ?? '', String(mail.parsed.html)]) {
      expect(part).to.include(name).and.to.include(String(record?.username)).and.to.include(String(password));
      expect(part).to.include('https://example.test/how-to-connect').and.to.include(`${PUBLIC_URL}/services/${id}`);
    }
    expectNoSecrets(mail.raw);
    const row = await w.outboxRow(queued.id);
    expect(row).to.include({ status: 'sent' });
    expect(Number(row.attempts)).to.equal(1);
  });

  it('leaves the password out of the welcome email when the product never shows it', async () => {
    const product = await w.t.c.repos.products.findById(w.productId);
    await request(w.t.app).put(`/api/admin/products/${w.productId}/config`).set('Authorization', `Bearer ${w.token}`).send({ ...(product?.config as object), show_password: 'no' }).expect(200);
    const { id } = await w.activeService();
    await w.deliver();
    const password = await storedPassword(w.t.c, id);
    const mail = await w.sink.waitFor((m) => (m.parsed.text ?? '').includes(`/services/${id}`));
    expect(mail.raw.toString('utf8')).not.to.include(String(password));
    expect(mail.parsed.text).not.to.match(/^Password:/m);
    await request(w.t.app).put(`/api/admin/products/${w.productId}/config`).set('Authorization', `Bearer ${w.token}`).send({ ...(product?.config as object), show_password: 'button' }).expect(200);
  });

  it('sends a notice of its own kind after suspend, unsuspend and terminate, with the reason given', async () => {
    const { id } = await w.activeService();
    await w.api('post', `/services/${id}/actions/suspend`).send({ reason: 'Invoice 2026-000042 is overdue' }).expect(200);
    await w.api('post', `/services/${id}/actions/unsuspend`).expect(200);
    await w.api('post', `/services/${id}/actions/terminate`).send({ reason: 'Closed at your request' }).expect(200);
    const kinds = (await w.api('get', `/outbox?to=${encodeURIComponent(w.client.email)}`).expect(200)).body.mails.filter((m: { subject: string }) => m.subject.includes('"VPN')).map((m: { kind: string }) => m.kind);
    expect(kinds).to.include.members(['service_suspended', 'service_unsuspended', 'service_terminated']);
    await w.deliver();
    const suspended = await w.sink.waitFor((m) => /is suspended/.test(m.parsed.subject ?? '') && (m.parsed.text ?? '').includes(`#${id}`));
    expect(suspended.parsed.text).to.include('Reason: Invoice 2026-000042 is overdue');
    expect(suspended.parsed.html).to.include('Invoice 2026-000042 is overdue');
    const back = await w.sink.waitFor((m) => /active again/.test(m.parsed.subject ?? '') && (m.parsed.text ?? '').includes(`#${id}`));
    const ended = await w.sink.waitFor((m) => /has ended/.test(m.parsed.subject ?? '') && (m.parsed.text ?? '').includes(`#${id}`));
    expect(ended.parsed.text).to.include('Reason: Closed at your request');
    for (const m of [suspended, back, ended]) expectNoSecrets(m.raw);
  });

  it('sends no notice when the admin unticks "mail the customer"', async () => {
    const { id } = await w.activeService();
    const before = (await w.api('get', '/outbox?kind=service_suspended').expect(200)).body.mails.length;
    await w.api('post', `/services/${id}/actions/suspend`).send({ notify: false }).expect(200);
    expect((await w.api('get', '/outbox?kind=service_suspended').expect(200)).body.mails).to.have.length(before);
  });

  it('mails a reset link with a token stored only hashed, and an email-change link to the new address', async () => {
    const agent = request.agent(w.t.app);
    const csrf = await csrfToken(agent, '/forgot');
    await agent.post('/forgot').type('form').send({ _csrf: csrf, email: w.client.email }).expect(200);
    await w.deliver();
    const reset = await w.sink.waitFor((m) => /reset your password/.test(m.parsed.subject ?? ''));
    const link = new RegExp(`${PUBLIC_URL}/reset/([A-Za-z0-9_-]+)`).exec(reset.parsed.text ?? '');
    expect(link, 'no reset link in the mail').to.not.equal(null);
    const token = (link as RegExpExecArray)[1];
    expect(reset.parsed.html).to.include(`${PUBLIC_URL}/reset/${token}`);
    expect(await w.t.c.db('user_tokens').where({ token_hash: hashToken(token) }).first()).to.not.equal(undefined);
    const stored = JSON.stringify(await w.t.c.db('user_tokens').select()) + JSON.stringify(await w.t.c.db('mail_outbox').select());
    expect(stored, 'the plain token is stored').not.to.include(token);
    expectNoSecrets(reset.raw);

    const { agent: customer, csrf: token2 } = await loginAs(w.t.app, w.client.email);
    const accountCsrf = await csrfToken(customer, '/account');
    await customer.post('/account/email').type('form').send({ _csrf: accountCsrf, email: 'ada.new@example.test', current_password: 'correct horse battery' }).expect(302);
    expect(token2).to.be.a('string');
    await w.deliver();
    const change = await w.sink.waitFor((m) => m.envelope.to.includes('ada.new@example.test'));
    expect(change.parsed.subject).to.match(/confirm your new email/);
    expect(change.parsed.text).to.match(new RegExp(`${PUBLIC_URL}/account/email/[A-Za-z0-9_-]+`));
    expectNoSecrets(change.raw);
  });

  it('answers the API outbox in the contract shape, newest first, filtered by status, kind and recipient', async () => {
    const all = (await w.api('get', '/outbox').expect(200)).body.mails as { id: number; kind: string; to: string; status: string }[];
    expect(all.length).to.be.greaterThan(3);
    expect(Object.keys(all[0]).sort()).to.include.members(['id', 'kind', 'to', 'subject', 'status', 'attempts', 'last_error', 'created_at', 'sent_at']);
    expect(all.map((m) => m.id)).to.deep.equal([...all.map((m) => m.id)].sort((a, b) => b - a));
    const sent = (await w.api('get', '/outbox?status=sent&kind=welcome').expect(200)).body.mails as typeof all;
    expect(sent.length).to.be.greaterThan(0);
    expect(sent.every((m) => m.status === 'sent' && m.kind === 'welcome')).to.equal(true);
    const res = await w.api('get', '/outbox?status=bogus').expect(422);
    expect(res.body.fields).to.have.property('status');
  });
});
