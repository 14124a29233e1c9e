/**
 * Admin pages for customers: list, create, edit (with password reset).
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { createClient, updateClient } from '../../../domain/users/create-user.js';
import { NotFoundError } from '../../../errors.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { clientSchema, updateClientSchema } from '../../schemas/catalogue.schema.js';
import { idParam, submitForm, withCheckboxes } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import { adminLists } from '../../admin-lists.js';
import { listControls } from '../../view-models/list-view.js';
import { noteAudit } from '../../middleware/audit-trail.js';
import { clientAuditFields } from '../../view-models/client-audit.js';

/** Builds the /admin/clients router. */
export function clientsPages(c: Container): Router {
  const router = Router();
  const users = c.repos.users;
  const lists = adminLists(c);
  router.get('/', async (req, res) => {
    const { list, page } = await lists.clients(req);
    const choices = [{ name: 'status', label: 'Status', options: [{ value: 'active', label: 'active' }, { value: 'disabled', label: 'disabled' }] }];
    res.render('admin/clients/list', { title: 'Clients', clients: page.items, controls: listControls('/admin/clients', list, page, choices, 'Client #, email or name (from the start)') });
  });
  router.get('/new', (_req, res) => {
    res.render('admin/clients/form', { title: 'New client', client: null, values: {}, errors: {} });
  });
  router.post('/', (req, res) =>
    submitForm(req, res, async () => ({ view: 'admin/clients/form', locals: { title: 'New client', client: null } }), async () => {
      const user = await createClient(c.deps, parseOrThrow(clientSchema, req.body));
      setNotice(req, `Client ${user.email} created.`);
      return `/admin/clients/${user.id}`;
    }),
  );
  router.get('/:id', async (req, res) => {
    const client = await users.findById(idParam(req));
    if (!client || client.role !== 'client') throw new NotFoundError('No such client');
    const services = await c.repos.services.listForClient(client.id);
    res.render('admin/clients/form', { title: client.name, client, services, values: { email: client.email, name: client.name, disabled: client.disabled }, errors: {} });
  });
  router.post('/:id', async (req, res) => {
    const client = await users.findById(idParam(req));
    if (!client || client.role !== 'client') throw new NotFoundError('No such client');
    const services = await c.repos.services.listForClient(client.id);
    await submitForm(req, res, async () => ({ view: 'admin/clients/form', locals: { title: client.name, client, services } }), async () => {
      const input = parseOrThrow(updateClientSchema, withCheckboxes(req.body, ['disabled']));
      const updated = await updateClient(c.deps, client.id, { ...input, password: input.password || undefined });
      noteAudit(res, { before: clientAuditFields(client), after: clientAuditFields(updated, Boolean(input.password)) });
      const ended = input.password ? ' The password was reset and the client was signed out everywhere.' : input.disabled && !client.disabled ? ' The client is disabled and was signed out everywhere.' : '';
      setNotice(req, `Client saved.${ended}`);
      return `/admin/clients/${client.id}`;
    });
  });
  return router;
}
