/**
 * Admin pages for panel servers: list, create, edit (token write-only) and Test Connection. A server's
 * module supplies its defaults, its own settings inputs and the Test Connection result shown here.
 */
import { Router, type Request } from 'express';
import type { Container } from '../../../container.js';
import { checkServerCompatibility, createServer, serverModule, testServerConnection, updateServer } from '../../../domain/catalogue/servers.js';
import { NotFoundError } from '../../../errors.js';
import { parseOrThrow } from '../../../domain/validation.js';
import type { ServerSummary } from '../../../domain/types.js';
import type { CompatibilityReport, ConnectionTestResult, ProvisioningModule } from '../../../plugins/plugin-api.js';
import { createServerSchema, updateServerSchema } from '../../schemas/catalogue.schema.js';
import { idParam, submitForm, withCheckboxes } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import { serverFormValues, settingsFromForm } from '../../view-models/server-view.js';

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

/** Builds the /admin/servers router. */
export function serversPages(c: Container): Router {
  const router = Router();
  const modules = () => c.deps.modules.types().map((t) => c.deps.modules.provisioner(t)).filter((m): m is ProvisioningModule => m !== null);
  const formLocals = async (title: string, server: ServerSummary | null, test: ConnectionTestResult | null = null, compat: CompatibilityReport | null = null) => {
    const own = server ? c.deps.modules.provisioner(server.module) : null;
    return {
      view: 'admin/servers/form',
      locals: { title, server, groups: await c.repos.serverGroups.list(), modules: (own ? [own] : modules()).map(moduleForm), test, compat },
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
    const [servers, groups] = await Promise.all([c.repos.servers.list(), c.repos.serverGroups.list()]);
    res.render('admin/servers/list', { title: 'Servers', servers, groupNames: Object.fromEntries(groups.map((g) => [g.id, g.name])) });
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
      await updateServer(c.deps, server.id, parseOrThrow(updateServerSchema, formInput(req, c.deps.modules.provisioner(server.module))));
      setNotice(req, 'Server saved.');
      return `/admin/servers/${server.id}`;
    });
  });
  router.post('/:id/test', async (req, res) => {
    const server = await c.repos.servers.findSummary(idParam(req));
    if (!server) throw new NotFoundError('No such server');
    const { view, locals } = await formLocals(server.name, server, await testServerConnection(c.deps, server.id));
    res.render(view, { ...locals, values: serverFormValues(server), errors: {} });
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
