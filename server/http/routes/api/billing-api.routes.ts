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
import { collectUsageSchema, generateInvoicesSchema, usagePeriodSchema } from '../../schemas/billing.schema.js';
import { adminLists } from '../../admin-lists.js';
import { mapPage, pageJson } from '../../../domain/lists/list-query.js';
import { invoiceJson } from '../../view-models/invoice-view.js';
import { jsonBody, optionalJsonBody } from '../../json-body.js';

/** Builds the billing routes of /api/admin. */
export function billingApiRoutes(c: Container): Router {
  const router = Router();
  const lists = adminLists(c);

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
  // ?period=&client_id= as before, and the list contract's q, page and per_page; `invoices` stays beside items
  router.get('/invoices', async (req, res) => {
    const { page } = await lists.invoices(req);
    const items = page.items.map(invoiceJson);
    res.json({ ...pageJson(mapPage(page, items)), invoices: items });
  });
  return router;
}
