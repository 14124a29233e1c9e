/**
 * Admin pages for services: list, create a pending service for a customer, and the service page.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { createPendingService } from '../../../domain/services/create-pending-service.js';
import { NotFoundError } from '../../../errors.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { createServiceSchema } from '../../schemas/catalogue.schema.js';
import { idParam, submitForm } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import { serviceRows } from '../../view-models/service-view.js';

/** Builds the /admin/services router. */
export function servicesPages(c: Container): Router {
  const router = Router();
  const formLocals = async () => ({
    view: 'admin/services/new',
    locals: { title: 'New service', clients: await c.repos.users.list('client'), products: await c.repos.products.list(), servers: await c.repos.servers.list() },
  });

  router.get('/', async (_req, res) => {
    res.render('admin/services/list', { title: 'Services', services: await serviceRows(c.repos, await c.repos.services.list()) });
  });
  router.get('/new', async (req, res) => {
    const { view, locals } = await formLocals();
    res.render(view, { ...locals, values: { client_id: req.query.client ?? '' }, errors: {} });
  });
  router.post('/', (req, res) =>
    submitForm(req, res, formLocals, async () => {
      const body = req.body as Record<string, string>;
      const input = parseOrThrow(createServiceSchema, {
        client_id: body.client_id,
        product_id: body.product_id,
        server_id: body.server_id,
        options: { b_download: body.b_download, b_upload: body.b_upload },
      });
      const service = await createPendingService(c.deps, input);
      setNotice(req, `Service #${service.id} created as pending.`);
      return `/admin/services/${service.id}`;
    }),
  );
  router.get('/:id', async (req, res) => {
    const service = await c.repos.services.findById(idParam(req));
    if (!service) throw new NotFoundError('No such service');
    const [row] = await serviceRows(c.repos, [service]);
    res.render('admin/services/show', { title: `Service #${service.id}`, service: row, log: await c.repos.moduleLog.forService(service.id, 50) });
  });
  return router;
}
