/**
 * Admin pages for services: list, create a pending service for a customer, and the service page.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { createPendingService } from '../../../domain/services/create-pending-service.js';
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
import { resendWelcomeMail } from '../../../domain/mail/resend-welcome.js';
import { wantsJson } from '../../middleware/error-handler.js';
import { lifecycleOptionsSchema } from '../../schemas/lifecycle.schema.js';

/** Builds the /admin/services router. */
export function servicesPages(c: Container): Router {
  const router = Router();
  const moduleViews = pluginViews(c.plugins.viewDirs);
  const options = declaredOptions(c.deps.modules);
  const createForm = createServiceFormSchema(options);
  const optionsPatch = optionsPatchSchema(options);
  const formLocals = async () => ({
    view: 'admin/services/new',
    locals: { title: 'New service', clients: await c.repos.users.list('client'), products: await c.repos.products.list(), servers: await c.repos.servers.list(), optionFields: options },
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
      const service = await createPendingService(c.deps, parseOrThrow(createForm, req.body));
      setNotice(req, `Service #${service.id} created as pending.`);
      return `/admin/services/${service.id}`;
    }),
  );
  router.get('/:id', async (req, res) => {
    const service = await c.repos.services.findById(idParam(req));
    if (!service) throw new NotFoundError('No such service');
    const [row] = await serviceRows(c.repos, [service]);
    const product = await c.repos.products.findById(service.productId);
    const module = product ? c.deps.modules.provisioner(product.module) : null;
    const moduleBlocks = moduleViews(module?.adminServiceView ? await module.adminServiceView(await buildServiceContext(c.deps, service, { product: product ?? undefined })) : null);
    const actions = LIFECYCLE_ACTIONS.map((name) => ({ name, allowed: LIFECYCLE_RULES[name].from.includes(service.status) }));
    const serviceOptions = { fields: module?.serviceOptions ?? [], values: optionsView(module, product, service.options) };
    const welcome = module?.welcomeMailContent ? { allowed: service.status === 'active', automatic: product ? Boolean(module.sendsWelcomeMail?.(product)) : false, mails: await c.repos.mailOutbox.list({ kind: 'welcome', limit: 500 }).then((m) => m.filter((x) => x.serviceId === service.id).slice(0, 3)) } : null;
    const findings = await c.repos.reconcileFindings.listOpen({ serviceId: service.id });
    res.render('admin/services/show', { title: `Service #${service.id}`, service: row, actions, serviceOptions, moduleBlocks, welcome, findings, log: await c.repos.moduleLog.forService(service.id, 50) });
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
  return router;
}
