import { expect } from 'chai';
import request from 'supertest';
import { buildAdmin } from '../support/factories.js';
import { csrfFrom, loginAs } from '../support/login.js';
import { dialect } from '../support/test-db.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

describe(`the installation's default language (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('is chosen on /admin/settings and read by visitors whose browser names none of the shipped languages', async () => {
    const admin = await buildAdmin(t.c);
    const { agent } = await loginAs(t.app, admin.email, 'admin');
    const page = await agent.get('/admin/settings').set('Accept-Language', 'ru');
    // the admin area stays English whatever the browser asks for
    expect(page.text).to.match(/<html lang="en" dir="ltr">/).and.contain('Default language');
    const bad = await agent.post('/admin/settings/language').type('form').send({ _csrf: csrfFrom(page.text), language: 'xx' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('Choose one of the languages listed');
    expect(await t.c.repos.settings.get('default_language')).to.equal(null);
    const ok = await agent.post('/admin/settings/language').type('form').send({ _csrf: csrfFrom(page.text), language: 'pl' });
    expect(ok.status).to.equal(302);
    expect((await agent.get('/admin/settings')).text).to.contain('Default language saved: Polski.').and.contain('<option value="pl" selected>');

    const visitor = request(t.app);
    const none = await visitor.get('/login');
    expect(none.text).to.match(/<html lang="pl"/).and.contain('Nie pamiętasz hasła?');
    const german = await visitor.get('/forgot').set('Accept-Language', 'de');
    expect(german.text).to.match(/<html lang="pl"/).and.contain('Resetowanie hasła');
    const asked = await visitor.get('/login').set('Accept-Language', 'uk-UA,uk;q=0.9');
    expect(asked.text).to.match(/<html lang="uk"/);
    expect(asked.headers.vary).to.match(/Accept-Language/);
    // a request refused before it reached the pages (a control character) is answered in the visitor's language
    const refused = await visitor.get('/login?next=%01').set('Accept-Language', 'tr');
    expect(refused.status).to.equal(400);
    expect(refused.text).to.match(/<html lang="tr"/).and.contain('İstek reddedildi');
    await t.c.repos.settings.set('default_language', 'en');
  });
});
