/**
 * Webhook endpoints and their deliveries as the admin page and the API show them (admin-api.md
 * "Operations"): never the secret.
 */
import type { WebhookDelivery } from '../../repositories/webhook-deliveries.repository.js';
import type { WebhookEndpoint } from '../../repositories/webhook-endpoints.repository.js';

/** An endpoint in the contract's shape, plus whether it is enabled and when it was added. */
export function endpointJson(e: WebhookEndpoint) {
  return { id: e.id, url: e.url, events: e.events, enabled: e.enabled, created_at: e.createdAt };
}

/** A delivery in the contract's shape, plus what an admin needs to judge it. */
export function deliveryJson(d: WebhookDelivery) {
  return {
    id: d.id,
    event_id: d.eventId,
    type: d.type,
    status: d.status,
    attempts: d.attempts,
    last_status: d.lastStatus,
    last_error: d.lastError,
    created_at: d.createdAt,
    sent_at: d.sentAt,
    next_attempt_at: d.status === 'queued' ? new Date(d.nextAttemptAt).toISOString() : null,
  };
}
