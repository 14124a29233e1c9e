/**
 * createApp: the Express application without listen(), used by main.ts and by supertest.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import express, { Router, type Express } from 'express';
import session from 'express-session';
import { createPassport } from './auth/passport.js';
import type { Container } from './container.js';
import { PROJECT_ROOT } from './db/create-db.js';
import { signInRulesFrom } from './domain/users/login-policy.js';
import { requireAdmin, requireAdminRole, requireApiToken, requireClient, requireTokenRole } from './http/middleware/auth-guards.js';
import { auditTrail } from './http/middleware/audit-trail.js';
import { pageSubject, tokenSubject } from './http/middleware/audit-subjects.js';
import { auditApiRoutes } from './http/routes/api/audit-api.routes.js';
import { viewAsRoutes, refuseWhileViewing } from './http/routes/view-as.routes.js';
import { adminInviteRoutes } from './http/routes/admin-invite.routes.js';
import { errorHandler, notFound } from './http/middleware/error-handler.js';
import { pageLocals } from './http/middleware/page-locals.js';
import { securityHeaders } from './http/middleware/security.js';
import { stateChangingRequests } from './http/middleware/state-changing.js';
import { ejsEngine, HOST_VIEWS_DIR } from './http/view-engine.js';
import { renewSessionDaily } from './http/middleware/session-renewal.js';
import { DbSessionStore } from './http/middleware/session-store.js';
import { createCsrf } from './http/middleware/csrf.js';
import { guardBody, guardPathAndQuery } from './http/middleware/input-guard.js';
import { sessionUser } from './http/middleware/session-user.js';
import { adminApiRoutes } from './http/routes/api/admin-api.routes.js';
import { billingApiRoutes } from './http/routes/api/billing-api.routes.js';
import { plansApiRoutes } from './http/routes/api/plans-api.routes.js';
import { adminPageRoutes } from './http/routes/admin/admin-pages.routes.js';
import { authRoutes } from './http/routes/auth.routes.js';
import { clientPageRoutes } from './http/routes/client/client-pages.routes.js';
import { accountPages } from './http/routes/client/account.routes.js';
import { outboxApiRoutes } from './http/routes/api/outbox-api.routes.js';
import { quotaApiRoutes } from './http/routes/api/quota-api.routes.js';
import { webhooksApiRoutes } from './http/routes/api/webhooks-api.routes.js';
import { opsRoutes } from './http/routes/ops.routes.js';
import { requestLog } from './http/middleware/request-log.js';
import { reconcileApiRoutes } from './http/routes/api/reconcile-api.routes.js';
import { passwordResetRoutes } from './http/routes/password-reset.routes.js';
import { brandLocals } from './http/middleware/brand-locals.js';
import { languageLocals } from './http/middleware/language-locals.js';
import { languageRoutes } from './http/routes/language.routes.js';

const DAY_MS = 24 * 3600 * 1000;

/** Builds the portal's Express app from a container. */
export function createApp(c: Container): Express {
  const app = express();
  app.disable('x-powered-by');
  // pages are personalised and mostly no-store: hashing every body for an ETag would buy no 304s
  app.disable('etag');
  app.set('trust proxy', c.config.trustProxy);
  app.engine('ejs', ejsEngine());
  app.set('view engine', 'ejs');
  app.set('views', [HOST_VIEWS_DIR, ...c.plugins.viewDirs]);
  // compiled templates are kept except in development, where edits should show on reload
  if (c.config.env !== 'development') app.enable('view cache');

  app.use(requestLog(c.log, c.metrics, () => c.stop.requested));
  app.use(securityHeaders());
  app.use(guardPathAndQuery);
  // probes and the scrape need no session, no CSRF and no page locals
  app.use(opsRoutes(c));
  // each asset folder under its own prefix: page URLs never cost a filesystem lookup
  for (const dir of ['css', 'js']) app.use(`/${dir}`, express.static(path.join(PROJECT_ROOT, 'public', dir), { maxAge: '1h' }));
  // each plugin's own browser files, from this origin like the portal's (host.assets)
  for (const [prefix, dir] of c.plugins.assets) app.use(prefix, express.static(dir, { maxAge: '1h' }));
  const chartDir = path.dirname(createRequire(import.meta.url).resolve('chart.js'));
  app.use('/vendor/chart.js', express.static(chartDir, { maxAge: '1d' }));

  // the bearer-token API needs neither cookies nor CSRF: it is mounted before the session; the token is
  // checked before the body is read, so an anonymous caller gets 401 whatever it sends
  const api = Router();
  api.use(
    '/admin',
    requireApiToken(c.repos.apiTokens),
    requireTokenRole,
    auditTrail(c.repos.auditLog, c.log, tokenSubject),
    express.json({ limit: '256kb' }),
    guardBody,
    adminApiRoutes(c),
    billingApiRoutes(c),
    plansApiRoutes(c),
    outboxApiRoutes(c),
    webhooksApiRoutes(c),
    auditApiRoutes(c),
    quotaApiRoutes(c),
    reconcileApiRoutes(c),
  );
  api.use(notFound);
  app.use('/api', api);

  const idleMs = c.config.sessionIdleDays * DAY_MS;
  const maxAgeMs = c.config.sessionMaxDays * DAY_MS;
  const now = () => c.clock().getTime();
  app.use(
    session({
      name: 'vpncp.sid',
      secret: c.sessionSecret,
      resave: false,
      // a visitor who has not signed in gets no stored session (their forms use a cookie token)
      saveUninitialized: false,
      // every request reads its session: from the caching layer's page view (each write drops it)
      store: new DbSessionStore(c.pageRepos.sessions, idleMs),
      cookie: { httpOnly: true, sameSite: 'lax', secure: c.config.cookieSecure, maxAge: idleMs },
    }),
  );
  const rules = signInRulesFrom(c.config.signInLimits);
  const passport = createPassport(c.deps, rules);
  // the signed-in user as every page view reads it: from the page view of the caching layer
  app.use(sessionUser((id) => c.pageRepos.users.findById(id), { now, maxAgeMs }));
  app.use(renewSessionDaily({ now, idleMs, maxAgeMs }));
  const csrf = createCsrf({ secret: c.sessionSecret, secureCookie: c.config.cookieSecure });
  app.use(stateChangingRequests(csrf.protect, guardBody));
  app.use(pageLocals(c.config.currency, csrf));
  app.use(brandLocals(c.pageRepos.settings));
  app.use(languageLocals(c.i18n, c.pageRepos.settings));
  // every change an admin makes on a page, or makes signed in as a customer, whatever route handles it
  app.use(auditTrail(c.repos.auditLog, c.log, pageSubject));

  // on the app itself, not in a router of their own: every page would otherwise enter and leave one
  authRoutes(app, passport, { deps: c.deps, rules, admin2fa: c.config.admin2fa, now });
  passwordResetRoutes(app, c);
  languageRoutes(app, c);
  adminInviteRoutes(app, c);
  viewAsRoutes(app, c);
  for (const [id, router] of c.plugins.adminRouters) app.use(`/admin/plugins/${id}`, requireAdmin, requireAdminRole, router);
  app.use(refuseWhileViewing);
  for (const [id, router] of c.plugins.clientRouters) app.use(`/client/plugins/${id}`, requireClient, router);
  app.use('/admin', requireAdmin, requireAdminRole, adminPageRoutes(c));
  app.use('/account', requireClient, accountPages(c));
  app.use('/', requireClient, clientPageRoutes(c));

  app.use(notFound);
  app.use(errorHandler(c.log, c.i18n));
  return app;
}
