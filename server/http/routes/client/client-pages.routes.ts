/**
 * The customer's own pages. Every service lookup goes through findForClient, so another customer's
 * service is simply not found (404).
 */
import type { ProductRecord } from '../../../domain/types.js';
import type { ServiceEntity } from '../../../repositories/services.repository.js';
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
import { servicePlanView } from '../../view-models/service-plan-view.js';
import { clientDueSummary } from '../../view-models/client-due.js';
import { changeServiceTier } from '../../../domain/services/change-service-plan.js';
import { AppError } from '../../../errors.js';
import { setNotice } from '../../middleware/page-locals.js';
import { quotaSummaries, quotaSummary } from '../../../domain/quota/quota-summary.js';
import { resolveQuotaTerms, serviceQuotaPolicy } from '../../../domain/quota/quota-limit.js';
import { customerQuotaView } from '../../view-models/quota-view.js';
import { pageLocale } from '../../middleware/language-locals.js';
import { HOST_NAMESPACE } from '../../../i18n/translations.js';
import { customerText } from '../../../i18n/customer-messages.js';

/** Builds the customer router (mounted at /). */
export function clientPageRoutes(c: Container): Router {
  /**
   * Whether a service has a quota (its product's or its tier's), from the memoised product and tiers: only a
   * metered service costs the page the quota's reads. A tier no longer offered is not among the memoised
   * ones, so such a service is asked of the summary itself.
   */
  const hasQuota = async (service: ServiceEntity, product: ProductRecord): Promise<boolean> => {
    if (c.deps.modules.provisioner(product.module)?.quotaPolicy === undefined) return false;
    const tier = service.tierCode === null ? null : (await c.pageRepos.plans.tiers(service.productId)).find((t) => t.code === service.tierCode);
    if (tier === undefined) return true;
    const tierGb = tier?.monthlyGb ?? null;
    return resolveQuotaTerms(serviceQuotaPolicy(c.deps.modules, product, tierGb), 0, tierGb) !== null;
  };
  const router = Router();
  const usage = usageRepository(c.db);
  const moduleViews = pluginViews(c.plugins.viewDirs);
  router.get('/', async (req, res) => {
    const user = currentUser(req) as User;
    const period = periodString(monthOf(dayInZone(c.clock(), c.config.billingTz)));
    // a retired (terminated) service is no longer listed
    const own = (await c.repos.services.listForClient(user.id)).filter((s) => !s.retiredAt);
    const locale = pageLocale(res);
    const services = await dashboardRows(c.repos, usage, own, period, locale);
    const summaries = await quotaSummaries(c.billing, own.filter((s) => s.status === 'active' || s.status === 'suspended'));
    const quotas = new Map(own.map((s) => [s.id, customerQuotaView(summaries.get(s.id), locale)]));
    res.render('client/dashboard', { title: locale.t('dashboard.title'), services, quotas, due: await clientDueSummary(c.billing.invoices, user.id, dayInZone(c.clock(), c.config.billingTz), locale) });
  });
  router.get('/services/:id', async (req, res) => {
    const user = currentUser(req) as User;
    // the page view of the repositories: a warm page reads its rows from the few-seconds cache
    const service = await c.pageRepos.services.findForClient(idParam(req), user.id);
    if (!service) throw new NotFoundError('No such service');
    // one context for the title and the module: listing every client and server per view would not scale
    const ctx = await buildServiceContext(c.pageDeps, service, { client: user });
    const module = c.deps.modules.provisioner(ctx.product.module);
    // the module's texts are its plugin's, in the page's language
    const moduleLocale = c.i18n.locale(pageLocale(res).lang, c.deps.modules.owner(ctx.product.module) ?? HOST_NAMESPACE);
    const moduleView = module?.clientServiceView ? await module.clientServiceView(ctx, moduleLocale) : null;
    // the module's cards carry the customer's VPN password and configs: never keep them in a cache
    res.set('Cache-Control', 'no-store');
    const plan = await servicePlanView(c.pageRepos, service, c.config.currency, pageLocale(res));
    const metered = (service.status === 'active' || service.status === 'suspended') && (await hasQuota(service, ctx.product));
    const quota = metered ? customerQuotaView(await quotaSummary(c.billing, service), pageLocale(res)) : null;
    res.render('client/service', { title: ctx.product.name, service: { ...service, productName: ctx.product.name }, moduleView: moduleViews(moduleView), quota, plan });
  });
  // the customer's own tier change: pushed to the panel at once; a refusal changes nothing and says why
  router.post('/services/:id/tier', async (req, res) => {
    const user = currentUser(req) as User;
    const id = idParam(req);
    const code = typeof req.body?.tier === 'string' ? req.body.tier.trim() : '';
    try {
      const service = await changeServiceTier(c.lifecycleDeps, id, code, { kind: 'client', clientId: user.id });
      const tier = service.tierCode ? await c.repos.plans.tier(service.productId, service.tierCode) : null;
      setNotice(req, pageLocale(res).t('plan.changed', { tier: tier?.name ?? pageLocale(res).t('plan.planOwn') }));
    } catch (err) {
      if (err instanceof NotFoundError || !(err instanceof AppError)) throw err;
      const why = err.fields ? Object.values(err.fields).join('; ') : err.message;
      setNotice(req, pageLocale(res).t('plan.notChanged', { why: customerText(pageLocale(res), why) }), 'error');
    }
    res.redirect(303, `/services/${id}`);
  });
  router.use(clientInvoicePages(c));
  return router;
}
