/**
 * /admin/webhooks: the endpoints (add, change, enable/disable, remove) and each endpoint's deliveries
 * with "Resend"; the same commands and schemas as the API.
 */
import { Router, type Request } from 'express';
import type { Container } from '../../../container.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { WEBHOOK_EVENTS } from '../../../domain/webhooks/webhook-events.js';
import { createEndpoint, removeEndpoint, resendDelivery, updateEndpoint } from '../../../domain/webhooks/webhook-endpoints.js';
import { NotFoundError } from '../../../errors.js';
import { idParam, submitForm, withCheckboxes } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import { createWebhookSchema, updateWebhookSchema } from '../../schemas/webhook.schema.js';
import { deliveryJson, endpointJson } from '../../view-models/webhook-view.js';

/** The form's body: no ticked event is an empty list, which the schema refuses by name. */
const formBody = (req: Request) => {
  const body = withCheckboxes(req.body, ['enabled']);
  return { ...body, events: body.events ?? [] };
};

/** Builds the /admin/webhooks router. */
export function webhooksPages(c: Container): Router {
  const router = Router();
  const listLocals = async () => ({ title: 'Webhooks', endpoints: (await c.repos.webhookEndpoints.list()).map(endpointJson), eventTypes: WEBHOOK_EVENTS });
  const showLocals = async (id: number) => {
    const endpoint = await c.repos.webhookEndpoints.find(id);
    if (!endpoint) throw new NotFoundError('No such webhook endpoint');
    const deliveries = (await c.repos.webhookDeliveries.forEndpoint(id)).map(deliveryJson);
    return { title: `Webhook #${id}`, endpoint: endpointJson(endpoint), deliveries, eventTypes: WEBHOOK_EVENTS };
  };

  router.get('/', async (_req, res) => {
    res.render('admin/webhooks/list', { ...(await listLocals()), values: { enabled: true, events: [] }, errors: {} });
  });
  router.post('/', (req, res) =>
    submitForm(req, res, async () => ({ view: 'admin/webhooks/list', locals: await listLocals() }), async () => {
      const endpoint = await createEndpoint(c.deps, parseOrThrow(createWebhookSchema, formBody(req)));
      setNotice(req, `Endpoint #${endpoint.id} added.`);
      return `/admin/webhooks/${endpoint.id}`;
    }),
  );
  router.post('/deliver', async (req, res) => {
    const r = await c.webhooks.tick();
    setNotice(req, `Delivered ${r.sent}, failed ${r.failed}, still queued ${r.queued}.`);
    res.redirect('/admin/webhooks');
  });
  router.get('/:id', async (req, res) => {
    const locals = await showLocals(idParam(req));
    res.render('admin/webhooks/show', { ...locals, values: { url: locals.endpoint.url, events: locals.endpoint.events, enabled: locals.endpoint.enabled }, errors: {} });
  });
  router.post('/:id', async (req, res) => {
    const id = idParam(req);
    const locals = await showLocals(id);
    await submitForm(req, res, async () => ({ view: 'admin/webhooks/show', locals }), async () => {
      await updateEndpoint(c.deps, id, parseOrThrow(updateWebhookSchema, formBody(req)));
      setNotice(req, `Endpoint #${id} saved.`);
      return `/admin/webhooks/${id}`;
    });
  });
  router.post('/:id/delete', async (req, res) => {
    const id = idParam(req);
    await removeEndpoint(c.deps, id);
    setNotice(req, `Endpoint #${id} and its deliveries were removed.`);
    res.redirect('/admin/webhooks');
  });
  router.post('/:id/deliveries/:deliveryId/resend', async (req, res) => {
    const id = idParam(req);
    const deliveryId = idParam(req, 'deliveryId');
    if (await resendDelivery(c.deps, id, deliveryId)) {
      await c.webhooks.tick();
      const after = await c.repos.webhookDeliveries.find(deliveryId);
      setNotice(req, after?.status === 'sent' ? `Delivery #${deliveryId} was sent.` : `Delivery #${deliveryId} was not accepted: ${after?.lastError ?? 'unknown reason'}; it is tried again later.`, after?.status === 'sent' ? 'ok' : 'error');
    } else {
      setNotice(req, `Delivery #${deliveryId} is being sent right now.`, 'error');
    }
    res.redirect(`/admin/webhooks/${id}`);
  });
  return router;
}
