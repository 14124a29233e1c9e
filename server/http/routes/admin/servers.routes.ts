/**
 * Admin pages for panel servers: list, create, edit (token write-only) and Test Connection.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { checkServerCompatibility, createServer, testServerConnection, updateServer } from '../../../domain/catalogue/servers.js';
import { NotFoundError } from '../../../errors.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { createServerSchema, updateServerSchema } from '../../schemas/catalogue.schema.js';
import { idParam, submitForm, withCheckboxes } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import { serverFormValues } from '../../view-models/server-view.js';

/** The module new servers are tested with: the only one installed, or the first. */
export function defaultModuleType(c: Container): string {
  return c.deps.modules.types()[0] ?? '';
}

const SERVER_CHECKBOXES = ['secure', 'allow_self_signed', 'enabled'];

/** Builds the /admin/servers router. */
export function serversPages(c: Container): Router {
  const router = Router();
  const formLocals = async (title: string, server: unknown) => ({ view: 'admin/servers/form', locals: { title, server, groups: await c.repos.serverGroups.list(), test: null, compat: null } });

  router.get('/', async (_req, res) => {
    const [servers, groups] = await Promise.all([c.repos.servers.list(), c.repos.serverGroups.list()]);
    res.render('admin/servers/list', { title: 'Servers', servers, groupNames: Object.fromEntries(groups.map((g) => [g.id, g.name])) });
  });
  router.get('/new', async (req, res) => {
    const { view, locals } = await formLocals('New server', null);
    res.render(view, { ...locals, values: { enabled: true, server_group_id: req.query.group ?? '' }, errors: {} });
  });
  router.post('/', (req, res) =>
    submitForm(req, res, () => formLocals('New server', null), async () => {
      const server = await createServer(c.deps, parseOrThrow(createServerSchema, withCheckboxes(req.body, SERVER_CHECKBOXES)));
      setNotice(req, `Server "${server.name}" saved. Use Test Connection to check it.`);
      return `/admin/servers/${server.id}`;
    }),
  );
  router.get('/:id', async (req, res) => {
    const server = await c.repos.servers.findSummary(idParam(req));
    if (!server) throw new NotFoundError('No such server');
    const { view, locals } = await formLocals(server.name, server);
    res.render(view, { ...locals, values: serverFormValues(server), errors: {} });
  });
  router.post('/:id', async (req, res) => {
    const server = await c.repos.servers.findSummary(idParam(req));
    if (!server) throw new NotFoundError('No such server');
    await submitForm(req, res, () => formLocals(server.name, server), async () => {
      await updateServer(c.deps, server.id, parseOrThrow(updateServerSchema, withCheckboxes(req.body, SERVER_CHECKBOXES)));
      setNotice(req, 'Server saved.');
      return `/admin/servers/${server.id}`;
    });
  });
  router.post('/:id/test', async (req, res) => {
    const server = await c.repos.servers.findSummary(idParam(req));
    if (!server) throw new NotFoundError('No such server');
    const test = await testServerConnection(c.deps, server.id, defaultModuleType(c));
    const { view, locals } = await formLocals(server.name, server);
    res.render(view, { ...locals, test, values: serverFormValues(server), errors: {} });
  });
  router.post('/:id/api-check', async (req, res) => {
    const server = await c.repos.servers.findSummary(idParam(req));
    if (!server) throw new NotFoundError('No such server');
    const { report } = await checkServerCompatibility(c.deps, server.id, defaultModuleType(c));
    const { view, locals } = await formLocals(server.name, server);
    res.render(view, { ...locals, compat: report, values: serverFormValues(server), errors: {} });
  });
  return router;
}
