/**
 * An admin invited by an owner, in Debian's Chromium, with ADMIN_2FA=required: the invitation as a real
 * SMTP server on loopback receives it, the set-password link, the sign-in, the enrolment the portal
 * requires (the QR shown, the code computed from the key the page shows), the recovery codes, the
 * dashboard; then the next sign-in asks for a code.
 */
import type { Server } from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { MailSink } from '../../demo/mail-sink.js';
import { totpCode } from '../../server/auth/totp.js';
import { launchChromium, recordPageErrors, serveOnLoopback, stopServing } from '../support/browser.js';
import { buildAdmin, PASSWORD } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

describe('admin invitation and two-factor enrolment in a browser', function () {
  this.timeout(90_000);
  const sink = new MailSink();
  let t: TestApp;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let owner: Page;
  let invited: Page;
  const errors: string[] = [];

  before(async () => {
    t = await buildTestApp({ env: { SMTP_URL: await sink.start(), PUBLIC_URL: 'https://portal.example.test', ADMIN_2FA: 'required' } });
    t.c.mail.worker.start(200);
    ({ server, origin } = await serveOnLoopback(t.app));
    browser = await launchChromium();
    owner = await (await browser.newContext()).newPage();
    invited = await (await browser.newContext()).newPage();
    recordPageErrors(owner, errors);
    recordPageErrors(invited, errors);
  });
  after(async () => {
    await browser?.close();
    await t.c.mail.worker.stop();
    await stopServing(server);
    await sink.stop();
    await t.close();
  });

  /** The six digits for the key the enrolment page shows. */
  async function codeFor(page: Page): Promise<string> {
    const key = ((await page.textContent('.totp-secret')) ?? '').replace(/\s+/g, '');
    expect(key).to.match(/^[A-Z2-7]{32}$/);
    return totpCode(key, new Date());
  }

  it('walks invite → mail → password → required enrolment → recovery codes → dashboard → code at the next sign-in', async () => {
    const first = await buildAdmin(t.c, 'owner@example.test');
    // the owner enrols too: ADMIN_2FA=required asks them at this sign-in
    await owner.goto(`${origin}/admin/login`);
    await owner.fill('#email', first.email);
    await owner.fill('#password', PASSWORD);
    await Promise.all([owner.waitForURL(`${origin}/admin/login/enrol`), owner.click('button[type=submit]')]);
    await owner.fill('#f-code', await codeFor(owner));
    await owner.click('button[type=submit]');
    expect(await owner.textContent('h1')).to.equal('Your recovery codes');
    await Promise.all([owner.waitForURL(`${origin}/admin`), owner.click('text=Continue')]);

    await owner.goto(`${origin}/admin/admins`);
    await owner.fill('#f-name', 'Sam Support');
    await owner.fill('#f-email', 'sam@example.test');
    await owner.selectOption('#f-admin_role', 'support');
    await owner.click('text=Send the invitation');
    expect(await owner.textContent('.notice-ok')).to.contain('An invitation was mailed to sam@example.test');
    expect(await owner.textContent('table.admins')).to.contain('sam@example.test');

    const mail = await sink.waitFor((m) => m.envelope.to.includes('sam@example.test'), 15_000);
    expect(mail.parsed.subject).to.match(/invited as an administrator/);
    const link = /https:\/\/portal\.example\.test(\/admin\/invite\/[A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '');
    expect(link, 'the mail has no invitation link').to.not.equal(null);
    await invited.goto(`${origin}${(link as RegExpExecArray)[1]}`);
    await invited.fill('#f-password', 'sam chose this passphrase');
    await invited.fill('#f-password_confirm', 'sam chose this passphrase');
    await Promise.all([invited.waitForURL(`${origin}/admin/login?invite=done`), invited.click('button[type=submit]')]);

    await invited.fill('#email', 'sam@example.test');
    await invited.fill('#password', 'sam chose this passphrase');
    await Promise.all([invited.waitForURL(`${origin}/admin/login/enrol`), invited.click('button[type=submit]')]);
    expect(await invited.getAttribute('img.qr', 'src')).to.match(/^data:image\/png;base64,/);
    // no admin page before the enrolment is done
    await invited.goto(`${origin}/admin/clients`);
    expect(invited.url()).to.match(/\/admin\/login\?next=/);
    await invited.goto(`${origin}/admin/login/enrol`);
    await invited.fill('#f-code', '000000');
    await invited.click('button[type=submit]');
    expect(await invited.textContent('.field.has-error')).to.contain('is not the code your app shows now');
    await invited.fill('#f-code', await codeFor(invited));
    await invited.click('button[type=submit]');
    expect(await invited.locator('.recovery-codes li').count()).to.equal(10);
    await Promise.all([invited.waitForURL(`${origin}/admin`), invited.click('text=Continue')]);
    expect(await invited.textContent('nav')).to.contain('Clients').and.not.contain('Settings');

    // the next sign-in asks for the code
    const again = await (await browser.newContext()).newPage();
    recordPageErrors(again, errors);
    await again.goto(`${origin}/admin/login`);
    await again.fill('#email', 'sam@example.test');
    await again.fill('#password', 'sam chose this passphrase');
    await Promise.all([again.waitForURL(`${origin}/admin/login/code`), again.click('button[type=submit]')]);
    expect(errors.filter((e) => !e.startsWith('Failed to load resource'))).to.deep.equal([]);
  });
});
