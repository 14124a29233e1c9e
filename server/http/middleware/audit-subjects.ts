/**
 * Who a request acts as, for the audit trail: the API token of /api/admin, the signed-in admin on the
 * admin pages, or the admin behind a view as a customer (with that customer).
 */
import type { Request, Response } from 'express';
import { apiTokenOf, currentUser } from './auth-guards.js';
import type { AuditSubject } from './audit-trail.js';
import { viewerOf } from './session-user.js';

// the sign-in, reset and invitation forms are the user's own, not changes to the installation
const ADMIN_PAGES = /^\/admin(\/|$)/;
const OWN_FORMS = /^\/admin\/(login|forgot|reset|invite)(\/|$)/;

/** The token of an /api/admin request. */
export function tokenSubject(_req: Request, res: Response): AuditSubject | null {
  const token = apiTokenOf(res);
  return token ? { actor: { kind: 'token', id: token.id, label: token.name }, asUserId: null } : null;
}

/** The admin of an admin page, or of any page while they view the client area as a customer. */
export function pageSubject(req: Request, res: Response): AuditSubject | null {
  const viewer = viewerOf(res);
  const user = currentUser(req);
  if (viewer && user) return { actor: { kind: 'admin', id: viewer.id, label: viewer.email }, asUserId: user.id };
  if (user?.role === 'admin' && ADMIN_PAGES.test(req.path) && !OWN_FORMS.test(req.path)) return { actor: { kind: 'admin', id: user.id, label: user.email }, asUserId: null };
  return null;
}
