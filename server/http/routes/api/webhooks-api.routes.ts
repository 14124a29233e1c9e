/**
 * Webhook endpoints in the JSON admin API (admin-api.md "Operations"): register, list, read, change and
 * remove endpoints; list an endpoint's deliveries and resend one; deliver every due one now.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { createEndpoint, removeEndpoint, resendDelivery, updateEndpoint } from '../../../domain/webhooks/webhook-endpoints.js';
import { ConflictError, NotFoundError } from '../../../errors.js';
import { idParam } from '../../form.js';
import { jsonBody } from '../../json-body.js';
import { createWebhookSchema, updateWebhookSchema } from '../../schemas/webhook.schema.js';
import { deliveryJson, endpointJson } from '../../view-models/webhook-view.js';

/** Builds the webhook routes of /api/admin. */
export function webhooksApiRoutes(c: Container): Router {
  const router = Router();
  const endpoint = async (id: number) => {
    const e = await c.repos.webhookEndpoints.find(id);
    if (!e) throw new NotFoundError('No such webhook endpoint');
    return e;
  };
  router.get('/webhooks', async (_req, res) => {
    res.json({ items: (await c.repos.webhookEndpoints.list()).map(endpointJson) });
  });
  router.post('/webhooks', async (req, res) => {
    res.status(201).json(endpointJson(await createEndpoint(c.deps, parseOrThrow(createWebhookSchema, jsonBody(req)))));
  });
  router.post('/webhooks/deliver', async (_req, res) => {
    const r = await c.webhooks.tick();
    res.json({ sent: r.sent, failed: r.failed, queued: r.queued });
  });
  router.get('/webhooks/:id', async (req, res) => {
    res.json(endpointJson(await endpoint(idParam(req))));
  });
  router.put('/webhooks/:id', async (req, res) => {
    res.json(endpointJson(await updateEndpoint(c.deps, idParam(req), parseOrThrow(updateWebhookSchema, jsonBody(req)))));
  });
  router.delete('/webhooks/:id', async (req, res) => {
    await removeEndpoint(c.deps, idParam(req));
    res.status(204).end();
  });
  router.get('/webhooks/:id/deliveries', async (req, res) => {
    const e = await endpoint(idParam(req));
    res.json({ items: (await c.repos.webhookDeliveries.forEndpoint(e.id)).map(deliveryJson) });
  });
  router.post('/webhooks/:id/deliveries/:deliveryId/resend', async (req, res) => {
    const deliveryId = idParam(req, 'deliveryId');
    if (!(await resendDelivery(c.deps, idParam(req), deliveryId))) throw new ConflictError('The delivery is being sent right now; try again in a moment', 'delivery_in_progress');
    await c.webhooks.tick();
    res.json(deliveryJson((await c.repos.webhookDeliveries.find(deliveryId))!));
  });
  return router;
}
