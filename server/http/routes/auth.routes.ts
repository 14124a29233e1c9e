/**
 * Sign-in and sign-out for customers (/login) and admins (/admin/login). Sign-out is a POST; the session
 * id is regenerated at sign-in (passport 0.7 does it in req.login) so a planted id is worthless.
 */
import type { Router, Request, Response, NextFunction } from 'express';
import type { PassportInstance, SignInRefusal } from '../../auth/passport.js';
import { endUserSessions } from '../../domain/users/user-sessions.js';
import { fieldErrors } from '../../domain/validation.js';
import type { Role, User } from '../../domain/types.js';
import { signInSchema } from '../schemas/auth.schema.js';
import { viewerOf } from '../middleware/session-user.js';
import { afterPassword, secondFactorRoutes, type SignInSteps } from './second-factor.routes.js';

/** Only same-site relative paths may be followed after login. */
function safeNext(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(value) ? value : fallback;
}

declare module 'express-session' {
  interface SessionData {
    /** epoch ms of the sign-in (the container's clock): the session's absolute lifetime runs from here */
    signedInAt?: number;
    /** the browser and address the session signed in from, for the user's list of their sessions */
    device?: { agent: string; ip: string };
  }
}

interface LoginPage {
  role: Role;
  path: string;
  home: string;
}

/**
 * Adds the sign-in/sign-out routes to `router` (the app itself in createApp), the code step included.
 * @param steps the domain, the sign-in limits, ADMIN_2FA and the container's clock
 */
export function authRoutes(router: Router, passport: PassportInstance, steps: SignInSteps): void {
  const { deps } = steps;
  const pages: LoginPage[] = [
    { role: 'client', path: '/login', home: '/' },
    { role: 'admin', path: '/admin/login', home: '/admin' },
  ];
  const render = (res: Response, page: LoginPage, locals: { email: string; error: string | null; next: string; info?: string | null }) =>
    res.render('auth/login', { title: page.role === 'admin' ? 'Admin sign in' : 'Sign in', role: page.role, action: page.path, forgot: page.role === 'admin' ? '/admin/forgot' : '/forgot', info: null, ...locals });

  for (const page of pages) {
    router.get(page.path, (req, res) => {
      const info = req.query.reset === 'done' ? 'Your password was changed and you were signed out everywhere. Sign in with the new one.' : req.query.invite === 'done' ? 'Your password is set. Sign in with it.' : null;
      render(res, page, { email: '', error: null, next: safeNext(req.query.next, page.home), info });
    });
    router.post(page.path, (req: Request, res: Response, next: NextFunction) => {
      const parsed = signInSchema.safeParse(req.body ?? {});
      const body = (req.body ?? {}) as Record<string, unknown>;
      const target = safeNext(body.next, page.home);
      if (!parsed.success) {
        // refused before anything is counted or looked up; the email is kept unless it is what was wrong
        const fields = fieldErrors(parsed.error);
        const email = typeof body.email === 'string' && !fields.email ? body.email : '';
        return render(res.status(422), page, { email, error: Object.values(fields).join(' '), next: target });
      }
      const { email } = parsed.data;
      passport.authenticate(page.role, (err: unknown, user: User | false, info?: SignInRefusal) => {
        if (err) return next(err);
        if (!user) {
          if (info?.retryAfterSeconds !== undefined) res.set('Retry-After', String(info.retryAfterSeconds));
          return render(res.status(info?.status ?? 401), page, { email, error: info?.message ?? 'Wrong email or password.', next: target });
        }
        afterPassword(steps, req, res, next, user, target, page.path).catch(next);
      })(req, res, next);
    });
  }
  const signOut = (req: Request, res: Response, next: NextFunction) => {
    const admin = viewerOf(res) !== null || (req.user as User | undefined)?.role === 'admin';
    // the whole session goes (its row too), so nothing of the signed-in user outlives the logout
    req.session.destroy((err) => {
      if (err) return next(err);
      req.user = undefined;
      res.redirect(admin ? '/admin/login' : '/login');
    });
  };
  router.post('/logout', signOut);
  secondFactorRoutes(router, steps, passport);
  // every session of the user, on every device, this one included
  router.post('/logout/everywhere', async (req, res, next) => {
    // signed in as a customer, "everywhere" is the admin's own sessions, never the customer's
    const user = viewerOf(res) ?? (req.user as User | undefined);
    if (user) await endUserSessions(deps, user.id);
    signOut(req, res, next);
  });
}
