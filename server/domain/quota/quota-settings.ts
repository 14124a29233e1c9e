/**
 * The `quota` part of a product's settings document (admin-api.md "Traffic quotas"), owned by the host so
 * every module offers the same shape and the host reads the same policy from each: a module puts this
 * schema into its settings document and hands the parsed value back through quotaPolicy().
 */
import { z } from 'zod';

/** The largest monthly allowance a product may set: a petabyte, far inside a safe integer of bytes. */
export const MAX_MONTHLY_GB = 1_000_000;
/** The largest throttled speed; the panels' own cap limit. */
export const MAX_THROTTLE_MBPS = 10_000;

const typed = (wrong: string) => ({ error: (iss: { input?: unknown }) => (iss.input === undefined ? 'is required' : wrong) });

/** The quota settings as stored: snake_case, as the settings document and the API spell them. */
export const quotaSettingsSchema = z.strictObject({
  monthly_gb: z.int(typed('must be a whole number of GB')).min(0, `must be between 0 and ${MAX_MONTHLY_GB} GB (0 = no quota)`).max(MAX_MONTHLY_GB, `must be between 0 and ${MAX_MONTHLY_GB} GB (0 = no quota)`),
  counts: z.enum(['total', 'download'], typed('must be total or download')),
  action: z.enum(['throttle', 'suspend'], typed('must be throttle or suspend')),
  // 0 would read as "unlimited" on a panel: a throttle is at least 1 Mbit/s
  throttle_mbps: z.int(typed('must be a whole number of Mbit/s')).min(1, `must be between 1 and ${MAX_THROTTLE_MBPS} Mbit/s`).max(MAX_THROTTLE_MBPS, `must be between 1 and ${MAX_THROTTLE_MBPS} Mbit/s`),
  warn_percent: z.int(typed('must be a whole percentage')).min(1, 'must be between 1 and 99 %').max(99, 'must be between 1 and 99 %'),
});

/** The stored quota settings. */
export type QuotaSettings = z.infer<typeof quotaSettingsSchema>;

/** A product without a quota: what a settings document that has no `quota` yet stands for. */
export function defaultQuotaSettings(): QuotaSettings {
  return { monthly_gb: 0, counts: 'total', action: 'throttle', throttle_mbps: 1, warn_percent: 80 };
}

/**
 * The policy the host enforces, in the plugin interface's camelCase. `monthlyGb` 0 is no allowance of the
 * product's own; a speed tier may still give one (resolveQuotaTerms decides).
 */
export interface QuotaPolicy {
  monthlyGb: number;
  counts: 'total' | 'download';
  action: 'throttle' | 'suspend';
  throttleMbps: number;
  warnPercent: number;
}

/**
 * The policy of stored settings.
 * @returns null when there are no quota settings (absent, or a document that does not parse)
 */
export function quotaPolicyOf(settings: unknown): QuotaPolicy | null {
  const parsed = quotaSettingsSchema.safeParse(settings);
  if (!parsed.success) return null;
  const q = parsed.data;
  return { monthlyGb: q.monthly_gb, counts: q.counts, action: q.action, throttleMbps: q.throttle_mbps, warnPercent: q.warn_percent };
}

/** What the quota does at 100 %, on the remote side: one step at a time. */
export type QuotaMeasure = { kind: 'throttle'; mbps: number } | { kind: 'suspend' } | { kind: 'restore'; from: 'throttle' | 'suspend' };
