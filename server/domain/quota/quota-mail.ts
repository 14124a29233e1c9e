/**
 * The data of the quota mails (quota_warning, quota_reached): the figures as the customer reads them,
 * the day the allowance starts again and what happens at 100 %.
 */
import type { ServiceContext } from '../../plugins/plugin-api.js';
import { nextMonth, parsePeriod, periodString } from '../billing/billing-calendar.js';
import type { QuotaMailData } from '../mail/mail-kinds.js';
import { GB, type QuotaTerms } from './quota-limit.js';

/** Bytes as GB with two decimals, for people (1 GB = 10^9 bytes). */
export function gbText(bytes: number): string {
  return (bytes / GB).toFixed(2);
}

/** The first day of the month after `period`: when the allowance starts again. */
export function resetDay(period: string): string {
  return `${periodString(nextMonth(parsePeriod(period)))}-01`;
}

/** The mail's data. */
export function quotaMailData(ctx: ServiceContext, terms: QuotaTerms, usedBytes: number, period: string): QuotaMailData {
  const { policy } = terms;
  return {
    name: ctx.client.name,
    serviceId: ctx.service.id,
    productName: ctx.product.name,
    accountName: ctx.service.username,
    usedGb: gbText(usedBytes),
    limitGb: gbText(terms.limitBytes),
    percent: Math.min(999, Math.floor((usedBytes * 100) / terms.limitBytes)),
    warnPercent: policy.warnPercent,
    counts: policy.counts,
    action: policy.action,
    throttleMbps: policy.throttleMbps,
    resetsOn: resetDay(period),
  };
}
