/**
 * Request schemas of usage collection and invoices, shared by the admin pages, the API and the CLI.
 * Dates and periods are checked as calendar values by the domain (billing-calendar.ts); these schemas
 * only make sure they are text and that no unknown field slips through.
 */
import { z } from 'zod';
import { fromNumericText } from '../../domain/validation.js';

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

/** `{date?}` of a dunning run. */
export const dunningSchema = collectUsageSchema;

/** `{code}` of a tier change; null = back to the product's own caps. */
export const tierChangeSchema = z.strictObject({
  code: z.string({ error: 'code must be a tier code or null' }).trim().min(1, 'code must be a tier code or null').max(32).nullable(),
});

/** `{product_id}` of a product change. */
export const productChangeSchema = z.strictObject({
  product_id: z.preprocess(fromNumericText, z.number({ error: 'must be a product id' }).int('must be a product id').positive('must be a product id')),
});
