/**
 * Admin pages for services: list, create a pending service for a customer, and the service page.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { createAndProvision } from '../../../domain/services/create-and-provision.js';
import { retireService } from '../../../domain/catalogue/deletion.js';
import { AppError, NotFoundError } from '../../../errors.js';
import { isLifecycleAction, LIFECYCLE_ACTIONS, LIFECYCLE_RULES } from '../../../domain/services/lifecycle-rules.js';
import { runLifecycleAction } from '../../../domain/services/run-lifecycle-action.js';
import { changeServiceOptions } from '../../../domain/services/change-service-options.js';
import { buildServiceContext } from '../../../domain/services/service-context.js';
import { declaredOptions, optionsPatchSchema, optionsView } from '../../../domain/services/service-options.js';
import { pluginViews } from '../../view-files.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { createServiceFormSchema } from '../../schemas/catalogue.schema.js';
import { idParam, submitForm } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import { serviceRows } from '../../view-models/service-view.js';
import { adminLists } from '../../admin-lists.js';
import { listControls } from '../../view-models/list-view.js';
import { SERVICE_STATUSES } from '../../../repositories/service-list.js';
import type { ServerHealth } from '../../../repositories/servers.repository.js';
import type { ServerSummary } from '../../../domain/types.js';
import { collapseFailures } from '../../../domain/lists/collapse-log.js';
import { resendWelcomeMail } from '../../../domain/mail/resend-welcome.js';
import { wantsJson } from '../../middleware/error-handler.js';
import { lifecycleOptionsSchema } from '../../schemas/lifecycle.schema.js';
import { quotaSummaries, quotaSummary } from '../../../domain/quota/quota-summary.js';
import { QUOTA_FILTERS, quotaListPiece } from '../../view-models/quota-view.js';
import { filters as listFilters } from '../../../domain/lists/list-query.js';
import { quotaServicePages } from './quota-pages.js';

const CLIENT_SELECT_MAX = 500;
// the most services a quota filter reads (newest first) to pick its matches from
const QUOTA_SCAN_MAX = 5000;
const QUOTA_LIST_FILTER = listFilters.oneOf(QUOTA_FILTERS.map((f) => f.value).filter((v) => v !== ''));

/** The servers a new service may name, each with its group (the page shows the product's group only) and its slots. */
function serverChoices(servers: ServerSummary[], health: Map<number, ServerHealth>, slots: Map<number, number>) {
  return servers.map((s) => {
    const total = health.get(s.id)?.slotsTotal;
    return { value: s.id, group: s.serverGroupId, label: `${s.name} (${slots.get(s.id) ?? 0}/${total ?? '?'} Accounts)${s.enabled ? '' : ' — disabled'}` };
  });
}

/** Builds the /admin/services router. */
export function servicesPages(c: Container): Router {
  const router = Router();
  const lists = adminLists(c);
  const moduleViews = pluginViews(c.plugins.viewDirs);
  const options = declaredOptions(c.deps.modules);
  const createForm = createServiceFormSchema(options);
  const optionsPatch = optionsPatchSchema(options);
  const formLocals = async () => {
    const [clientCount, products, servers, health, slots] = await Promise.all([c.repos.users.count('client'), c.repos.products.all(), c.repos.servers.list(), c.repos.servers.health(), c.repos.services.slotsByServer()]);
    // past a few hundred customers a select is no help: the form takes the id, found with the clients list's search
    const clients = clientCount <= CLIENT_SELECT_MAX ? await c.repos.users.list('client') : null;
    return { view: 'admin/services/new', locals: { title: 'New service', clients, products, servers: serverChoices(servers, health, slots), optionFields: options } };
  };

  router.get('/', async (req, res) => {
    const quotaParam = req.query.quota;
    const { list, page } = await lists.services(req, { quota: QUOTA_LIST_FILTER });
    // the quota state is computed, not stored: with a quota filter the newest matches of the other filters are read
    // (at most QUOTA_SCAN_MAX) and the quota filter is applied to them; without one only the page's quotas are read
    let shown = page;
    if (list.filters.quota !== undefined) {
      const scan = await c.repos.services.search({ ...list, page: 1, perPage: QUOTA_SCAN_MAX });
      const piece = quotaListPiece(await quotaSummaries(c.billing, scan.items), quotaParam);
      const kept = scan.items.filter((s) => piece.keeps(s.id));
      shown = { items: kept.slice((list.page - 1) * list.perPage, list.page * list.perPage), page: list.page, perPage: list.perPage, total: kept.length };
    }
    const quota = quotaListPiece(await quotaSummaries(c.billing, shown.items), quotaParam);
    const [products, servers] = await Promise.all([c.repos.products.all(), c.repos.servers.list()]);
    const choices = [
      { name: 'status', label: 'Status', options: SERVICE_STATUSES.map((v) => ({ value: v, label: v })) },
      { name: 'product_id', label: 'Product', options: products.map((p) => ({ value: String(p.id), label: p.name })) },
      { name: 'server_id', label: 'Server', options: servers.map((s) => ({ value: String(s.id), label: s.name })) },
      { name: 'quota', label: 'Quota', options: QUOTA_FILTERS.filter((f) => f.value !== '').map((f) => ({ value: f.value, label: f.label })) },
    ];
    const controls = listControls('/admin/services', list, shown, choices, 'Service #, VPN client name, IP, customer email or name');
    res.render('admin/services/list', { title: 'Services', services: await serviceRows(c.repos, shown.items), controls, quota });
  });
  router.get('/new', async (req, res) => {
    const { view, locals } = await formLocals();
    res.render(view, { ...locals, values: { client_id: req.query.client ?? '' }, errors: {} });
  });
  // "Create" stores a pending service; "Create and provision" (provision=1) runs create on it right after
  router.post('/', (req, res) =>
    submitForm(req, res, formLocals, async () => {
      const { provision, ...fields } = req.body as Record<string, unknown>;
      const { service, provisioning } = await createAndProvision(c.lifecycleDeps, parseOrThrow(createForm, fields), provision === '1');
      if (!provisioning) setNotice(req, `Service #${service.id} created as pending.`);
      else if (provisioning.ok) setNotice(req, `Service #${service.id} created and provisioned: ${service.username ?? ''} is ${service.status}.`);
      else setNotice(req, `Service #${service.id} was created, but provisioning failed: ${provisioning.error}`, 'error');
      return `/admin/services/${service.id}`;
    }),
  );
  router.post('/:id/retire', async (req, res) => {
    const id = idParam(req);
    try {
      await retireService(c.deps, id);
      setNotice(req, 'Service retired: the customer no longer sees it on their dashboard.');
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404) throw err;
      setNotice(req, err.message, 'error');
    }
    res.redirect(`/admin/services/${id}`);
  });
  router.get('/:id', async (req, res) => {
    const service = await c.repos.services.findById(idParam(req));
    if (!service) throw new NotFoundError('No such service');
    const [row] = await serviceRows(c.repos, [service]);
    const product = await c.repos.products.findById(service.productId);
    const module = product ? c.deps.modules.provisioner(product.module) : null;
    const moduleBlocks = moduleViews(module?.adminServiceView ? await module.adminServiceView(await buildServiceContext(c.deps, service, { product: product ?? undefined })) : null);
    const actions = LIFECYCLE_ACTIONS.map((name) => ({ name, allowed: LIFECYCLE_RULES[name].from.includes(service.status) }));
    const tier = service.tierCode === null ? null : await c.repos.plans.tier(service.productId, service.tierCode);
    const serviceOptions = { fields: module?.serviceOptions ?? [], values: optionsView(module, product, service.options, tier) };
    const welcome = module?.welcomeMailContent ? { allowed: service.status === 'active', automatic: product ? Boolean(module.sendsWelcomeMail?.(product)) : false, mails: await c.repos.mailOutbox.list({ kind: 'welcome', limit: 500 }).then((m) => m.filter((x) => x.serviceId === service.id).slice(0, 3)) } : null;
    const quota = { summary: await quotaSummary(c.billing, service), history: await c.repos.quotas.eventsOf(service.id, 50) };
    const plan = { tiers: await c.repos.plans.tiers(service.productId), products: (await c.repos.products.list()).filter((p) => p.module === product?.module) };
    const logList = await lists.moduleLog(req, service.id);
    const logChoices = [
      { name: 'outcome', label: 'Outcome', options: [{ value: 'ok', label: 'ok' }, { value: 'failed', label: 'failed' }] },
      { name: 'action', label: 'Action', options: (await c.repos.moduleLog.actionsForService(service.id)).map((a) => ({ value: a, label: a })) },
      { name: 'from', label: 'From', options: [], input: 'date' as const },
      { name: 'to', label: 'To', options: [], input: 'date' as const },
    ];
    const logControls = listControls(`/admin/services/${service.id}`, logList.list, logList.page, logChoices, '');
    const findings = await c.repos.reconcileFindings.listOpen({ serviceId: service.id });
    res.render('admin/services/show', { title: `Service #${service.id}`, service: row, actions, serviceOptions, moduleBlocks, welcome, quota, plan, findings, log: collapseFailures(logList.page.items), logControls });
  });
  router.post('/:id/actions/:action', async (req, res) => {
    const id = idParam(req);
    const action = String(req.params.action);
    if (!isLifecycleAction(action)) throw new NotFoundError('Unknown action');
    try {
      await runLifecycleAction(c.lifecycleDeps, id, action, parseOrThrow(lifecycleOptionsSchema, req.body ?? {}));
      setNotice(req, `${action} succeeded.`);
    } catch (err) {
      // the page shows why; the module log below it has the details
      if (!(err instanceof AppError) || err.status === 404) throw err;
      setNotice(req, `${action} failed: ${err.message}`, 'error');
    }
    res.redirect(`/admin/services/${id}`);
  });
  // "Resend welcome email": JSON for the page's inline result, a notice after a redirect without script
  router.post('/:id/welcome-email', async (req, res) => {
    const id = idParam(req);
    const service = await c.repos.services.findById(id);
    if (!service) throw new NotFoundError('No such service');
    const client = await c.repos.users.findById(service.clientId);
    let result: { ok: boolean; message: string; mail_id?: number };
    try {
      const mailId = await resendWelcomeMail(c.deps, id);
      result = { ok: true, mail_id: mailId, message: c.mail.sending ? `Welcome email queued for ${client?.email ?? 'the client'} (mail #${mailId}); it goes out within seconds.` : `Welcome email queued as mail #${mailId}; SMTP_URL is not set, so it stays in the outbox.` };
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404) throw err;
      result = { ok: false, message: err.message };
    }
    if (wantsJson(req)) return res.status(result.ok ? 202 : 409).json(result);
    setNotice(req, result.message, result.ok ? 'ok' : 'error');
    res.redirect(`/admin/services/${id}`);
  });
  router.post('/:id/options', async (req, res) => {
    const id = idParam(req);
    const body = req.body as Record<string, unknown>;
    // an emptied input returns the option to the product default
    const posted = options.filter((o) => o.name in body).map((o) => [o.name, typeof body[o.name] === 'string' && (body[o.name] as string).trim() === '' ? null : body[o.name]]);
    try {
      await changeServiceOptions(c.lifecycleDeps, id, parseOrThrow(optionsPatch, Object.fromEntries(posted)));
      setNotice(req, 'Options saved.');
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404) throw err;
      const detail = err.fields ? Object.entries(err.fields).map(([k, v]) => `${k}: ${v}`).join('; ') : err.message;
      setNotice(req, `Options not applied: ${detail}`, 'error');
    }
    res.redirect(`/admin/services/${id}`);
  });
  router.use(quotaServicePages(c));
  return router;
}
