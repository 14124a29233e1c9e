/**
 * The quota part of the JSON admin API (admin-api.md "Traffic quotas"): run the enforcement, top up a
 * service, read a service's quota and its history.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { enforceQuotasNow } from '../../../domain/quota/run-quota-enforcement.js';
import { quotaSummary } from '../../../domain/quota/quota-summary.js';
import { topUpQuota } from '../../../domain/quota/top-up-quota.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { NotFoundError } from '../../../errors.js';
import { idParam } from '../../form.js';
import { jsonBody, optionalJsonBody } from '../../json-body.js';
import { collectUsageSchema } from '../../schemas/billing.schema.js';
import { topUpSchema } from '../../schemas/quota.schema.js';
import { quotaEventJson } from '../../view-models/quota-view.js';

/** Builds the quota routes of /api/admin. */
export function quotaApiRoutes(c: Container): Router {
  const router = Router();
  router.post('/quota/enforce', async (req, res) => {
    const { date } = parseOrThrow(collectUsageSchema, optionalJsonBody(req));
    res.json(await enforceQuotasNow(c.billing, { date }));
  });
  router.get('/services/:id/quota', async (req, res) => {
    const service = await c.repos.services.findById(idParam(req));
    if (!service) throw new NotFoundError('No such service');
    const history = await c.repos.quotas.eventsOf(service.id);
    res.json({ quota: await quotaSummary(c.billing, service), history: history.map(quotaEventJson) });
  });
  router.post('/services/:id/quota/top-up', async (req, res) => {
    const { gb } = parseOrThrow(topUpSchema, jsonBody(req));
    const { quota, outcome } = await topUpQuota(c.billing, idParam(req), gb);
    res.json({ quota, lifted: outcome.restored, pending_error: outcome.pendingError });
  });
  return router;
}
