/**
 * The customer's own pages. Every service lookup goes through findForClient, so another customer's
 * service is simply not found (404).
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { NotFoundError } from '../../../errors.js';
import { currentUser } from '../../middleware/auth-guards.js';
import { idParam } from '../../form.js';
import { serviceRows } from '../../view-models/service-view.js';
import { buildServiceContext } from '../../../domain/services/service-context.js';
import type { User } from '../../../domain/types.js';

/** Builds the customer router (mounted at /). */
export function clientPageRoutes(c: Container): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const user = currentUser(req) as User;
    const services = await serviceRows(c.repos, await c.repos.services.listForClient(user.id));
    res.render('client/dashboard', { title: 'My services', services });
  });
  router.get('/services/:id', async (req, res) => {
    const user = currentUser(req) as User;
    const service = await c.repos.services.findForClient(idParam(req), user.id);
    if (!service) throw new NotFoundError('No such service');
    const [row] = await serviceRows(c.repos, [service]);
    const product = await c.repos.products.findById(service.productId);
    const module = product ? c.deps.modules.provisioner(product.module) : null;
    const moduleView = module?.clientServiceView ? await module.clientServiceView(await buildServiceContext(c.deps, service)) : null;
    res.render('client/service', { title: row.productName, service: row, moduleView });
  });
  return router;
}
