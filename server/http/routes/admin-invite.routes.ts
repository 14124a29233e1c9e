/**
 * The link of an admin invitation (/admin/invite/:token): the invited admin chooses a password, then
 * signs in (with ADMIN_2FA=required, enrolling their second factor on the way).
 */
import type { Request, Response, Router } from 'express';
import type { Container } from '../../container.js';
import type { User } from '../../domain/types.js';
import { acceptInvite, inviteLinkUser } from '../../domain/users/admins.js';
import { InvalidLinkError } from '../../domain/users/password-reset.js';
import { fieldErrors } from '../../domain/validation.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/password.js';
import { resetSchema } from '../schemas/account.schema.js';

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
const tokenOf = (req: Request) => (typeof req.params.token === 'string' && TOKEN.test(req.params.token) ? req.params.token : '');

/** Adds the invitation's page and form to the app. */
export function adminInviteRoutes(router: Router, c: Container): void {
  const form = (res: Response, user: User, token: string, errors: Record<string, string> = {}) =>
    res.render('auth/reset', { title: 'Choose your admin password', action: `/admin/invite/${token}`, email: user.email, minLength: MIN_PASSWORD_LENGTH, errors, values: {} });
  const invalid = (res: Response) => res.status(410).render('auth/link-invalid', { title: 'Link expired', again: '/admin/login', againLabel: 'Ask the admin who invited you for a new invitation, or sign in' });
  router.get('/admin/invite/:token', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const token = tokenOf(req);
    const user = token ? await inviteLinkUser(c.deps, token) : null;
    if (!user) return invalid(res);
    form(res, user, token);
  });
  router.post('/admin/invite/:token', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const token = tokenOf(req);
    const user = token ? await inviteLinkUser(c.deps, token) : null;
    if (!user) return invalid(res);
    const parsed = resetSchema.safeParse(req.body ?? {});
    if (!parsed.success) return form(res.status(422), user, token, fieldErrors(parsed.error));
    try {
      await acceptInvite(c.deps, token, parsed.data.password);
    } catch (err) {
      if (err instanceof InvalidLinkError) return invalid(res);
      throw err;
    }
    res.redirect('/admin/login?invite=done');
  });
}
