/**
 * Invoices for a finished month: one per customer, with a recurring line per service and plan (prorated by
 * the days each applied), a setup line in the month the service began, and a usage line per service and
 * enabled metric (money.ts, from the stored daily rows, which each line keeps); tax at TAX_RATE, a gapless
 * number, the due date INVOICE_DUE_DAYS after issue, seller and buyer as they are now. Each invoice and
 * its invoice_issued mail commit together. Customers are taken in batches, so memory stays flat however
 * many there are. Idempotent: a customer who already has the month's (not void) invoice is left alone.
 */
import { ValidationError } from '../../errors.js';
import type { Invoice, InvoiceParties, NewInvoice, StoredLine } from '../../repositories/invoices.repository.js';
import type { UsageCandidate, UsageDayRow } from '../../repositories/usage.repository.js';
import { isUniqueViolation } from '../../db/create-db.js';
import type { TransactionDeps } from '../deps.js';
import { queueMails } from '../mail/queue-mail.js';
import { readCompanyProfile } from '../settings/company-profile.js';
import type { BillingDeps } from './billing-deps.js';
import { dayInZone, daysOfMonth, monthRangeUtc, nextMonth, parseDate, parsePeriod, periodString, type YearMonth } from './billing-calendar.js';
import { computeInvoiceLines, type ServiceUsage } from './invoice-lines.js';
import { GB_BASE, ROUNDING } from './money.js';
import { addDays } from './dates.js';
import { planLines, type PlanLine } from './recurring-lines.js';
import { planPriceBook } from './plan-price-book.js';
import { formatPriceMinor, taxMinor } from './prices.js';
import { usageSources, type MeteredProduct } from './usage-sources.js';
import { emitEvents } from '../webhooks/emit-event.js';
import { invoiceEventData } from '../webhooks/event-data.js';

/** Customers per batch: one read of their services, plans and days, one transaction for their invoices (75 keeps 10,000 customers near 220 MB of RSS and their commits few; see the benchmark). */
export const CLIENTS_PER_BATCH = 75;

/** The outcome: how many invoices this call created, and how many of the month stood already. */
export interface GenerateResult {
  period: string;
  created: number;
  existing: number;
}

/**
 * Refuses a month that has not ended in BILLING_TZ: its invoice would freeze a partial month.
 * @throws ValidationError (field `period`)
 */
export function assertMonthOver(deps: Pick<BillingDeps, 'clock' | 'settings'>, period: string): void {
  const ym = parsePeriod(period);
  const today = dayInZone(deps.clock(), deps.settings.timeZone);
  const days = daysOfMonth(ym.year, ym.month);
  if (today <= days[days.length - 1]) {
    throw new ValidationError({ period: `is not over yet in ${deps.settings.timeZone}; invoices for ${period} can be generated from ${periodString(nextMonth(ym))}-01` }, `The month ${period} is not over yet`);
  }
}

/** One service's usage lines, which keep the days they came from. */
function usageLines(serviceId: number, metered: MeteredProduct, days: UsageDayRow[]): StoredLine[] {
  const usage: ServiceUsage = {
    serviceId,
    metrics: metered.metrics,
    usage: {
      downloadBytes: days.reduce((sum, d) => sum + BigInt(d.downloadBytes), 0n),
      uploadBytes: days.reduce((sum, d) => sum + BigInt(d.uploadBytes), 0n),
    },
  };
  return computeInvoiceLines([usage]).lines.map((line) => ({
    ...line,
    kind: 'usage',
    description: `${metered.product.name}: ${line.metric} traffic`,
    days: days.map((d) => ({ date: d.day, bytes: line.metric === 'download' ? d.downloadBytes : d.uploadBytes })),
    days_count: null,
  }));
}

function planLine(l: PlanLine): StoredLine {
  return {
    kind: l.kind, service_id: l.serviceId, description: l.description, metric: null, bytes: null, gb: null, included_gb: null, billable_gb: null,
    unit_price: formatPriceMinor(l.unitMinor), amount_minor: l.amountMinor, days: [], days_count: l.days,
  };
}

/**
 * Creates the missing invoices of a month.
 * @param input.period 'YYYY-MM', a month that has ended in BILLING_TZ
 * @throws ValidationError (field `period`) for a malformed or unfinished month
 */
export async function generateInvoices(deps: BillingDeps, input: { period: string }): Promise<GenerateResult> {
  const { period } = input;
  assertMonthOver(deps, period);
  const month = parsePeriod(period);
  const range = monthRangeUtc(month, deps.settings.timeZone);
  const invoiced = await deps.invoices.invoicedClients(period);
  const keys = (await deps.usage.billableKeys(period, range.from.toISOString(), range.to.toISOString())).filter((k) => !invoiced.has(k.clientId));
  const profile = await readCompanyProfile(deps.repos.settings);
  const seller: InvoiceParties['seller'] = { name: profile.companyName, legalName: profile.legalName, address: profile.address, taxId: profile.taxId, email: profile.supportEmail };
  const sources = usageSources(deps);
  const book = planPriceBook(deps.repos);
  let created = 0;
  for (let i = 0; i < keys.length; ) {
    // a batch ends at a customer's last service
    let end = i;
    const clients = new Set<number>();
    while (end < keys.length && (clients.size < CLIENTS_PER_BATCH || clients.has(keys[end].clientId))) clients.add(keys[end++].clientId);
    const batch = await deps.usage.candidatesByIds(keys.slice(i, end).map((k) => k.id));
    created += await invoiceBatch(deps, { period, month, seller, sources, book }, batch);
    i = end;
  }
  if (created > 0) deps.log.info({ period, created }, 'invoices generated');
  return { period, created, existing: invoiced.size };
}

interface BatchParts {
  period: string;
  month: YearMonth;
  seller: InvoiceParties['seller'];
  sources: ReturnType<typeof usageSources>;
  book: ReturnType<typeof planPriceBook>;
}

/** Invoices one batch of customers; resolves how many invoices were stored. */
async function invoiceBatch(deps: BillingDeps, parts: BatchParts, candidates: UsageCandidate[]): Promise<number> {
  const { period, month } = parts;
  const ids = candidates.map((c) => c.service.id);
  const [periods, days] = await Promise.all([deps.repos.plans.periodsOf(ids), deps.usage.daysOfMany(ids, period)]);
  const prices = await parts.book.forPeriods([...periods.values()].flat());
  const issuedAt = deps.clock().toISOString();
  const issueDay = dayInZone(deps.clock(), deps.settings.timeZone);
  const byClient = new Map<number, { client: UsageCandidate['client']; lines: StoredLine[] }>();
  for (const candidate of candidates.sort((a, b) => a.service.id - b.service.id)) {
    const { service } = candidate;
    const endDay = service.status === 'terminated' && service.terminatedAt ? dayInZone(new Date(service.terminatedAt), deps.settings.timeZone) : null;
    const lines = planLines({ id: service.id, periods: periods.get(service.id) ?? [], endDay }, month, prices).map(planLine);
    const metered = await parts.sources.metered(service.productId);
    if (metered) lines.push(...usageLines(service.id, metered, days.get(service.id) ?? []));
    if (lines.length === 0) continue;
    const entry = byClient.get(candidate.client.id) ?? { client: candidate.client, lines: [] };
    entry.lines.push(...lines);
    byClient.set(candidate.client.id, entry);
  }
  const invoices: NewInvoice[] = [...byClient.values()].map(({ client, lines }) => {
    const subtotal = lines.reduce((sum, l) => sum + BigInt(l.amount_minor), 0n);
    const tax = taxMinor(subtotal, deps.settings.taxRate);
    const total = subtotal + tax;
    return {
      clientId: client.id,
      period,
      currency: deps.settings.currency,
      subtotalMinor: Number(subtotal),
      taxMinor: Number(tax),
      taxRate: deps.settings.taxRate,
      totalMinor: Number(total),
      // nothing to pay: paid as issued, so it never counts as overdue
      status: total === 0n ? 'paid' : 'open',
      issuedAt,
      dueDate: addDays(issueDay, deps.settings.invoiceDueDays),
      numberYear: parseDate(issueDay).year,
      gbBase: Number(GB_BASE),
      rounding: ROUNDING,
      timeZone: deps.settings.timeZone,
      createdAt: issuedAt,
      parties: { seller: parts.seller, buyer: { id: client.id, name: client.name, email: client.email } },
      lines,
    };
  });
  try {
    return await storeWithMails(deps, invoices);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  // a concurrent generation stored some of these customers' invoices first: theirs stand, each of the others is stored alone
  let stored = 0;
  for (const invoice of invoices) {
    try {
      stored += await storeWithMails(deps, [invoice]);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return stored;
}

/** Stores invoices and queues their invoice_issued mails in one transaction. */
async function storeWithMails(deps: BillingDeps, invoices: NewInvoice[]): Promise<number> {
  return deps.inTransaction(async (tx: TransactionDeps) => {
    const ids = await tx.repos.invoices.insertMany(invoices);
    const mails = ids.flatMap((id, i) => {
      const inv = invoices[i];
      if (inv.status !== 'open' || !inv.parties) return [];
      const { buyer } = inv.parties;
      return [{ kind: 'invoice_issued' as const, to: buyer.email, userId: inv.clientId, data: { name: buyer.name, invoiceId: id, period: inv.period, totalMinor: inv.totalMinor, currency: inv.currency, dueDate: inv.dueDate } }];
    });
    await queueMails(tx, mails);
    await emitEvents(tx, 'invoice.issued', ids.filter((_, i) => invoices[i].status === 'open').map((id) => async () => invoiceEventData((await tx.repos.invoices.findById(id)) as Invoice)));
    return ids.length;
  });
}
