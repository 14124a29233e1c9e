/**
 * The code step of a sign-in. A password that matches an account with a second factor signs nobody in:
 * the session only remembers, for five minutes, whose code it waits for; the user is signed in (and the
 * session id regenerated) once the code is accepted, so no admin URL is reachable in between. With
 * ADMIN_2FA=required an admin without a second factor enrols in the same way before being signed in.
 */
import type { NextFunction, Request, Response, Router } from 'express';
import type { PassportInstance } from '../../auth/passport.js';
import QRCode from 'qrcode';
import type { DomainDeps } from '../../domain/deps.js';
import { readCompanyProfile } from '../../domain/settings/company-profile.js';
import type { SignInRules } from '../../domain/users/login-policy.js';
import { checkSecondFactor, confirmEnrolment, hasSecondFactor, pendingEnrolment, startEnrolment, type Enrolment } from '../../domain/users/two-factor.js';
import type { User } from '../../domain/types.js';
import { AppError, ValidationError } from '../../errors.js';

declare module 'express-session' {
  interface SessionData {
    /** a sign-in whose password matched, waiting for its code (or its enrolment) */
    pendingSignIn?: { userId: number; next: string; until: number; enrol: boolean };
  }
}

const PENDING_MS = 5 * 60_000;

/** What the sign-in steps need besides the domain. */
export interface SignInSteps {
  deps: DomainDeps;
  rules: SignInRules;
  /** ADMIN_2FA */
  admin2fa: 'optional' | 'required';
  /** the container's clock, epoch ms */
  now: () => number;
}

/** Signs the user in: a new session id, its sign-in time and device, then the page it was going to. */
export function completeSignIn(req: Request, res: Response, next: NextFunction, user: User, target: string, now: () => number, render?: () => void): void {
  req.login(user, (err) => {
    if (err) return next(err);
    req.session.signedInAt = now();
    req.session.device = { agent: (req.get('user-agent') ?? '').slice(0, 200), ip: req.ip ?? '' };
    if (render) return render();
    res.redirect(target);
  });
}

/** After a matching password: the code step, the enrolment ADMIN_2FA requires, or the sign-in itself. */
export async function afterPassword(steps: SignInSteps, req: Request, res: Response, next: NextFunction, user: User, target: string, loginPath: string): Promise<void> {
  const withCode = await hasSecondFactor(steps.deps, user.id);
  const enrol = !withCode && user.role === 'admin' && steps.admin2fa === 'required';
  if (!withCode && !enrol) return completeSignIn(req, res, next, user, target, steps.now);
  req.session.pendingSignIn = { userId: user.id, next: target, until: steps.now() + PENDING_MS, enrol };
  res.redirect(`${loginPath}/${enrol ? 'enrol' : 'code'}`);
}

/** The QR (a data: URL) and the text of an enrolment, for the page. */
export async function enrolmentView(enrolment: Enrolment): Promise<{ secret: string; qr: string }> {
  return { secret: enrolment.secret.replace(/(.{4})/g, '$1 ').trim(), qr: await QRCode.toDataURL(enrolment.uri, { margin: 1, width: 220 }) };
}

/** The company name authenticator apps show beside the account. */
export async function issuerName(deps: DomainDeps): Promise<string> {
  return (await readCompanyProfile(deps.repos.settings)).companyName;
}

/** Adds /login/code, /admin/login/code and /admin/login/enrol to the app. */
export function secondFactorRoutes(router: Router, steps: SignInSteps, passport: PassportInstance): void {
  const { deps } = steps;
  // req.login, which only passport.authenticate adds otherwise
  const withLogin = passport.initialize();
  const pendingUser = async (req: Request, enrol: boolean): Promise<User | null> => {
    const p = req.session.pendingSignIn;
    if (!p || p.enrol !== enrol || steps.now() >= p.until) return null;
    const user = await deps.repos.users.findById(p.userId);
    return user && !user.disabled ? user : null;
  };
  for (const login of ['/login', '/admin/login']) {
    const role = login === '/login' ? 'client' : 'admin';
    const codePage = (res: Response, error: string | null) => res.render('auth/second-factor', { title: 'Two-factor sign-in', action: `${login}/code`, login, error });
    router.get(`${login}/code`, async (req, res) => {
      const user = await pendingUser(req, false);
      if (!user || user.role !== role) return res.redirect(login);
      codePage(res, null);
    });
    router.post(`${login}/code`, withLogin, async (req, res, next) => {
      const user = await pendingUser(req, false);
      if (!user || user.role !== role) return res.redirect(login);
      const code = String((req.body as Record<string, unknown> | undefined)?.code ?? '').slice(0, 40);
      try {
        await checkSecondFactor(deps, { user, code, ip: req.ip ?? 'unknown' }, steps.rules);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if ('retryAfterSeconds' in err && typeof err.retryAfterSeconds === 'number') res.set('Retry-After', String(err.retryAfterSeconds));
        return codePage(res.status(err.status), err.message);
      }
      completeSignIn(req, res, next, user, req.session.pendingSignIn?.next ?? (role === 'admin' ? '/admin' : '/'), steps.now);
    });
  }

  const enrolPage = async (res: Response, user: User, error: Record<string, string> | null) => {
    const issuer = await issuerName(deps);
    const enrolment = (await pendingEnrolment(deps, user, issuer)) ?? (await startEnrolment(deps, user, issuer));
    res.set('Cache-Control', 'no-store').render('auth/enrol', { title: 'Set up two-factor sign-in', action: '/admin/login/enrol', required: true, enrolment: await enrolmentView(enrolment), errors: error ?? {}, values: {} });
  };
  router.get('/admin/login/enrol', async (req, res) => {
    const user = await pendingUser(req, true);
    if (!user) return res.redirect('/admin/login');
    await enrolPage(res, user, null);
  });
  router.post('/admin/login/enrol', withLogin, async (req, res, next) => {
    const user = await pendingUser(req, true);
    if (!user) return res.redirect('/admin/login');
    const target = req.session.pendingSignIn?.next ?? '/admin';
    let codes: string[];
    try {
      codes = await confirmEnrolment(deps, user.id, String((req.body as Record<string, unknown> | undefined)?.code ?? '').slice(0, 40));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422);
      return enrolPage(res, user, err.fields ?? {});
    }
    completeSignIn(req, res, next, user, target, steps.now, () => res.set('Cache-Control', 'no-store').render('auth/recovery-codes', { title: 'Your recovery codes', codes, continueTo: target }));
  });
}
