/**
 * The CLI's quota command: the same run as the API's POST /api/admin/quota/enforce, under the same lease.
 */
import { enforceQuotasNow } from '../domain/quota/run-quota-enforcement.js';
import { parseOrThrow } from '../domain/validation.js';
import { collectUsageSchema } from '../http/schemas/billing.schema.js';
import type { CliCommand } from './cli-command.js';

/** enforce-quotas. */
export const QUOTA_CLI_COMMANDS: Record<string, CliCommand> = {
  'enforce-quotas': {
    usage: '[--date YYYY-MM-DD]   pull the quota\'d services and enforce their traffic quotas now (default: today in BILLING_TZ)',
    async run(c, flags, print) {
      const { date } = parseOrThrow(collectUsageSchema, flags);
      const r = await enforceQuotasNow(c.billing, { date });
      print(`quotas for ${r.date} (${r.period}): ${r.pulled} of ${r.services} services pulled, ${r.warned} warned, ${r.limited} limited, ${r.restored} restored, ${r.mails} mails, ${r.failed.length} pulls failed, ${r.pending.length} steps pending`);
      for (const p of r.pending) print(`  service #${p.service_id} pending: ${p.error}`);
    },
  },
};
