/**
 * Request schemas of usage collection and invoices, shared by the admin pages, the API and the CLI.
 * Dates and periods are checked as calendar values by the domain (billing-calendar.ts); these schemas
 * only make sure they are text and that no unknown field slips through.
 */
import { z } from 'zod';

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** `{date?}`: the run's date, YYYY-MM-DD in BILLING_TZ. */
export const collectUsageSchema = z.strictObject({
  date: z.preprocess(blankToUndefined, z.string({ error: 'must be a date as YYYY-MM-DD' }).trim().optional()),
});

/** `{period}`: the month to invoice, YYYY-MM. */
export const generateInvoicesSchema = z.strictObject({
  period: z.string({ error: 'is required (YYYY-MM)' }).trim().min(1, 'is required (YYYY-MM)'),
});

/** Query of a usage view: the month, YYYY-MM. */
export const usagePeriodSchema = z.object({
  period: z.string({ error: 'is required (YYYY-MM)' }).min(1, 'is required (YYYY-MM)'),
});
