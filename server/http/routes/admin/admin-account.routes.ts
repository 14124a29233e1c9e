/**
 * An admin's own account (/admin/account): their password, their second factor and their sessions.
 */
import { Router, type Request, type Response } from 'express';
import type { Container } from '../../../container.js';
import type { User } from '../../../domain/types.js';
import { changePassword } from '../../../domain/users/account.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { ValidationError } from '../../../errors.js';
import { MIN_PASSWORD_LENGTH } from '../../../auth/password.js';
import { currentUser } from '../../middleware/auth-guards.js';
import { noteAudit } from '../../middleware/audit-trail.js';
import { setNotice } from '../../middleware/page-locals.js';
import { passwordChangeSchema } from '../../schemas/account.schema.js';
import { accountSecurityRoutes, securityLocals, type AccountFailure } from '../account-security.routes.js';

/** Builds the /admin/account router. */
export function adminAccountPages(c: Container): Router {
  const router = Router();
  const page = async (req: Request, res: Response, failed?: AccountFailure) => {
    const user = currentUser(req) as User;
    res.status(failed ? 422 : 200).render('admin/account', { title: 'My account', user, failed: failed ?? null, minLength: MIN_PASSWORD_LENGTH, values: {}, ...(await securityLocals(c, req, user)) });
  };
  router.get('/', (req, res) => page(req, res));
  router.post('/password', async (req, res) => {
    const user = currentUser(req) as User;
    try {
      const input = parseOrThrow(passwordChangeSchema, req.body);
      await changePassword(c.deps, user.id, { currentPassword: input.current_password, password: input.password }, req.sessionID);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return page(req, res, { section: 'password', errors: err.fields ?? {}, message: err.message });
    }
    noteAudit(res, { entity: 'admins', entityId: user.id, action: 'password', changes: { password: { to: 'changed' } } });
    setNotice(req, 'Your password was changed. Your other sessions were signed out.');
    res.redirect('/admin/account');
  });
  accountSecurityRoutes(router, c, '/admin/account', page);
  return router;
}
