/**
 * The customer's own pages. Every service lookup goes through findForClient, so another customer's
 * service is simply not found (404).
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { NotFoundError } from '../../../errors.js';
import { currentUser } from '../../middleware/auth-guards.js';
import { idParam } from '../../form.js';
import { dashboardRows } from '../../view-models/client-dashboard.js';
import { dayInZone, monthOf, periodString } from '../../../domain/billing/billing-calendar.js';
import { usageRepository } from '../../../repositories/usage.repository.js';
import { buildServiceContext } from '../../../domain/services/service-context.js';
import type { User } from '../../../domain/types.js';
import { clientInvoicePages } from './invoices.routes.js';
import { pluginViews } from '../../view-files.js';

/** Builds the customer router (mounted at /). */
export function clientPageRoutes(c: Container): Router {
  const router = Router();
  const usage = usageRepository(c.db);
  const moduleViews = pluginViews(c.plugins.viewDirs);
  router.get('/', async (req, res) => {
    const user = currentUser(req) as User;
    const period = periodString(monthOf(dayInZone(c.clock(), c.config.billingTz)));
    const services = await dashboardRows(c.repos, usage, (await c.repos.services.listForClient(user.id)).filter((s) => !s.retiredAt), period);
    res.render('client/dashboard', { title: 'My services', services });
  });
  router.get('/services/:id', async (req, res) => {
    const user = currentUser(req) as User;
    // the page view of the repositories: a warm page reads its rows from the few-seconds cache
    const service = await c.pageRepos.services.findForClient(idParam(req), user.id);
    if (!service) throw new NotFoundError('No such service');
    // one context for the title and the module: listing every client and server per view would not scale
    const ctx = await buildServiceContext(c.pageDeps, service, { client: user });
    const module = c.deps.modules.provisioner(ctx.product.module);
    const moduleView = module?.clientServiceView ? await module.clientServiceView(ctx) : null;
    // the module's cards carry the customer's VPN password and configs: never keep them in a cache
    res.set('Cache-Control', 'no-store');
    res.render('client/service', { title: ctx.product.name, service: { ...service, productName: ctx.product.name }, moduleView: moduleViews(moduleView) });
  });
  router.use(clientInvoicePages(c));
  return router;
}
