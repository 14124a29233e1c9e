/**
 * A customer who forgot their password, in Debian's Chromium: the sign-in page's "Forgot your password?"
 * link, the form, the mail as a real SMTP server on loopback receives it (the portal's own sender loop
 * delivers it), the link, the new password, and signing in with it.
 */
import type { Server } from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { MailSink } from '../../demo/mail-sink.js';
import { launchChromium, recordPageErrors, serveOnLoopback, stopServing } from '../support/browser.js';
import { buildClient } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

describe('password reset in a browser', function () {
  this.timeout(60_000);
  const sink = new MailSink();
  let t: TestApp;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    t = await buildTestApp({ env: { SMTP_URL: await sink.start(), PUBLIC_URL: 'https://portal.example.test' } });
    // the in-process sender, on a short interval, as npm start runs it
    t.c.mail.worker.start(200);
    ({ server, origin } = await serveOnLoopback(t.app));
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    recordPageErrors(page, errors);
  });
  after(async () => {
    await browser?.close();
    await t.c.mail.worker.stop();
    await stopServing(server);
    await sink.stop();
    await t.close();
  });

  it('walks forgot → mail → reset → sign in', async () => {
    const client = await buildClient(t.c, { email: 'forgetful@example.test', name: 'Forgetful Customer' });
    await page.goto(`${origin}/login`);
    await Promise.all([page.waitForURL(`${origin}/forgot`), page.click('text=Forgot your password?')]);
    await page.fill('#email', client.email);
    await page.click('button[type=submit]');
    expect(await page.textContent('.notice-ok')).to.contain('If an account uses forgetful@example.test');

    const mail = await sink.waitFor((m) => m.envelope.to.includes(client.email), 15_000);
    expect(mail.parsed.subject).to.match(/reset your password/);
    const link = /https:\/\/portal\.example\.test(\/reset\/[A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '');
    expect(link, 'the mail has no reset link').to.not.equal(null);
    // PUBLIC_URL names the installation's address; the test portal listens on a loopback port
    await page.goto(`${origin}${(link as RegExpExecArray)[1]}`);
    expect(await page.textContent('h1')).to.equal('Choose a new password');
    await page.fill('#f-password', 'my new long passphrase');
    await page.fill('#f-password_confirm', 'my new long passphrase');
    await Promise.all([page.waitForURL(`${origin}/login?reset=done`), page.click('button[type=submit]')]);
    expect(await page.textContent('.notice-ok')).to.contain('Your password was changed');

    await page.fill('#email', client.email);
    await page.fill('#password', 'my new long passphrase');
    await Promise.all([page.waitForURL(`${origin}/`), page.click('button[type=submit]')]);
    expect(await page.textContent('h1')).to.equal('My services');
    // the link was used up
    await page.goto(`${origin}${(link as RegExpExecArray)[1]}`);
    expect(await page.textContent('h1')).to.equal('Link expired');
    expect(errors.filter((e) => !e.startsWith('Failed to load resource'))).to.deep.equal([]);
  });
});
