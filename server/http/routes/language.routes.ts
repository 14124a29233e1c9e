/**
 * The sign-in page's language chooser (POST /language): keeps a visitor's choice in a cookie, which
 * the pages read until they sign in and which is then stored on their account; a signed-in customer's
 * choice is stored at once. The account page has its own form (/account/language).
 */
import type { Request, Response, Router } from 'express';
import type { Container } from '../../container.js';
import type { DomainDeps } from '../../domain/deps.js';
import type { User } from '../../domain/types.js';
import { changeLanguage, parseLanguage } from '../../domain/users/user-language.js';
import { cookieLanguage, LANGUAGE_COOKIE } from '../../i18n/choose-language.js';

const YEAR_MS = 365 * 24 * 3600_000;
/** Where the chooser may send the visitor back to: the customer's sign-in and reset pages. */
const BACK = /^\/(login|forgot)$/;

/** Keeps the choice in the browser for the pages that come before signing in. */
export function rememberLanguage(res: Response, code: string, secure: boolean): void {
  res.cookie(LANGUAGE_COOKIE, code, { maxAge: YEAR_MS, httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/** Stores on a customer's account the language they chose on the sign-in page, if it differs. */
export async function adoptChosenLanguage(deps: DomainDeps, req: Request, user: User): Promise<void> {
  const chosen = cookieLanguage(req);
  if (user.role === 'client' && chosen && chosen !== user.language) await changeLanguage(deps, user.id, chosen);
}

/** Adds POST /language to `router` (the app itself). */
export function languageRoutes(router: Router, c: Container): void {
  router.post('/language', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const code = parseLanguage(body.language);
    rememberLanguage(res, code, c.config.cookieSecure);
    const user = req.user as User | undefined;
    if (user?.role === 'client') await changeLanguage(c.deps, user.id, code);
    res.redirect(typeof body.back === 'string' && BACK.test(body.back) ? body.back : user?.role === 'client' ? '/account' : '/login');
  });
}
