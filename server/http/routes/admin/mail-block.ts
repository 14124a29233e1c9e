/**
 * The dashboard's mail warnings, rendered to HTML for its extra blocks: mails that failed (the outbox
 * gave up on them), mails waiting because SMTP_URL is not set, and customer pages that can name no
 * support because Settings has neither a support URL nor an address. Empty when all is well.
 */
import type { Response } from 'express';
import type { Container } from '../../../container.js';
import { readCompanyProfile, supportContact } from '../../../domain/settings/company-profile.js';

/**
 * Renders views/admin/_mail-warnings.ejs with the page's locals.
 * @returns the HTML ('' when there is nothing to say)
 */
export async function mailBlock(c: Container, res: Response): Promise<string> {
  const [counts, profile] = await Promise.all([c.repos.mailOutbox.counts(), readCompanyProfile(c.repos.settings)]);
  const warnings = { failed: counts.failed, waiting: c.mail.sending ? 0 : counts.queued, noSupport: supportContact(profile) === null };
  if (warnings.failed === 0 && warnings.waiting === 0 && !warnings.noSupport) return '';
  return new Promise((resolve, reject) => {
    res.app.render('admin/_mail-warnings', { ...res.locals, warnings }, (err, html) => (err ? reject(err) : resolve(html)));
  });
}
