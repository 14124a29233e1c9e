/**
 * The security half of an account page, the same for customers (/account) and admins (/admin/account):
 * two-factor sign-in (enrol, recovery codes shown once, turn off with password and code) and the
 * signed-in sessions, each of which can be ended.
 */
import type { Request, Response, Router } from 'express';
import type { Container } from '../../container.js';
import type { User } from '../../domain/types.js';
import { signInRulesFrom } from '../../domain/users/login-policy.js';
import { confirmEnrolment, disableSecondFactor, pendingEnrolment, startEnrolment } from '../../domain/users/two-factor.js';
import { endSessionByHandle, endUserSessions } from '../../domain/users/user-sessions.js';
import { ValidationError } from '../../errors.js';
import { currentUser } from '../middleware/auth-guards.js';
import { noteAudit } from '../middleware/audit-trail.js';
import { setNotice } from '../middleware/page-locals.js';
import { sessionRows } from '../view-models/account-sessions.js';
import { enrolmentView, issuerName } from './second-factor.routes.js';

/** A failed form of the account page, re-rendered beside its fields. */
export interface AccountFailure {
  section: string;
  errors: Record<string, string>;
  message: string;
}

/** What the account page shows of the user's second factor and sessions. */
export async function securityLocals(c: Container, req: Request, user: User) {
  const state = await c.repos.twoFactor.state(user.id);
  return {
    twoFactor: { enabled: state.enabled, required: requiredFor(c, user), recoveryCodesLeft: state.enabled ? await c.repos.twoFactor.recoveryCodesLeft(user.id) : 0 },
    sessions: sessionRows(await c.repos.sessions.listForUser(user.id), req.sessionID),
  };
}

/** Whether the installation requires a second factor of this user (ADMIN_2FA=required, admins). */
const requiredFor = (c: Container, user: User) => user.role === 'admin' && c.config.admin2fa === 'required';

const field = (req: Request, name: string) => String((req.body as Record<string, unknown> | undefined)?.[name] ?? '').slice(0, 200);

/**
 * Adds the routes below an account page's router.
 * @param base the page's path (/account or /admin/account)
 * @param page renders the account page again with a failed form
 */
export function accountSecurityRoutes(router: Router, c: Container, base: string, page: (req: Request, res: Response, failed: AccountFailure) => Promise<void>): void {
  const rules = signInRulesFrom(c.config.signInLimits);
  const enrolPage = async (req: Request, res: Response, errors: Record<string, string>) => {
    const user = currentUser(req) as User;
    const issuer = await issuerName(c.deps);
    const enrolment = (await pendingEnrolment(c.deps, user, issuer)) ?? (await startEnrolment(c.deps, user, issuer));
    res.set('Cache-Control', 'no-store').render('auth/enrol', { title: 'Set up two-factor sign-in', action: `${base}/two-factor`, required: false, enrolment: await enrolmentView(enrolment), errors, values: {} });
  };
  router.get('/two-factor', async (req, res) => {
    if ((await c.repos.twoFactor.state((currentUser(req) as User).id)).enabled) return res.redirect(`${base}#two-factor`);
    await enrolPage(req, res, {});
  });
  router.post('/two-factor', async (req, res) => {
    const user = currentUser(req) as User;
    try {
      const codes = await confirmEnrolment(c.deps, user.id, field(req, 'code'));
      noteAudit(res, { entity: 'two-factor', entityId: user.id, action: 'enable', changes: { two_factor: { from: false, to: true } } });
      res.set('Cache-Control', 'no-store').render('auth/recovery-codes', { title: 'Your recovery codes', codes, continueTo: base });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422);
      await enrolPage(req, res, err.fields ?? {});
    }
  });
  router.post('/two-factor/disable', async (req, res) => {
    const user = currentUser(req) as User;
    if (requiredFor(c, user)) return page(req, res, { section: 'two-factor', errors: {}, message: 'This portal requires two-factor sign-in for admins (ADMIN_2FA=required): it cannot be turned off.' });
    try {
      await disableSecondFactor(c.deps, user, { password: field(req, 'password'), code: field(req, 'code'), ip: req.ip ?? 'unknown' }, rules);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return page(req, res, { section: 'two-factor', errors: err.fields ?? {}, message: err.message });
    }
    noteAudit(res, { entity: 'two-factor', entityId: user.id, action: 'disable', changes: { two_factor: { from: true, to: false } } });
    setNotice(req, 'Two-factor sign-in is off.');
    res.redirect(base);
  });
  router.post('/sessions/end', async (req, res) => {
    const ended = await endSessionByHandle(c.deps, (currentUser(req) as User).id, field(req, 'session'));
    noteAudit(res, { entity: 'sessions', entityId: (currentUser(req) as User).id, action: 'end', changes: {} });
    setNotice(req, ended ? 'That session was signed out.' : 'That session had already ended.');
    res.redirect(base);
  });
  router.post('/sessions/end-others', async (req, res) => {
    const ended = await endUserSessions(c.deps, (currentUser(req) as User).id, { exceptSid: req.sessionID });
    noteAudit(res, { entity: 'sessions', entityId: (currentUser(req) as User).id, action: 'end-others', changes: {} });
    setNotice(req, ended === 0 ? 'You had no other sessions.' : `Signed out ${ended} other session${ended === 1 ? '' : 's'}.`);
    res.redirect(base);
  });
}
