/**
 * "Sign in as customer" for support: from the customer's admin page, the admin's own session shows the
 * client area as that customer for 30 minutes (session-user.ts), with a banner and a way back. The
 * session stays the admin's (it ends with the admin's sessions), no admin page opens in it, every
 * change made in it is audited with both identities, and changes to the customer's credentials or
 * account and payments are refused.
 */
import type { Express, RequestHandler } from 'express';
import type { Container } from '../../container.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { requireAdmin, requireAdminRole } from '../middleware/auth-guards.js';
import { noteAudit } from '../middleware/audit-trail.js';
import { setNotice } from '../middleware/page-locals.js';
import { viewerOf } from '../middleware/session-user.js';
import { idParam } from '../form.js';

/** How long a view as a customer lasts before the session is the admin's again. */
export const VIEW_AS_MS = 30 * 60_000;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// the customer's credentials and account, and anything that pays
const REFUSED = /^\/account(\/|$)|pay|checkout|card/i;

/** Refuses, while an admin is signed in as a customer, what only the customer may do. */
export const refuseWhileViewing: RequestHandler = (req, res, next) => {
  if (!viewerOf(res)) return next();
  // even opening the enrolment page stores a new secret for the account: the customer's alone
  const enrolment = req.path.startsWith('/account/two-factor');
  if (!enrolment && (SAFE_METHODS.has(req.method) || !REFUSED.test(req.path))) return next();
  next(new ForbiddenError('Not while you are signed in as a customer: their password, email, account and payments are theirs to change.', 'viewing_as_customer'));
};

/** Adds the start (from the customer's admin page) and the end (the banner's button). */
export function viewAsRoutes(app: Express, c: Container): void {
  app.post('/admin/clients/:id/view-as', requireAdmin, requireAdminRole, async (req, res) => {
    const client = await c.repos.users.findById(idParam(req));
    if (!client || client.role !== 'client') throw new NotFoundError('No such client');
    if (client.disabled) throw new ForbiddenError('This customer is disabled: enable them first to see their client area');
    req.session.viewAs = { clientId: client.id, until: c.clock().getTime() + VIEW_AS_MS };
    noteAudit(res, { changes: { viewing_as: { to: client.email } } });
    res.redirect('/');
  });
  app.post('/view-as/end', (req, res) => {
    const viewAs = req.session.viewAs;
    if (!viewAs) return res.redirect('/admin');
    delete req.session.viewAs;
    noteAudit(res, { entity: 'clients', entityId: viewAs.clientId, action: 'view-as.end', changes: {} });
    setNotice(req, 'You are back in the admin area.');
    res.redirect(`/admin/clients/${viewAs.clientId}`);
  });
}
