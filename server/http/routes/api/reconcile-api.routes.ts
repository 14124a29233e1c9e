/**
 * Reconciliation in the JSON admin API (admin-api.md "Operations"): run it, read the open findings,
 * repair one or several, and choose the kinds that are repaired automatically.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { readAutoRepair, saveAutoRepair } from '../../../domain/reconcile/auto-repair.js';
import { repairMany } from '../../../domain/reconcile/bulk-repair.js';
import { findingJson } from '../../../domain/reconcile/finding-kinds.js';
import { repairFinding } from '../../../domain/reconcile/repair-finding.js';
import { reconcileNow } from '../../../domain/reconcile/run-reconciliation.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { idParam } from '../../form.js';
import { jsonBody, optionalJsonBody } from '../../json-body.js';
import { autoRepairSchema, bulkRepairSchema, findingsFilterSchema, reconcileRunSchema, repairSchema } from '../../schemas/reconcile.schema.js';
import { runJson } from '../../view-models/reconcile-view.js';

/** Builds the /api/admin/reconcile routes. */
export function reconcileApiRoutes(c: Container): Router {
  const router = Router();
  router.post('/reconcile', async (req, res) => {
    const { server_id: serverId } = parseOrThrow(reconcileRunSchema, optionalJsonBody(req));
    res.json(runJson(await reconcileNow(c.reconcile, { serverId })));
  });
  router.get('/reconcile/findings', async (req, res) => {
    const filter = parseOrThrow(findingsFilterSchema, req.query);
    const [findings, counts] = await Promise.all([c.repos.reconcileFindings.listOpen({ kind: filter.kind, serverId: filter.server_id }), c.repos.reconcileFindings.countOpen()]);
    // counts are of every open finding, whatever the filter
    res.json({ findings: findings.map(findingJson), counts });
  });
  router.post('/reconcile/findings/:id/repair', async (req, res) => {
    const body = parseOrThrow(repairSchema, optionalJsonBody(req));
    const outcome = await repairFinding(c.reconcile, idParam(req), { action: body.action, clientId: body.client_id, productId: body.product_id, confirm: body.confirm });
    res.json({ finding: findingJson(outcome.finding), repaired: outcome.repaired, ...(outcome.serviceId ? { service_id: outcome.serviceId } : {}) });
  });
  router.post('/reconcile/repair', async (req, res) => {
    const body = parseOrThrow(bulkRepairSchema, jsonBody(req));
    res.json({ results: await repairMany(c.reconcile, body.ids, body.confirm) });
  });
  router.get('/reconcile/auto-repair', async (_req, res) => {
    res.json({ auto_repair: await readAutoRepair(c.repos) });
  });
  router.put('/reconcile/auto-repair', async (req, res) => {
    res.json({ auto_repair: await saveAutoRepair(c.repos, parseOrThrow(autoRepairSchema, jsonBody(req))) });
  });
  return router;
}
