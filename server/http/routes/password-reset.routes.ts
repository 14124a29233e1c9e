/**
 * Password reset for customers (/forgot, /reset/:token) and admins (/admin/forgot, /admin/reset/:token),
 * and the link of an email change (/account/email/:token). Visitors use them without signing in; their
 * forms carry the visitor CSRF cookie like the sign-in forms. A link's page is never cached.
 */
import type { Request, Response, Router } from 'express';
import type { Container } from '../../container.js';
import type { Role, User } from '../../domain/types.js';
import { confirmEmailChange, pendingEmailOfLink } from '../../domain/users/account.js';
import { InvalidLinkError, requestPasswordReset, resetLinkUser, resetPassword, RESET_TOKEN_TTL_MS } from '../../domain/users/password-reset.js';
import { fieldErrors } from '../../domain/validation.js';
import { TooManyRequestsError, ValidationError } from '../../errors.js';
import { forgotSchema, resetSchema } from '../schemas/account.schema.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/password.js';
import { customerFields, customerText } from '../../i18n/customer-messages.js';
import { pageLocale } from '../middleware/language-locals.js';

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

interface ResetPages {
  role: Role;
  base: string;
  login: string;
}

const PAGES: ResetPages[] = [
  { role: 'client', base: '', login: '/login' },
  { role: 'admin', base: '/admin', login: '/admin/login' },
];

const tokenOf = (req: Request) => (typeof req.params.token === 'string' && TOKEN.test(req.params.token) ? req.params.token : '');

/** Adds the routes to `router` (the app itself, before the signed-in areas). */
export function passwordResetRoutes(router: Router, c: Container): void {
  const validMinutes = RESET_TOKEN_TTL_MS / 60_000;
  for (const page of PAGES) {
    const forgot = (res: Response, locals: { email: string; error?: string | null; sent?: boolean }) =>
      res.render('auth/forgot', { title: page.role === 'admin' ? 'Admin password reset' : pageLocale(res).t('auth.forgotTitle'), action: `${page.base}/forgot`, login: page.login, validMinutes, sent: false, ...locals, error: locals.error ? customerText(pageLocale(res), locals.error) : null });
    router.get(`${page.base}/forgot`, (_req, res) => forgot(res, { email: '' }));
    router.post(`${page.base}/forgot`, async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const typed = typeof body.email === 'string' ? body.email.slice(0, 254) : '';
      const parsed = forgotSchema.safeParse(body);
      if (!parsed.success) return forgot(res.status(422), { email: typed, error: Object.values(customerFields(pageLocale(res), fieldErrors(parsed.error))).join(' ') });
      try {
        await requestPasswordReset(c.deps, { email: parsed.data.email, role: page.role, ip: req.ip ?? 'unknown' });
      } catch (err) {
        if (!(err instanceof TooManyRequestsError)) throw err;
        if (err.retryAfterSeconds !== undefined) res.set('Retry-After', String(err.retryAfterSeconds));
        return forgot(res.status(429), { email: typed, error: err.message });
      }
      // the same page whether an account has this address or not
      forgot(res, { email: parsed.data.email, sent: true });
    });

    const resetForm = (res: Response, user: User, token: string, errors: Record<string, string> = {}) =>
      res.render('auth/reset', { title: pageLocale(res).t('auth.resetTitle'), action: `${page.base}/reset/${token}`, email: user.email, minLength: MIN_PASSWORD_LENGTH, errors: customerFields(pageLocale(res), errors), values: {} });
    const invalid = (res: Response) => res.status(410).render('auth/link-invalid', { title: pageLocale(res).t('auth.linkExpiredTitle'), again: `${page.base}/forgot`, againLabel: pageLocale(res).t('auth.askNewLink') });
    router.get(`${page.base}/reset/:token`, async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const token = tokenOf(req);
      const user = token ? await resetLinkUser(c.deps, token, page.role) : null;
      if (!user) return invalid(res);
      resetForm(res, user, token);
    });
    router.post(`${page.base}/reset/:token`, async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const token = tokenOf(req);
      const user = token ? await resetLinkUser(c.deps, token, page.role) : null;
      if (!user) return invalid(res);
      const parsed = resetSchema.safeParse(req.body ?? {});
      if (!parsed.success) return resetForm(res.status(422), user, token, fieldErrors(parsed.error));
      const signedIn = (req.user as User | undefined)?.id === user.id;
      try {
        await resetPassword(c.deps, { token, role: page.role, password: parsed.data.password, keepSid: signedIn ? req.sessionID : undefined });
      } catch (err) {
        if (err instanceof InvalidLinkError) return invalid(res);
        throw err;
      }
      res.redirect(`${page.login}?reset=done`);
    });
  }

  const confirmPage = (res: Response, locals: { token: string; email: string; error?: string | null }) =>
    res.render('auth/confirm-email', { title: pageLocale(res).t('auth.confirmEmailTitle'), action: `/account/email/${locals.token}`, error: null, ...locals });
  const expired = (res: Response) => res.status(410).render('auth/link-invalid', { title: pageLocale(res).t('auth.linkExpiredTitle'), again: '/account', againLabel: pageLocale(res).t('auth.askFromAccount') });
  router.get('/account/email/:token', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const token = tokenOf(req);
    const email = token ? await pendingEmailOfLink(c.deps, token) : null;
    if (!email) return expired(res);
    // a GET changes nothing: mail scanners open links; the change is this page's button
    confirmPage(res, { token, email });
  });
  router.post('/account/email/:token', async (req, res) => {
    const token = tokenOf(req);
    try {
      const email = await confirmEmailChange(c.deps, token || '-');
      res.render('auth/email-confirmed', { title: pageLocale(res).t('auth.emailChangedTitle'), email, signedIn: Boolean(req.user) });
    } catch (err) {
      if (err instanceof InvalidLinkError) return expired(res);
      if (err instanceof ValidationError) return confirmPage(res.status(409), { token, email: '', error: Object.values(customerFields(pageLocale(res), err.fields ?? {})).join(' ') });
      throw err;
    }
  });
}
