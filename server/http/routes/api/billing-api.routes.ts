/**
 * The usage and invoice part of the JSON admin API (admin-api.md): collect usage, read a service's
 * usage, generate and list invoices. Mounted by admin-api.routes.ts.
 */
import { Router } from 'express';
import { billingDeps } from '../../../billing-container.js';
import type { Container } from '../../../container.js';
import { parsePeriod, periodString } from '../../../domain/billing/billing-calendar.js';
import { generateInvoicesNow } from '../../../domain/billing/run-invoice-generation.js';
import { collectUsageNow } from '../../../domain/billing/run-usage-collection.js';
import { serviceUsage } from '../../../domain/billing/service-usage.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { idParam } from '../../form.js';
import { collectUsageSchema, generateInvoicesSchema, invoiceFilterSchema, usagePeriodSchema } from '../../schemas/billing.schema.js';
import { invoiceJson } from '../../view-models/invoice-view.js';
import { jsonBody } from './admin-api.routes.js';

/** An optional JSON body: none at all counts as `{}` (POST /usage/collect with no date). */
function optionalJsonBody(req: Parameters<typeof jsonBody>[0]): Record<string, unknown> {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  return hasBody ? jsonBody(req) : {};
}

/** Builds the billing routes of /api/admin. */
export function billingApiRoutes(c: Container): Router {
  const router = Router();
  const deps = () => billingDeps(c);

  router.post('/usage/collect', async (req, res) => {
    const { date } = parseOrThrow(collectUsageSchema, optionalJsonBody(req));
    const result = await collectUsageNow(deps(), { date });
    res.json({ services: result.services, collected: result.collected, failed: result.failed, date: result.date, months: result.months, days: result.days });
  });
  router.get('/services/:id/usage', async (req, res) => {
    const { period } = parseOrThrow(usagePeriodSchema, req.query);
    res.json(await serviceUsage(deps(), idParam(req), period));
  });
  router.post('/invoices/generate', async (req, res) => {
    const { period } = parseOrThrow(generateInvoicesSchema, jsonBody(req));
    const result = await generateInvoicesNow(deps(), { period: periodString(parsePeriod(period)) });
    res.json({ invoices: result.invoices.map(invoiceJson), created: result.created });
  });
  router.get('/invoices', async (req, res) => {
    const filter = parseOrThrow(invoiceFilterSchema, req.query);
    const period = filter.period === undefined ? undefined : periodString(parsePeriod(filter.period));
    res.json({ invoices: (await deps().invoices.list({ period, clientId: filter.client_id })).map(invoiceJson) });
  });
  return router;
}
