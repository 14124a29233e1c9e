/**
 * Request schemas of the quota routes, shared by the admin page and the API.
 */
import { z } from 'zod';
import { MAX_MONTHLY_GB } from '../../domain/quota/quota-settings.js';
import { fromNumericText } from '../../domain/validation.js';

const gbMessage = `must be a whole number of GB from 1 to ${MAX_MONTHLY_GB}`;

/** `{gb}`: extra GB for this month. */
export const topUpSchema = z.strictObject({
  gb: z.preprocess(fromNumericText, z.number({ error: gbMessage }).int(gbMessage).min(1, gbMessage).max(MAX_MONTHLY_GB, gbMessage)),
});

/** The quota filter of the services list: one state, or any quota at all. */
export const quotaFilterSchema = z.enum(['any', 'none', 'ok', 'warned', 'limited', 'pending'], { error: 'must be any, none, ok, warned, limited or pending' });
export type QuotaFilter = z.infer<typeof quotaFilterSchema>;
