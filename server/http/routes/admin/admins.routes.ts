/**
 * The admins page (/admin/admins, owners only): every admin with role, second factor and state; invite
 * by email (while SMTP_URL is empty, the link is shown once to the inviting owner instead); disable or
 * enable; change the role; reset a lost second factor.
 */
import { Router, type Request, type Response } from 'express';
import type { Container } from '../../../container.js';
import type { User } from '../../../domain/types.js';
import { inviteAdmin, setAdminDisabled, setAdminRole } from '../../../domain/users/admins.js';
import { resetSecondFactor } from '../../../domain/users/two-factor.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../errors.js';
import { idParam } from '../../form.js';
import { currentUser } from '../../middleware/auth-guards.js';
import { noteAudit } from '../../middleware/audit-trail.js';
import { setNotice } from '../../middleware/page-locals.js';
import { adminRoleSchema, inviteSchema } from '../../schemas/admins.schema.js';

/** Builds the /admin/admins router. */
export function adminsPages(c: Container): Router {
  const router = Router();
  const page = async (req: Request, res: Response, failed?: ValidationError, inviteLink?: string) => {
    const admins = await c.repos.users.list('admin');
    const withTotp = await c.repos.twoFactor.enabledFor(admins.map((a) => a.id));
    const invited = await c.repos.users.invitedAmong(admins.map((a) => a.id));
    res.set('Cache-Control', 'no-store');
    res.status(failed ? 422 : inviteLink ? 201 : 200).render('admin/admins', {
      title: 'Admins',
      inviteLink: inviteLink ?? null,
      me: currentUser(req),
      admins: admins.map((a) => ({ ...a, twoFactor: withTotp.has(a.id), invited: invited.has(a.id) })),
      values: failed ? (req.body as Record<string, unknown>) : { admin_role: 'support' },
      errors: failed?.fields ?? {},
      formError: failed?.message,
    });
  };
  const target = async (req: Request) => {
    const user = await c.repos.users.findById(idParam(req));
    if (!user || user.role !== 'admin') throw new NotFoundError('No such admin');
    return user;
  };
  // a refusal (the last owner, oneself) is a notice on the page, not an error page
  const act = (work: (req: Request, res: Response, me: User) => Promise<string>) => async (req: Request, res: Response) => {
    try {
      setNotice(req, await work(req, res, currentUser(req) as User));
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      noteAudit(res, { skip: true });
      setNotice(req, err.message, 'error');
    }
    res.redirect('/admin/admins');
  };

  router.get('/', (req, res) => page(req, res));
  router.post('/', async (req, res) => {
    try {
      const input = parseOrThrow(inviteSchema, req.body);
      const { user, token } = await inviteAdmin(c.deps, currentUser(req) as User, { email: input.email, name: input.name, adminRole: input.admin_role });
      noteAudit(res, { action: 'invite', entityId: user.id });
      // without SMTP_URL the mail only waits in the outbox (its link masked there): the owner gets it once
      if (!c.mail.sending) return page(req, res, undefined, `${c.config.publicUrl}/admin/invite/${token}`);
      setNotice(req, `An invitation was mailed to ${user.email}.`);
      res.redirect('/admin/admins');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await page(req, res, err);
    }
  });
  router.post(
    '/:id/disable',
    act(async (req, res, me) => {
      const before = await target(req);
      await setAdminDisabled(c.deps, me, before.id, true);
      noteAudit(res, { before: { disabled: before.disabled }, after: { disabled: true } });
      return `${before.email} is disabled and was signed out everywhere.`;
    }),
  );
  router.post(
    '/:id/enable',
    act(async (req, res, me) => {
      const before = await target(req);
      await setAdminDisabled(c.deps, me, before.id, false);
      noteAudit(res, { before: { disabled: before.disabled }, after: { disabled: false } });
      return `${before.email} is enabled.`;
    }),
  );
  router.post(
    '/:id/role',
    act(async (req, res, me) => {
      const before = await target(req);
      const { admin_role } = parseOrThrow(adminRoleSchema, req.body);
      await setAdminRole(c.deps, me, before.id, admin_role);
      noteAudit(res, { before: { admin_role: before.adminRole }, after: { admin_role } });
      return `${before.email} is now ${admin_role}.`;
    }),
  );
  router.post(
    '/:id/two-factor/reset',
    act(async (req, res, me) => {
      const user = await target(req);
      if (user.id === me.id) throw new ConflictError('Turn your own second factor off on your account page', 'own_admin');
      await resetSecondFactor(c.deps, user.id);
      noteAudit(res, { changes: { two_factor: { to: false } } });
      return `${user.email} signs in without a second factor until they set one up again.`;
    }),
  );
  return router;
}
