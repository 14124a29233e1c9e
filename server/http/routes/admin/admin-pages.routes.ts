/**
 * The admin area's pages, one router per resource.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { notFound } from '../../middleware/error-handler.js';
import { billingPages } from './billing.routes.js';
import { planPages } from './plan-pages.routes.js';
import { clientsPages } from './clients.routes.js';
import { dashboardPage } from './dashboard.routes.js';
import { productsPages } from './products.routes.js';
import { serverGroupsPages } from './server-groups.routes.js';
import { serversPages } from './servers.routes.js';
import { servicesPages } from './services.routes.js';
import { outboxPages } from './outbox.routes.js';
import { settingsPages } from './settings.routes.js';
import { invoicesListPage } from './invoices-list.routes.js';
import { adminsPages } from './admins.routes.js';
import { adminAccountPages } from './admin-account.routes.js';
import { auditPages } from './audit.routes.js';
import { tokensPages } from './tokens.routes.js';
import { webhooksPages } from './webhooks.routes.js';
import { reconcilePages } from './reconcile.routes.js';

/** Builds the /admin router. */
export function adminPageRoutes(c: Container): Router {
  const router = Router();
  router.use(dashboardPage(c));
  router.use('/clients', clientsPages(c));
  router.use('/server-groups', serverGroupsPages(c));
  router.use('/servers', serversPages(c));
  router.use(planPages(c));
  router.use('/products', productsPages(c));
  router.use('/services', servicesPages(c));
  router.use('/billing', billingPages(c));
  router.use('/invoices', invoicesListPage(c));
  router.use('/outbox', outboxPages(c));
  router.use('/settings', settingsPages(c));
  router.use('/admins', adminsPages(c));
  router.use('/account', adminAccountPages(c));
  router.use('/audit', auditPages(c));
  router.use('/tokens', tokensPages(c));
  router.use('/webhooks', webhooksPages(c));
  router.use('/reconcile', reconcilePages(c));
  // an unknown admin URL is a 404 here, not a fall-through to the customer area
  router.use(notFound);
  return router;
}
