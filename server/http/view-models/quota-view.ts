/**
 * The quota as the API answers it and the pages show it: the summary, its history, and the small
 * pieces a services list takes (a column and a filter), kept apart from the list itself.
 */
import type { QuotaEvent } from '../../repositories/quota.repository.js';
import type { QuotaSummary } from '../../domain/quota/quota-summary.js';
import { gbText } from '../../domain/quota/quota-mail.js';
import { quotaFilterSchema, type QuotaFilter } from '../schemas/quota.schema.js';

/** A history row as the API answers it. */
export function quotaEventJson(e: QuotaEvent) {
  return { at: e.at, period: e.period, kind: e.kind, used_bytes: e.usedBytes, limit_bytes: e.limitBytes, detail: e.detail };
}

/** The services-list cell: state and "used of limit", or a dash. */
export function quotaCell(q: QuotaSummary | undefined): { state: QuotaSummary['state']; text: string; pending: boolean } {
  if (!q || q.state === 'none') return { state: 'none', text: '—', pending: false };
  return { state: q.state, text: `${gbText(q.used_bytes)} / ${gbText(q.limit_bytes)} GB (${q.percent} %)`, pending: q.pending_error !== null };
}

/** Whether a service's quota passes the list filter. */
export function matchesQuotaFilter(q: QuotaSummary | undefined, filter: QuotaFilter): boolean {
  const state = q?.state ?? 'none';
  if (filter === 'any') return state !== 'none';
  if (filter === 'pending') return q?.pending_error != null;
  return state === filter;
}

/** What the customer reads about a quota: the bar's figures and the sentences around it. */
export function customerQuotaView(q: QuotaSummary | undefined) {
  if (!q || q.state === 'none') return null;
  const atLimit = q.action === 'throttle' ? `your speed is lowered to ${q.throttle_mbps} Mbit/s` : 'the service stops connecting';
  return {
    usedGb: gbText(q.used_bytes),
    limitGb: gbText(q.limit_bytes),
    percent: q.percent,
    state: q.state,
    counts: q.counts === 'download' ? 'Downloads count' : 'Downloads and uploads count',
    resetsOn: q.resets_on,
    limited: q.state === 'limited',
    atLimit: q.state === 'limited'
      ? q.action === 'throttle' ? `This month's traffic is used up: the speed is lowered to ${q.throttle_mbps} Mbit/s until ${q.resets_on}.` : `This month's traffic is used up: the service cannot connect until ${q.resets_on}.`
      : `At 100 % ${atLimit} until ${q.resets_on}.`,
  };
}

/** The filter's choices, as the list's select shows them. */
export const QUOTA_FILTERS: { value: QuotaFilter | ''; label: string }[] = [
  { value: '', label: 'Any quota state' },
  { value: 'any', label: 'With a quota' },
  { value: 'none', label: 'Without a quota' },
  { value: 'ok', label: 'Quota: ok' },
  { value: 'warned', label: 'Quota: warned' },
  { value: 'limited', label: 'Quota: limited' },
  { value: 'pending', label: 'Quota: step pending' },
];

/**
 * The quota column and filter a services list takes: the cell of each service, and whether it passes
 * `?quota=` (an unknown value filters nothing and says so).
 */
export function quotaListPiece(summaries: Map<number, QuotaSummary>, raw: unknown) {
  const parsed = raw === undefined || raw === '' ? null : quotaFilterSchema.safeParse(raw);
  const filter = parsed?.success ? parsed.data : null;
  return {
    filter: filter ?? '',
    filterError: parsed && !parsed.success ? 'quota: must be any, none, ok, warned, limited or pending' : null,
    choices: QUOTA_FILTERS,
    cell: (id: number) => quotaCell(summaries.get(id)),
    keeps: (id: number) => filter === null || matchesQuotaFilter(summaries.get(id), filter),
  };
}
