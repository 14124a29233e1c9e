/**
 * Mails in the recipient's language, written when the mail is composed: the welcome email delivered
 * over SMTP in Persian (right to left, no English left), a lifecycle notice in Russian after the
 * customer changed their language between queueing and delivery, and an admin's reset in English.
 */
import { expect } from 'chai';
import { queueMail } from '../../../server/domain/mail/queue-mail.js';
import { buildAdmin } from '../../support/factories.js';
import { dialect } from '../../support/test-db.js';
import { untranslatedWords } from '../../support/untranslated.js';
import { useMailWorld } from './mail-world.js';

describe(`mails in the recipient's language (${dialect})`, () => {
  const w = useMailWorld();
  afterEach(() => w.t.c.repos.users.update(w.client.id, { language: null }));

  it('sends the welcome email in Persian, right to left, its subject and both parts translated', async () => {
    await w.t.c.repos.users.update(w.client.id, { language: 'fa' });
    const { id, name } = await w.activeService();
    expect(await w.deliver()).to.include({ sent: 1, failed: 0 });
    const mail = await w.sink.waitFor((m) => m.envelope.to.includes(w.client.email) && (m.parsed.subject ?? '').includes('آماده است'));
    const product = (await w.t.c.repos.products.findById((await w.t.c.repos.services.findById(id))!.productId))!.name;
    expect(mail.parsed.subject).to.equal(`VPN portal: سرویس VPN «${product}» شما آماده است`);
    const html = String(mail.parsed.html);
    expect(html).to.match(/<html lang="fa" dir="rtl">/).and.match(/<body dir="rtl"/);
    expect(html).to.contain('رمز عبور').and.contain('پیوست‌ها');
    const record = w.panel.state.clients.get(name);
    const data = [product, name, String(record?.username), String(record?.password), String(record?.ipv4), w.client.email, w.client.name, 'VPN portal'];
    expect(untranslatedWords(html, data)).to.deep.equal([]);
    expect(untranslatedWords(mail.parsed.text ?? '', data)).to.deep.equal([]);
  });

  it('writes a notice in the language the customer has when it is composed, not when it was queued', async () => {
    const { id } = await w.activeService();
    await w.deliver();
    await w.t.c.deps.inTransaction((tx) => queueMail(tx, { kind: 'service_suspended', to: w.client.email, userId: w.client.id, serviceId: id, data: { name: w.client.name, serviceId: id, productName: 'Plan', accountName: null, reason: 'Unpaid invoice #7' } }));
    await w.t.c.repos.users.update(w.client.id, { language: 'ru' });
    expect(await w.deliver()).to.include({ sent: 1 });
    const mail = await w.sink.waitFor((m) => (m.parsed.subject ?? '').includes('приостановлена'));
    expect(mail.parsed.subject).to.equal('VPN portal: услуга «Plan» приостановлена');
    expect(mail.parsed.text).to.contain('Здравствуйте, Ada Customer!').and.contain('Причина: Unpaid invoice #7');
    expect(String(mail.parsed.html)).to.match(/<html lang="ru" dir="ltr">/);
    // the outbox lists it as the admin reads it
    const [row] = (await w.api('get', `/outbox?kind=service_suspended`).expect(200)).body.mails;
    expect(row.subject).to.equal('VPN portal: your service "Plan" is suspended');
  });

  it('mails an admin in English, whatever the installation\'s default', async () => {
    await w.t.c.repos.settings.set('default_language', 'tr');
    const admin = await buildAdmin(w.t.c);
    await w.t.c.deps.inTransaction((tx) => queueMail(tx, { kind: 'password_reset', to: admin.email, userId: admin.id, data: { name: admin.name, role: 'admin', token: 'x'.repeat(43), validMinutes: 60 } }));
    await w.t.c.deps.inTransaction((tx) => queueMail(tx, { kind: 'password_reset', to: 'nobody@example.test', userId: null, data: { name: 'Nobody', role: 'client', token: 'y'.repeat(43), validMinutes: 60 } }));
    await w.deliver();
    const english = await w.sink.waitFor((m) => m.envelope.to.includes(admin.email));
    expect(english.parsed.subject).to.equal('VPN portal: reset your password');
    expect(english.parsed.text).to.contain('(administrator)');
    // a recipient without an account of their own reads the installation's default
    const turkish = await w.sink.waitFor((m) => m.envelope.to.includes('nobody@example.test'));
    expect(turkish.parsed.subject).to.equal('VPN portal: parolanızı sıfırlayın');
    await w.t.c.repos.settings.set('default_language', 'en');
  });
});
