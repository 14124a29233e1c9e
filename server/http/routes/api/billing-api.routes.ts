/**
 * The usage and invoice part of the JSON admin API (admin-api.md): collect usage, read a service's
 * usage, generate and list invoices.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { parsePeriod, periodString } from '../../../domain/billing/billing-calendar.js';
import { generateInvoicesNow } from '../../../domain/billing/run-invoice-generation.js';
import { collectUsageNow } from '../../../domain/billing/run-usage-collection.js';
import { serviceUsage } from '../../../domain/billing/service-usage.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { idParam } from '../../form.js';
import { collectUsageSchema, generateInvoicesSchema, invoiceFilterSchema, usagePeriodSchema } from '../../schemas/billing.schema.js';
import { invoiceJson } from '../../view-models/invoice-view.js';
import { jsonBody, optionalJsonBody } from '../../json-body.js';

/** Builds the billing routes of /api/admin. */
export function billingApiRoutes(c: Container): Router {
  const router = Router();

  router.post('/usage/collect', async (req, res) => {
    const { date } = parseOrThrow(collectUsageSchema, optionalJsonBody(req));
    const result = await collectUsageNow(c.billing, { date });
    res.json({ services: result.services, collected: result.collected, failed: result.failed, date: result.date, months: result.months, days: result.days });
  });
  router.get('/services/:id/usage', async (req, res) => {
    const { period } = parseOrThrow(usagePeriodSchema, req.query);
    res.json(await serviceUsage(c.billing, idParam(req), period));
  });
  router.post('/invoices/generate', async (req, res) => {
    const { period } = parseOrThrow(generateInvoicesSchema, jsonBody(req));
    const result = await generateInvoicesNow(c.billing, { period: periodString(parsePeriod(period)) });
    res.json({ invoices: result.invoices.map(invoiceJson), created: result.created });
  });
  router.get('/invoices', async (req, res) => {
    const filter = parseOrThrow(invoiceFilterSchema, req.query);
    const period = filter.period === undefined ? undefined : periodString(parsePeriod(filter.period));
    res.json({ invoices: (await c.billing.invoices.list({ period, clientId: filter.client_id, status: filter.status })).map(invoiceJson) });
  });
  return router;
}
