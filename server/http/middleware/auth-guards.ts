/**
 * Who may see what: admin pages, customer pages and the bearer-token admin API.
 */
import type { RequestHandler, Response } from 'express';
import { hashApiToken } from '../../auth/api-token.js';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../errors.js';
import type { ApiTokensRepository } from '../../repositories/api-tokens.repository.js';
import { adminMayAccess } from '../../domain/users/admin-access.js';
import type { ApiTokenInfo, User } from '../../domain/types.js';
import { knownSecrets } from '../../security/mask-secrets.js';

/** The signed-in user of a page request, or null. */
export function currentUser(req: Parameters<RequestHandler>[0]): User | null {
  return (req.user as User | undefined) ?? null;
}

/** Admin pages: anonymous visitors go to the admin login; a customer gets a 404 (the area is not theirs to know). */
export const requireAdmin: RequestHandler = (req, res, next) => {
  const user = currentUser(req);
  if (!user) return res.redirect(`/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
  // signed in as a customer: no admin page opens until the view ends (the banner's button)
  if (res.locals.viewer) return next(new ForbiddenError('You are signed in as a customer. Use "Back to admin" in the banner first.', 'viewing_as_customer'));
  if (user.role !== 'admin') return next(new NotFoundError('Page not found'));
  next();
};

/** Customer pages: only signed-in customers. */
export const requireClient: RequestHandler = (req, res, next) => {
  const user = currentUser(req);
  if (!user) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
  if (user.role !== 'client') return res.redirect('/admin');
  next();
};

/** The admin API: `Authorization: Bearer <token>`, checked against stored hashes. */
export function requireApiToken(tokens: ApiTokensRepository): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return next(new UnauthorizedError('Send an admin API token as "Authorization: Bearer <token>"'));
    const token = await tokens.use(hashApiToken(match[1]));
    if (!token) return next(new UnauthorizedError('The API token is not valid (revoked or mistyped)'));
    _res.locals.apiToken = token;
    // a valid token is a secret this process now knows: it is masked wherever a text shows it
    knownSecrets.add(match[1]);
    next();
  };
}

/** The API token of an /api/admin request (set by requireApiToken). */
export function apiTokenOf(res: Response): ApiTokenInfo | null {
  return (res.locals.apiToken as ApiTokenInfo | undefined) ?? null;
}

const refused = () => new ForbiddenError('Your admin role does not allow this', 'role_forbidden');

/** Admin pages: the signed-in admin's role must allow the area (admin-access.ts). */
export const requireAdminRole: RequestHandler = (req, _res, next) => {
  const user = currentUser(req);
  if (!user || !adminMayAccess(user.adminRole ?? 'support', req.method, req.originalUrl)) return next(refused());
  next();
};

/** The admin API: the token's role must allow the area. */
export const requireTokenRole: RequestHandler = (req, res, next) => {
  const token = apiTokenOf(res);
  if (!token || !adminMayAccess(token.role, req.method, req.originalUrl)) return next(refused());
  next();
};
