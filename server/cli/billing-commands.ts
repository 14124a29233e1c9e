/**
 * The CLI's usage and invoice commands (admin-api.md "CLI"): the same domain commands as the API and
 * the admin page, under the same job lease.
 */
import { parsePeriod, periodString } from '../domain/billing/billing-calendar.js';
import { formatMinor } from '../domain/billing/money.js';
import { generateInvoicesNow } from '../domain/billing/run-invoice-generation.js';
import { collectUsageNow } from '../domain/billing/run-usage-collection.js';
import { parseOrThrow } from '../domain/validation.js';
import { collectUsageSchema, generateInvoicesSchema } from '../http/schemas/billing.schema.js';
import type { CliCommand } from './cli-command.js';

/** collect-usage and generate-invoices. */
export const BILLING_CLI_COMMANDS: Record<string, CliCommand> = {
  'collect-usage': {
    usage: '[--date YYYY-MM-DD]   pull traffic from the panels now (default: today in BILLING_TZ)',
    async run(c, flags, print) {
      const { date } = parseOrThrow(collectUsageSchema, flags);
      const result = await collectUsageNow(c.billing, { date });
      print(`usage for ${result.date} (${result.months.join(', ')}): ${result.collected} of ${result.services} services collected, ${result.days} days stored, ${result.failed.length} failed`);
      for (const f of result.failed) print(`  service #${f.service_id}: ${f.error}`);
    },
  },
  'generate-invoices': {
    usage: '--period YYYY-MM   create the missing invoices of a finished month',
    async run(c, flags, print) {
      const { period } = parseOrThrow(generateInvoicesSchema, flags);
      const result = await generateInvoicesNow(c.billing, { period: periodString(parsePeriod(period)) });
      for (const inv of result.invoices) print(`invoice #${inv.id}\tclient #${inv.clientId}\t${inv.period}\t${formatMinor(inv.totalMinor, inv.currency)}\t${inv.lines.length} lines`);
      print(`${result.created} created, ${result.invoices.length - result.created} already existed for ${result.period}`);
    },
  },
};
