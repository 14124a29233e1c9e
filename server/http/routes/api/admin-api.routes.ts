/**
 * The JSON admin API (admin-api.md): thin handlers that validate, call one command and answer JSON.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { createProduct, updateProductConfig } from '../../../domain/catalogue/products.js';
import { createServerGroup } from '../../../domain/catalogue/server-groups.js';
import { createServer, testServerConnection, testTypedServer, updateServer } from '../../../domain/catalogue/servers.js';
import { createAndProvision } from '../../../domain/services/create-and-provision.js';
import { deleteProduct, deleteServer, deleteServerGroup, retireService } from '../../../domain/catalogue/deletion.js';
import { createClient, updateClient } from '../../../domain/users/create-user.js';
import { isLifecycleAction } from '../../../domain/services/lifecycle-rules.js';
import { runLifecycleAction } from '../../../domain/services/run-lifecycle-action.js';
import { changeServiceOptions } from '../../../domain/services/change-service-options.js';
import { declaredOptions, optionsPatchSchema } from '../../../domain/services/service-options.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { quotaSummary } from '../../../domain/quota/quota-summary.js';
import { NotFoundError } from '../../../errors.js';
import { clientSchema, patchClientSchema, createServerSchema, createServiceSchema, productSchema, serverGroupSchema, updateServerSchema } from '../../schemas/catalogue.schema.js';
import { idParam } from '../../form.js';
import { jsonBody, optionalJsonBody } from '../../json-body.js';
import { lifecycleOptionsSchema } from '../../schemas/lifecycle.schema.js';
import { connectionJson, serverJson } from '../../view-models/server-view.js';
import { serviceJson, serviceJsonList, serviceOptionsOf } from '../../view-models/service-view.js';
import type { ProductRecord, User } from '../../../domain/types.js';
import { adminLists } from '../../admin-lists.js';
import { mapPage, pageJson } from '../../../domain/lists/list-query.js';
import { noteAudit } from '../../middleware/audit-trail.js';
import { clientAuditFields } from '../../view-models/client-audit.js';
import type { ServiceEntity } from '../../../repositories/services.repository.js';

/** Builds the /api/admin router's catalogue and service routes (billing-api.routes.ts has the rest). */
export function adminApiRoutes(c: Container): Router {
  const router = Router();
  const productJson = (p: ProductRecord) => ({ id: p.id, name: p.name, server_group_id: p.serverGroupId, module: p.module, config: p.config });
  const serviceAnswer = async (service: ServiceEntity) => ({ ...serviceJson(service, await serviceOptionsOf(c.deps, service)), quota: await quotaSummary(c.billing, service) });
  const options = declaredOptions(c.deps.modules);
  const lists = adminLists(c);
  const clientJson = (u: User) => ({ id: u.id, email: u.email, name: u.name, disabled: u.disabled, created_at: u.createdAt });
  const createService = createServiceSchema(options);
  const optionsPatch = optionsPatchSchema(options);

  router.get('/server-groups', async (_req, res) => {
    res.json({ server_groups: (await c.repos.serverGroups.list()).map((g) => ({ id: g.id, name: g.name, servers: g.servers })) });
  });
  router.post('/server-groups', async (req, res) => {
    const group = await createServerGroup(c.deps, parseOrThrow(serverGroupSchema, jsonBody(req)));
    res.status(201).json({ id: group.id, name: group.name });
  });

  router.delete('/server-groups/:id', async (req, res) => {
    await deleteServerGroup(c.deps, idParam(req));
    res.status(204).end();
  });

  router.get('/servers', async (_req, res) => {
    res.json({ servers: (await c.repos.servers.list()).map(serverJson) });
  });
  router.post('/servers', async (req, res) => {
    res.status(201).json(serverJson(await createServer(c.deps, parseOrThrow(createServerSchema, jsonBody(req)))));
  });
  router.get('/servers/:id', async (req, res) => {
    const server = await c.repos.servers.findSummary(idParam(req));
    if (!server) throw new NotFoundError('No such server');
    res.json(serverJson(server));
  });
  router.put('/servers/:id', async (req, res) => {
    res.json(serverJson(await updateServer(c.deps, idParam(req), parseOrThrow(updateServerSchema, jsonBody(req)))));
  });
  // the typed values of a server, tested without saving anything
  router.post('/servers/test', async (req, res) => {
    res.json(connectionJson(await testTypedServer(c.deps, null, parseOrThrow(createServerSchema, jsonBody(req)))));
  });
  router.delete('/servers/:id', async (req, res) => {
    await deleteServer(c.deps, idParam(req));
    res.status(204).end();
  });
  router.post('/servers/:id/test', async (req, res) => {
    res.json(connectionJson(await testServerConnection(c.deps, idParam(req))));
  });

  router.get('/products', async (_req, res) => {
    res.json({ products: (await c.repos.products.list()).map(productJson) });
  });
  router.post('/products', async (req, res) => {
    const product = await createProduct(c.deps, parseOrThrow(productSchema, jsonBody(req)));
    res.status(201).json(productJson(product));
  });
  router.get('/products/:id', async (req, res) => {
    const product = await c.repos.products.findById(idParam(req));
    if (!product) throw new NotFoundError('No such product');
    res.json(productJson(product));
  });
  router.delete('/products/:id', async (req, res) => {
    await deleteProduct(c.deps, idParam(req));
    res.status(204).end();
  });
  router.put('/products/:id/config', async (req, res) => {
    const product = await updateProductConfig(c.deps, idParam(req), jsonBody(req));
    res.json({ config: product.config });
  });

  router.get('/clients', async (req, res) => {
    const { page } = await lists.clients(req);
    const items = page.items.map(clientJson);
    // `clients` is the answer's name from before paging, kept beside the list contract's items
    res.json({ ...pageJson(mapPage(page, items)), clients: items });
  });
  router.post('/clients', async (req, res) => {
    const user = await createClient(c.deps, parseOrThrow(clientSchema, jsonBody(req)));
    res.status(201).json({ id: user.id, email: user.email, name: user.name });
  });
  router.get('/clients/:id', async (req, res) => {
    const user = await c.repos.users.findById(idParam(req));
    if (!user || user.role !== 'client') throw new NotFoundError('No such client');
    res.json({ id: user.id, email: user.email, name: user.name });
  });
  // a password sent, or disabled:true, ends every session of the client
  router.put('/clients/:id', async (req, res) => {
    const before = await c.repos.users.findById(idParam(req));
    const input = parseOrThrow(patchClientSchema, jsonBody(req));
    const user = await updateClient(c.deps, idParam(req), input);
    if (before) noteAudit(res, { before: clientAuditFields(before), after: clientAuditFields(user, Boolean(input.password)) });
    res.json({ id: user.id, email: user.email, name: user.name, disabled: user.disabled });
  });

  router.get('/services', async (req, res) => {
    const { page } = await lists.services(req);
    res.json(pageJson(mapPage(page, await serviceJsonList(c.deps, page.items))));
  });
  // pending, as the contract says, unless the product provisions new services automatically: then create
  // runs at once and `provisioning` says how it went (the service exists either way: 201)
  router.post('/services', async (req, res) => {
    const { service, provisioning } = await createAndProvision(c.lifecycleDeps, parseOrThrow(createService, jsonBody(req)), 'product');
    const body = await serviceAnswer(service);
    res.status(201).json(provisioning ? { ...body, provisioning: provisioning.ok ? { result: 'success' } : { result: 'failed', error: provisioning.error, code: provisioning.code } } : body);
  });
  router.post('/services/:id/retire', async (req, res) => {
    await retireService(c.deps, idParam(req));
    res.json(await serviceAnswer((await c.repos.services.findById(idParam(req))) as ServiceEntity));
  });
  router.get('/services/:id', async (req, res) => {
    const service = await c.repos.services.findById(idParam(req));
    if (!service) throw new NotFoundError('No such service');
    res.json(await serviceAnswer(service));
  });
  router.post('/services/:id/actions/:action', async (req, res) => {
    const action = String(req.params.action);
    if (!isLifecycleAction(action)) throw new NotFoundError(`Unknown action "${action}"; use create, suspend, unsuspend, terminate or change-package`);
    const service = await runLifecycleAction(c.lifecycleDeps, idParam(req), action, parseOrThrow(lifecycleOptionsSchema, optionalJsonBody(req)));
    res.json({ result: 'success', service: await serviceAnswer(service) });
  });
  router.put('/services/:id/options', async (req, res) => {
    const service = await changeServiceOptions(c.lifecycleDeps, idParam(req), parseOrThrow(optionsPatch, jsonBody(req)));
    res.json(await serviceAnswer(service));
  });
  router.get('/services/:id/module-log', async (req, res) => {
    const service = await c.repos.services.findById(idParam(req));
    if (!service) throw new NotFoundError('No such service');
    const { page } = await lists.moduleLog(req, service.id);
    const entries = page.items.map((r) => ({ id: r.id, at: r.at, action: r.action, method: r.method, path: r.path, status: r.httpStatus, duration_ms: r.durationMs, request: r.request, response: r.response, error: r.error }));
    // `entries` is the answer's name from before paging; items is the list contract's
    res.json({ ...pageJson(mapPage(page, entries)), entries });
  });
  return router;
}
