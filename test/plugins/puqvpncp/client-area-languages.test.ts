import { expect } from 'chai';
import request from 'supertest';
import { untranslatedWords } from '../../support/untranslated.js';
import { csrfFrom } from '../../support/login.js';
import { BASE, useClientAreaWorld } from './client-area-helpers.js';

describe('client area in the customer\'s language', () => {
  const w = useClientAreaWorld();
  const setLanguage = (id: number, language: string | null) => w.t.c.repos.users.update(id, { language });
  afterEach(() => setLanguage(w.customer.id, null));

  async function productName(productId: number): Promise<string> {
    return (await w.t.c.repos.products.findById(productId))!.name;
  }

  it('writes the service page in Persian, right to left, with no English left but the data and the kept terms', async () => {
    const productId = await w.product({ instruction_url: 'https://help.example.com/vpn', show_password: 'button' });
    const s = await w.active({ productId, serverId: await w.freshServer() });
    w.panel.setOnline(s.name, [{ protocol: 'wireguard', endpoint: '198.51.100.4:51820', transfer_rx: 2_000_000, transfer_tx: 1_500_000_000 }]);
    await setLanguage(w.customer.id, 'fa');
    const res = await w.customer.agent.get(`/services/${s.id}`);
    expect(res.status).to.equal(200);
    expect(res.text).to.match(/<html lang="fa" dir="rtl">/);
    expect(res.text).to.contain('وضعیت اتصال').and.contain('برخط');
    // Persian digits and Gregorian months from Intl
    expect(res.text).to.contain('۱٫۵ GB').and.contain('نوامبر');
    // data: the product, the VPN client, the network, and the company name (admin Settings, its default here)
    expect(untranslatedWords(res.text, [await productName(productId), s.name, s.username, 'main', 'VPN portal'])).to.deep.equal([]);
    // the browser script gets its texts in the page's language
    expect(res.text).to.contain(`data-texts="${'{&#34;status.online&#34;:&#34;برخط&#34;'}`);
  });

  it('answers the status JSON in the page\'s language, numbers and times included', async () => {
    const s = await w.active({ serverId: await w.freshServer() });
    w.panel.setOnline(s.name, [{ protocol: 'wireguard', transfer_rx: 999, transfer_tx: 3_000 }]);
    await setLanguage(w.customer.id, 'ru');
    const res = await w.customer.agent.get(`${BASE}/services/${s.id}/status.json`);
    expect(res.body.sessions[0]).to.include({ downloaded: '3,0 кБ', uploaded: '999 байт', handshakeAgo: 'сейчас' });
    expect(res.body.checkedLabel).to.match(/^\d{1,2} [а-я]+\.? \d{4} г\., \d\d:\d\d:\d\d UTC$/);
  });

  it('writes the state page of a suspended service and the customer\'s errors in Ukrainian', async () => {
    const s = await w.inState('suspended');
    await setLanguage(w.customer.id, 'uk');
    const page = await w.customer.agent.get(`/services/${s.id}`);
    expect(page.text).to.match(/<html lang="uk" dir="ltr">/).and.contain('Послугу призупинено').and.contain('Призупинена');
    const json = await w.customer.agent.get(`${BASE}/services/${s.id}/status.json`);
    expect(json.status).to.equal(409);
    expect(json.body).to.deep.include({ code: 'service_suspended', error: 'Послугу призупинено; дані VPN недоступні, доки її не відновлять.' });
    const missing = await w.customer.agent.get('/services/999999');
    expect(missing.status).to.equal(404);
    expect(missing.text).to.contain('Не знайдено').and.contain('Такої сторінки немає');
  });

  it('writes the traffic page\'s months, days and bytes in Polish', async () => {
    const s = await w.active({ serverId: await w.freshServer() });
    await setLanguage(w.customer.id, 'pl');
    const res = await w.customer.agent.get(`${BASE}/services/${s.id}/traffic?year=2026&month=10`);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('<option value="11">listopad</option>').and.contain('Statystyki ruchu').and.contain('1 paź 2026');
  });

  it('follows Accept-Language until the customer chooses, then the stored choice whatever the browser says', async () => {
    const s = await w.active();
    const zh = await w.customer.agent.get(`/services/${s.id}`).set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.5');
    expect(zh.text).to.match(/<html lang="zh-CN" dir="ltr">/).and.contain('连接状态');
    const tr = await w.customer.agent.get('/').set('Accept-Language', 'tr-TR');
    expect(tr.text).to.match(/<html lang="tr"/).and.contain('Hizmetlerim');
    const unknown = await w.customer.agent.get('/').set('Accept-Language', 'de-DE,de;q=0.9');
    expect(unknown.text).to.match(/<html lang="en"/);
    await setLanguage(w.customer.id, 'ru');
    const stored = await w.customer.agent.get('/').set('Accept-Language', 'tr-TR');
    expect(stored.text).to.match(/<html lang="ru"/).and.contain('Мои услуги');
  });

  it('stores the language chosen on /account, for the pages and the sign-in page of this browser', async () => {
    const account = await w.customer.agent.get('/account');
    expect(account.text).to.contain('<option value="fa"');
    const bad = await w.customer.agent.post('/account/language').type('form').send({ _csrf: csrfFrom(account.text), language: 'xx' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('Choose one of the languages listed');
    expect((await w.t.c.repos.users.findById(w.customer.id))?.language).to.equal(null);
    const ok = await w.customer.agent.post('/account/language').type('form').send({ _csrf: csrfFrom(account.text), language: 'tr' });
    expect(ok.status).to.equal(302);
    expect(String(ok.headers['set-cookie'])).to.match(/lang=tr/);
    expect((await w.t.c.repos.users.findById(w.customer.id))?.language).to.equal('tr');
    const after = await w.customer.agent.get('/account');
    expect(after.text).to.contain('Diliniz kaydedildi.').and.contain('<option value="tr" selected>');
  });

  it('keeps a visitor\'s choice on the sign-in page in a cookie and stores it on the account at sign-in', async () => {
    const visitor = request.agent(w.t.app);
    const login = await visitor.get('/login').set('Accept-Language', 'en');
    expect(login.text).to.contain('action="/language"');
    const chosen = await visitor.post('/language').type('form').send({ _csrf: csrfFrom(login.text), language: 'fa', back: '/login' });
    expect(chosen.status).to.equal(302);
    expect(chosen.headers.location).to.equal('/login');
    const persian = await visitor.get('/login');
    expect(persian.text).to.match(/<html lang="fa" dir="rtl">/).and.contain('رمز عبور را فراموش کرده‌اید؟');
    const email = (await w.t.c.repos.users.findById(w.other.id))!.email;
    const wrong = await visitor.post('/login').type('form').send({ _csrf: csrfFrom(persian.text), email, password: 'not the password' });
    expect(wrong.status).to.equal(401);
    expect(wrong.text).to.contain('ایمیل یا رمز عبور نادرست است.');
    const signedIn = await visitor.post('/login').type('form').send({ _csrf: csrfFrom(persian.text), email, password: 'correct horse battery' });
    expect(signedIn.status).to.equal(302);
    expect((await w.t.c.repos.users.findById(w.other.id))?.language).to.equal('fa');
    // signed in, the chooser stores at once; a language not shipped is refused and nothing changes
    const home = await visitor.get('/');
    const refused = await visitor.post('/language').type('form').send({ _csrf: csrfFrom(home.text), language: 'klingon' });
    expect(refused.status).to.equal(422);
    const turkish = await visitor.post('/language').type('form').send({ _csrf: csrfFrom(home.text), language: 'tr' });
    expect(turkish.headers.location).to.equal('/account');
    expect((await w.t.c.repos.users.findById(w.other.id))?.language).to.equal('tr');
    await setLanguage(w.other.id, null);
  });
});
