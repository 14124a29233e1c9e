/**
 * Delivering one webhook: the stored body POSTed to the endpoint's URL, signed at the time of the try,
 * within a fixed time. This is the webhook queue's `deliver` for the generic delivery worker: a non-2xx
 * answer, no answer in time or a network error throws, and the worker tries again with backoff.
 */
import { PermanentDeliveryError } from '../delivery/delivery-worker.js';
import type { Repositories } from '../deps.js';
import type { WebhookDelivery } from '../../repositories/webhook-deliveries.repository.js';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';

/** How long a receiver has to answer (admin-api.md: 10 s). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** What delivering needs. */
export interface WebhookDeliverDeps {
  repos: Pick<Repositories, 'webhookEndpoints' | 'webhookDeliveries'>;
  clock: () => Date;
  /** WEBHOOK_TIMEOUT_MS unless a test shortens it */
  timeoutMs?: number;
}

/** Builds the deliver function of the webhook queue. */
export function webhookDeliverer(d: WebhookDeliverDeps): (delivery: WebhookDelivery) => Promise<void> {
  const timeoutMs = d.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return async (delivery) => {
    const endpoint = await d.repos.webhookEndpoints.find(delivery.endpointId);
    if (!endpoint) throw new PermanentDeliveryError('the endpoint was removed');
    if (!endpoint.enabled) throw new PermanentDeliveryError('the endpoint is disabled');
    const secret = (await d.repos.webhookEndpoints.secret(endpoint.id)) as string;
    let status: number | null = null;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'vpncp-portal-webhooks',
          [SIGNATURE_HEADER]: signatureHeader(secret, d.clock(), delivery.body),
          'X-Portal-Event': delivery.type,
          'X-Portal-Event-Id': delivery.eventId,
        },
        body: delivery.body,
        // a redirect is an answer like any other non-2xx: the endpoint's URL is what an admin typed
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      // the answer's body is not read: the receiver's status is all the portal needs
      await res.body?.cancel().catch(() => undefined);
    } catch (err) {
      const timedOut = (err as Error)?.name === 'TimeoutError';
      throw new Error(timedOut ? `no answer within ${timeoutMs / 1000} s` : `request failed: ${(err as Error & { cause?: Error })?.cause?.message ?? (err as Error)?.message}`, { cause: err });
    } finally {
      await d.repos.webhookDeliveries.setLastStatus(delivery.id, status);
    }
    const answered = status ?? 0;
    if (answered < 200 || answered > 299) throw new Error(`the endpoint answered ${answered}`);
  };
}
