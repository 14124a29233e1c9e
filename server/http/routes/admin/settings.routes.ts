/**
 * /admin/settings: the company profile (name, logo, support contacts, seller details) that mails and
 * customer pages use, and the mail configuration as the portal read it (read only: it is environment).
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { readCompanyProfile } from '../../../domain/settings/company-profile.js';
import { lastProfileChange, saveCompanyProfile } from '../../../domain/settings/save-company-profile.js';
import type { User } from '../../../domain/types.js';
import { submitForm } from '../../form.js';
import { currentUser } from '../../middleware/auth-guards.js';
import { setNotice } from '../../middleware/page-locals.js';
import { noteAudit } from '../../middleware/audit-trail.js';

/** Builds the /admin/settings router. */
export function settingsPages(c: Container): Router {
  const router = Router();
  const locals = async () => ({
    title: 'Settings',
    changed: await lastProfileChange(c.deps),
    mail: { sending: c.mail.sending, smtpHost: c.mail.smtpHost, from: c.mail.from, publicUrl: c.mail.publicUrl, retrySeconds: c.config.mailRetrySeconds },
  });
  router.get('/', async (_req, res) => {
    const profile = await readCompanyProfile(c.repos.settings);
    res.render('admin/settings', { ...(await locals()), values: profile, errors: {} });
  });
  router.post('/', (req, res) =>
    submitForm(req, res, async () => ({ view: 'admin/settings', locals: await locals() }), async () => {
      const before = await readCompanyProfile(c.repos.settings);
      const after = await saveCompanyProfile(c.deps, req.body, (currentUser(req) as User).email);
      noteAudit(res, { entity: 'settings', entityId: 'company_profile', action: 'update', before, after });
      setNotice(req, 'Settings saved. Mails and customer pages use them from now on.');
      return '/admin/settings';
    }),
  );
  return router;
}
