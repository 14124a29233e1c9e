/**
 * The customer's account page (/account): name, password, email and the signed-in sessions. Each section
 * is its own form; a bad value re-renders the page (422) with what was typed beside the message, and
 * nothing of that form is saved.
 */
import { Router, type Request, type Response } from 'express';
import type { Container } from '../../../container.js';
import type { User } from '../../../domain/types.js';
import { changeName, changePassword, pendingEmailChange, requestEmailChange } from '../../../domain/users/account.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { ValidationError } from '../../../errors.js';
import { MIN_PASSWORD_LENGTH } from '../../../auth/password.js';
import { currentUser } from '../../middleware/auth-guards.js';
import { setNotice } from '../../middleware/page-locals.js';
import { emailChangeSchema, nameSchema, passwordChangeSchema } from '../../schemas/account.schema.js';
import { customerFields, customerText } from '../../../i18n/customer-messages.js';
import { changeLanguage, parseLanguage } from '../../../domain/users/user-language.js';
import { pageLocale } from '../../middleware/language-locals.js';
import { rememberLanguage } from '../language.routes.js';
import { accountSecurityRoutes, securityLocals } from '../account-security.routes.js';

type Section = 'name' | 'password' | 'email' | 'language' | 'two-factor';

/** Builds the /account router. */
export function accountPages(c: Container): Router {
  const router = Router();
  const page = async (req: Request, res: Response, failed?: { section: string; errors: Record<string, string>; message: string }) => {
    const user = currentUser(req) as User;
    const locale = pageLocale(res);
    const values: Record<string, unknown> = { name: user.name, email: '' };
    // what was typed comes back, never a password
    if (failed) for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) if (!/password/.test(k)) values[k] = v;
    res.status(failed ? 422 : 200).render('client/account', {
      title: locale.t('account.title'),
      user,
      values,
      failed: failed ? { ...failed, errors: customerFields(locale, failed.errors), message: customerText(locale, failed.message) } : null,
      minLength: MIN_PASSWORD_LENGTH,
      pendingEmail: await pendingEmailChange(c.deps, user.id),
      ...(await securityLocals(c, req, user, pageLocale(res))),
    });
  };
  const submit = (section: Section, action: (req: Request, user: User, res: Response) => Promise<string>) => async (req: Request, res: Response) => {
    try {
      setNotice(req, await action(req, currentUser(req) as User, res));
      res.redirect('/account');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await page(req, res, { section, errors: err.fields ?? {}, message: err.message });
    }
  };

  router.get('/', (req, res) => page(req, res));
  router.post(
    '/name',
    submit('name', async (req, user, res) => {
      await changeName(c.deps, user.id, parseOrThrow(nameSchema, req.body).name);
      return pageLocale(res).t('account.nameSaved');
    }),
  );
  router.post(
    '/password',
    submit('password', async (req, user, res) => {
      const input = parseOrThrow(passwordChangeSchema, req.body);
      await changePassword(c.deps, user.id, { currentPassword: input.current_password, password: input.password }, req.sessionID);
      return pageLocale(res).t('account.passwordChanged');
    }),
  );
  router.post(
    '/email',
    submit('email', async (req, user, res) => {
      const input = parseOrThrow(emailChangeSchema, req.body);
      await requestEmailChange(c.deps, user.id, { email: input.email, currentPassword: input.current_password });
      return pageLocale(res).t('account.emailSent', { email: input.email, current: user.email });
    }),
  );
  router.post(
    '/language',
    submit('language', async (req, user, res) => {
      const code = parseLanguage((req.body as Record<string, unknown>).language);
      await changeLanguage(c.deps, user.id, code);
      // the same choice for the sign-in page of this browser, which reads it before anyone signs in
      rememberLanguage(res, code, c.config.cookieSecure);
      return c.i18n.locale(code).t('account.languageSaved');
    }),
  );
  accountSecurityRoutes(router, c, '/account', page);
  return router;
}
