/**
 * Admin pages for panel servers: list, create, edit (token write-only) and Test Connection. A server's
 * module supplies its defaults, its own settings inputs and the Test Connection result shown here.
 */
import { Router, type Request, type Response } from 'express';
import type { ServerHealth } from '../../../repositories/servers.repository.js';
import type { Container } from '../../../container.js';
import { checkServerCompatibility, createServer, serverModule, testServerConnection, testTypedServer, updateServer } from '../../../domain/catalogue/servers.js';
import { deleteServer } from '../../../domain/catalogue/deletion.js';
import { AppError, NotFoundError, ValidationError } from '../../../errors.js';
import { parseOrThrow } from '../../../domain/validation.js';
import type { ServerSummary } from '../../../domain/types.js';
import type { CompatibilityReport, ConnectionTestResult, ProvisioningModule } from '../../../plugins/plugin-api.js';
import { createServerSchema, updateServerSchema } from '../../schemas/catalogue.schema.js';
import { idParam, submitForm, withCheckboxes } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import { serverFormValues, settingsFromForm } from '../../view-models/server-view.js';
import { moduleNames } from '../../view-models/module-names.js';

const SERVER_CHECKBOXES = ['secure', 'allow_self_signed', 'enabled'];

/** What the form shows of one module: its settings inputs and the defaults an empty field stands for. */
function moduleForm(module: ProvisioningModule) {
  const s = module.serverSettings;
  return {
    type: module.type,
    fields: s.fields,
    portHint: `Empty = ${s.defaultPort(false)} over HTTP, ${s.defaultPort(true)} over HTTPS.`,
    connectHint: `Empty = ${s.defaultTimeouts.connectMs}.`,
    responseHint: `Empty = ${s.defaultTimeouts.responseMs}.`,
  };
}

/** The posted form as the server schema reads it: the module's `settings.*` inputs become one document. */
function formInput(req: Request, module: ProvisioningModule | null): Record<string, unknown> {
  const body = withCheckboxes(req.body, SERVER_CHECKBOXES);
  const settings = settingsFromForm(module, body);
  const fields = Object.fromEntries(Object.entries(body).filter(([k]) => !k.startsWith('settings.')));
  return settings === undefined ? fields : { ...fields, settings };
}

/** Renders the form with a typed test's result, or with the messages of the values that are not a server. */
async function typedTest(res: Response, view: string, locals: Record<string, unknown>, run: () => Promise<ConnectionTestResult>, body: unknown): Promise<void> {
  const values = { ...(body as Record<string, unknown>) };
  delete values._csrf;
  try {
    res.render(view, { ...locals, test: await run(), values, errors: {}, testedUnsaved: true });
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    res.status(422).render(view, { ...locals, values, errors: err.fields ?? {}, formError: err.message });
  }
}

/** The servers list's rows: each server with its last test and the portal's services holding its slots. */
function serverRows(servers: ServerSummary[], health: Map<number, ServerHealth>, slots: Map<number, number>) {
  return servers.map((s) => ({ ...s, health: health.get(s.id) ?? null, services: slots.get(s.id) ?? 0 }));
}

/** Builds the /admin/servers router. */
export function serversPages(c: Container): Router {
  const router = Router();
  const moduleName = moduleNames(c.plugins.manifests);
  const modules = () => c.deps.modules.types().map((t) => c.deps.modules.provisioner(t)).filter((m): m is ProvisioningModule => m !== null);
  const formLocals = async (title: string, server: ServerSummary | null, test: ConnectionTestResult | null = null, compat: CompatibilityReport | null = null) => {
    const own = server ? c.deps.modules.provisioner(server.module) : null;
    return {
      view: 'admin/servers/form',
      locals: { title, server, groups: await c.repos.serverGroups.list(), modules: (own ? [own] : modules()).map(moduleForm), test, compat, moduleName },
    };
  };
  const chosenModule = (req: Request) => {
    try {
      return serverModule(c.deps, typeof req.body?.module === 'string' && req.body.module !== '' ? req.body.module : undefined);
    } catch {
      return null;
    }
  };

  router.get('/', async (_req, res) => {
    const [servers, groups, health, slots] = await Promise.all([c.repos.servers.list(), c.repos.serverGroups.list(), c.repos.servers.health(), c.repos.services.slotsByServer()]);
    res.render('admin/servers/list', { title: 'Servers', servers: serverRows(servers, health, slots), groupNames: Object.fromEntries(groups.map((g) => [g.id, g.name])) });
  });
  // Test Connection of the new-server form: tests what is typed, saves nothing, keeps every value (the token too)
  router.post('/test', async (req, res) => {
    const module = chosenModule(req);
    const { view, locals } = await formLocals('New server', null);
    await typedTest(res, view, locals, () => testTypedServer(c.deps, null, parseOrThrow(createServerSchema, formInput(req, module))), req.body);
  });
  router.get('/new', async (req, res) => {
    const { view, locals } = await formLocals('New server', null);
    res.render(view, { ...locals, values: { enabled: true, server_group_id: req.query.group ?? '', module: modules()[0]?.type ?? '' }, errors: {} });
  });
  router.post('/', (req, res) =>
    submitForm(req, res, () => formLocals('New server', null), async () => {
      const server = await createServer(c.deps, parseOrThrow(createServerSchema, formInput(req, chosenModule(req))));
      setNotice(req, `Server "${server.name}" saved. Use Test Connection to check it.`);
      return `/admin/servers/${server.id}`;
    }, { keep: ['api_token'] }),
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
      await updateServer(c.deps, server.id, parseOrThrow(updateServerSchema, formInput(req, c.deps.modules.provisioner(server.module))));
      setNotice(req, 'Server saved.');
      return `/admin/servers/${server.id}`;
    }, { keep: ['api_token'] });
  });
  // from the form (its fields posted): the unsaved edits are tested and kept; without fields: the stored server,
  // whose result becomes its health on the servers list
  router.post('/:id/test', async (req, res) => {
    const server = await c.repos.servers.findSummary(idParam(req));
    if (!server) throw new NotFoundError('No such server');
    if (typeof req.body?.name !== 'string') {
      const { view, locals } = await formLocals(server.name, server, await testServerConnection(c.deps, server.id));
      return res.render(view, { ...locals, values: serverFormValues(server), errors: {} });
    }
    const { view, locals } = await formLocals(server.name, server);
    await typedTest(res, view, locals, () => testTypedServer(c.deps, server.id, parseOrThrow(updateServerSchema, formInput(req, c.deps.modules.provisioner(server.module)))), req.body);
  });
  router.post('/:id/delete', async (req, res) => {
    const id = idParam(req);
    try {
      await deleteServer(c.deps, id);
      setNotice(req, 'Server deleted.');
      return res.redirect('/admin/servers');
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404) throw err;
      setNotice(req, err.message, 'error');
      return res.redirect(`/admin/servers/${id}`);
    }
  });
  router.post('/:id/api-check', async (req, res) => {
    const server = await c.repos.servers.findSummary(idParam(req));
    if (!server) throw new NotFoundError('No such server');
    const { report } = await checkServerCompatibility(c.deps, server.id);
    const { view, locals } = await formLocals(server.name, server, null, report);
    res.render(view, { ...locals, values: serverFormValues(server), errors: {} });
  });
  return router;
}
