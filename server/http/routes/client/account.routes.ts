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
import { accountSecurityRoutes, securityLocals } from '../account-security.routes.js';

type Section = 'name' | 'password' | 'email' | 'two-factor';

/** Builds the /account router. */
export function accountPages(c: Container): Router {
  const router = Router();
  const page = async (req: Request, res: Response, failed?: { section: string; errors: Record<string, string>; message: string }) => {
    const user = currentUser(req) as User;
    const values: Record<string, unknown> = { name: user.name, email: '' };
    // what was typed comes back, never a password
    if (failed) for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) if (!/password/.test(k)) values[k] = v;
    res.status(failed ? 422 : 200).render('client/account', {
      title: 'My account',
      user,
      values,
      failed: failed ?? null,
      minLength: MIN_PASSWORD_LENGTH,
      pendingEmail: await pendingEmailChange(c.deps, user.id),
      ...(await securityLocals(c, req, user)),
    });
  };
  const submit = (section: Section, action: (req: Request, user: User) => Promise<string>) => async (req: Request, res: Response) => {
    try {
      setNotice(req, await action(req, currentUser(req) as User));
      res.redirect('/account');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await page(req, res, { section, errors: err.fields ?? {}, message: err.message });
    }
  };

  router.get('/', (req, res) => page(req, res));
  router.post(
    '/name',
    submit('name', async (req, user) => {
      await changeName(c.deps, user.id, parseOrThrow(nameSchema, req.body).name);
      return 'Your name was saved.';
    }),
  );
  router.post(
    '/password',
    submit('password', async (req, user) => {
      const input = parseOrThrow(passwordChangeSchema, req.body);
      await changePassword(c.deps, user.id, { currentPassword: input.current_password, password: input.password }, req.sessionID);
      return 'Your password was changed. Your other sessions were signed out.';
    }),
  );
  router.post(
    '/email',
    submit('email', async (req, user) => {
      const input = parseOrThrow(emailChangeSchema, req.body);
      await requestEmailChange(c.deps, user.id, { email: input.email, currentPassword: input.current_password });
      return `A confirmation link was mailed to ${input.email}. Your email stays ${user.email} until you follow it.`;
    }),
  );
  accountSecurityRoutes(router, c, '/account', page);
  return router;
}
