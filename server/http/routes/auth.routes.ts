/**
 * Login and logout for customers (/login) and admins (/admin/login). Logout is a POST; the session id
 * is regenerated at login (passport 0.7 does it in req.login) so a planted id is worthless.
 */
import type { Router, Request, Response, NextFunction } from 'express';
import type { PassportInstance } from '../../auth/passport.js';
import type { Role, User } from '../../domain/types.js';

/** Only same-site relative paths may be followed after login. */
function safeNext(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(value) ? value : fallback;
}

/** Adds the login/logout routes to `router` (the app itself in createApp). */
export function authRoutes(router: Router, passport: PassportInstance): void {
  const pages: { role: Role; path: string; home: string; view: string }[] = [
    { role: 'client', path: '/login', home: '/', view: 'auth/login' },
    { role: 'admin', path: '/admin/login', home: '/admin', view: 'auth/login' },
  ];
  for (const page of pages) {
    router.get(page.path, (req, res) => {
      res.render(page.view, { title: page.role === 'admin' ? 'Admin sign in' : 'Sign in', role: page.role, action: page.path, email: '', error: null, next: safeNext(req.query.next, page.home) });
    });
    router.post(page.path, (req: Request, res: Response, next: NextFunction) => {
      const body = req.body as Record<string, unknown>;
      const email = typeof body.email === 'string' ? body.email : '';
      const target = safeNext(body.next, page.home);
      passport.authenticate(page.role, (err: unknown, user: User | false, info?: { message?: string; status?: number }) => {
        if (err) return next(err);
        if (!user) {
          res.status(info?.status ?? 401);
          return res.render(page.view, { title: 'Sign in', role: page.role, action: page.path, email, error: info?.message ?? 'Wrong email or password.', next: target });
        }
        req.login(user, (loginErr) => {
          if (loginErr) return next(loginErr);
          res.redirect(target);
        });
      })(req, res, next);
    });
  }
  router.post('/logout', (req, res, next) => {
    const admin = (req.user as User | undefined)?.role === 'admin';
    // the whole session goes (its row too), so nothing of the signed-in user outlives the logout
    req.session.destroy((err) => {
      if (err) return next(err);
      req.user = undefined;
      res.redirect(admin ? '/admin/login' : '/login');
    });
  });
}
