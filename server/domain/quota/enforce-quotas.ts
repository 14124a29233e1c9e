/**
 * The quota run: every service whose client exists on a panel and that has a quota (or a quota state
 * left to settle, such as a limit whose product dropped its quota) has the month of the run's date pulled
 * through its usage meter, exactly as the usage pull does (same meter, same stored daily rows, same
 * limits per panel and overall), and its quota settled: mails, panel steps, state. A failed pull is
 * recorded as the usage pull records it and the service is judged by its stored usage, so a panel
 * that is down delays a step to the next run and loses nothing.
 */
import type { ProductRecord, ProvisioningModule, UsageMeter } from '../../plugins/plugin-api.js';
import type { UsageCandidate } from '../../repositories/usage.repository.js';
import type { SpeedTier } from '../../repositories/plans.repository.js';
import type { QuotaRow } from '../../repositories/quota.repository.js';
import type { BillingDeps } from '../billing/billing-deps.js';
import { monthOf, periodString } from '../billing/billing-calendar.js';
import { failureReason, type CollectControl } from '../billing/collect-usage.js';
import { runLimitedQueues } from '../billing/limited-pool.js';
import { pullServiceDays } from '../billing/pull-service-days.js';
import { usageSources } from '../billing/usage-sources.js';
import { candidatePages, TARGETS_PER_PAGE } from '../billing/usage-targets.js';
import { usageWriter } from '../billing/usage-writer.js';
import { countedBytes, resolveQuotaTerms, serviceQuotaPolicy, tierMonthlyGbOf } from './quota-limit.js';
import { quotaWriter } from './quota-writer.js';
import { settleServiceQuota } from './settle-service-quota.js';

/** The answer of POST /api/admin/quota/enforce. */
export interface EnforceResult {
  date: string;
  period: string;
  services: number;
  /** services whose month was read from the panel */
  pulled: number;
  /** pulls that failed (the service was judged by its stored usage) */
  failed: { service_id: number; error: string }[];
  warned: number;
  limited: number;
  restored: number;
  mails: number;
  /** steps the panel did not take, retried by the next run */
  pending: { service_id: number; error: string }[];
}

/** A product as the quota run sees it. */
interface QuotaProduct {
  product: ProductRecord;
  module: ProvisioningModule | null;
  meter: UsageMeter | null;
  /** its tiers (retired too), keyed "productId/code": a tier may carry its own allowance */
  tiers: Map<string, SpeedTier>;
}

/** One service to work on, with what its page read about it. */
interface QuotaTarget {
  candidate: UsageCandidate;
  quota: QuotaProduct;
  prior: QuotaRow | null;
  topUpGb: number;
}

/**
 * Runs the quotas for a date.
 * @param input.date the run's date, already resolved (resolveRunDate)
 */
export async function enforceQuotas(deps: BillingDeps, input: { date: string }, control: CollectControl = {}, pageSize = TARGETS_PER_PAGE): Promise<EnforceResult> {
  const month = monthOf(input.date);
  const period = periodString(month);
  const sources = usageSources(deps);
  const products = new Map<number, Promise<QuotaProduct | null>>();
  const quotaProduct = (id: number) => {
    let hit = products.get(id);
    if (!hit) {
      hit = deps.repos.products.findById(id).then(async (product) => {
        if (!product) return null;
        return { product, module: deps.modules.provisioner(product.module), meter: deps.modules.meter(product.module), tiers: await deps.repos.plans.tiersOf([product.id]) };
      });
      products.set(id, hit);
    }
    return hit;
  };
  const termsOf = (q: QuotaProduct, service: { productId: number; tierCode: string | null }, topUpGb: number) => {
    const tierGb = tierMonthlyGbOf(q.tiers, service);
    return resolveQuotaTerms(serviceQuotaPolicy(deps.modules, q.product, tierGb), topUpGb, tierGb);
  };
  const hasTerms = (q: QuotaProduct | null, key: { productId: number; tierCode: string | null }) => q !== null && termsOf(q, key, 0) !== null;

  // plan: the pullable services with a quota (their product's or their tier's), plus those with a state to settle
  const stateful = await deps.repos.quotas.statefulIds();
  const idsByServer = new Map<number, number[]>();
  let total = 0;
  for (const key of await deps.usage.pullableKeys()) {
    if (!stateful.has(key.id) && !hasTerms(await quotaProduct(key.productId), key)) continue;
    const ids = idsByServer.get(key.serverId) ?? [];
    ids.push(key.id);
    idsByServer.set(key.serverId, ids);
    total++;
  }

  async function* targets(ids: number[]): AsyncGenerator<QuotaTarget> {
    for await (const page of candidatePages(deps, ids, pageSize)) {
      const pageIds = page.map((c) => c.service.id);
      const [states, topUps] = await Promise.all([deps.repos.quotas.statesOf(pageIds), deps.repos.quotas.topUpGb(pageIds, period)]);
      for (const candidate of page) {
        const quota = await quotaProduct(candidate.service.productId);
        if (quota) yield { candidate, quota, prior: states.get(candidate.service.id) ?? null, topUpGb: topUps.get(candidate.service.id) ?? 0 };
      }
    }
  }

  const result: EnforceResult = { date: input.date, period, services: total, pulled: 0, failed: [], warned: 0, limited: 0, restored: 0, mails: 0, pending: [] };
  let done = 0;
  const at = () => deps.clock().toISOString();
  const writer = usageWriter(
    (rows, pulls) => deps.usage.store(rows, pulls, at()),
    (serviceId, error) => result.failed.push({ service_id: serviceId, error }),
  );

  const quotaWrites = quotaWriter(deps, (serviceId, error) => result.pending.push({ service_id: serviceId, error }));

  const work = async ({ candidate, quota, prior, topUpGb }: QuotaTarget) => {
    const { service } = candidate;
    const ctx = await sources.context(candidate, quota.product);
    const terms = termsOf(quota, service, topUpGb);
    let days: { downloadBytes: number; uploadBytes: number }[] | null = null;
    try {
      if (!quota.meter) throw new Error(`the module ${quota.product.module} has no usage meter`);
      const pulled = await pullServiceDays(quota.meter, ctx, [month], input.date);
      await writer.ok(service.id, service.serverId, pulled);
      result.pulled++;
      days = pulled;
    } catch (err) {
      const reason = failureReason(err);
      result.failed.push({ service_id: service.id, error: reason });
      await writer.failed(service.id, service.serverId, reason);
    }
    // a failed pull: the last stored figures stand (a new month with nothing stored yet counts as 0)
    days ??= await deps.usage.daysOf(service.id, period);
    const used = terms ? countedBytes(terms.policy, days) : 0;
    const outcome = await settleServiceQuota(deps, { ctx, module: quota.module, terms, usedBytes: used, prior, period }, quotaWrites.add);
    if (outcome.mails.includes('quota_warning')) result.warned++;
    if (outcome.mails.includes('quota_reached')) result.limited++;
    if (outcome.restored) result.restored++;
    result.mails += outcome.mails.length;
    if (outcome.pendingError !== null) result.pending.push({ service_id: service.id, error: outcome.pendingError });
    done++;
    control.progress?.({ date: input.date, months: [period], services: total, done, collected: result.pulled, failed: result.failed.length });
  };
  try {
    await runLimitedQueues([...idsByServer.values()].map(targets), { perKey: deps.settings.perPanelLimit, overall: deps.settings.overallLimit }, work, {
      onError: (t, err) => {
        result.pending.push({ service_id: t.candidate.service.id, error: failureReason(err) });
        deps.log.error({ err, serviceId: t.candidate.service.id }, 'quota enforcement bookkeeping failed');
      },
      shouldStop: control.shouldStop,
    });
  } finally {
    await Promise.all([writer.close(), quotaWrites.close()]);
  }
  const byId = (a: { service_id: number }, b: { service_id: number }) => a.service_id - b.service_id;
  result.failed.sort(byId);
  result.pending.sort(byId);
  return result;
}
