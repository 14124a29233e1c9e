/**
 * The webhook queue's sender: the generic delivery worker over webhook_deliveries, with a signed POST as
 * its transport and WEBHOOK_RETRY_S as its first delay (then doubling, at most an hour, given up after a
 * day, as for mail). Unlike mail there is always somewhere to deliver to: each row names its endpoint.
 */
import { createDeliveryWorker, type DeliveryWorker } from '../delivery/delivery-worker.js';
import { retryPolicy } from '../delivery/retry-policy.js';
import type { DomainDeps } from '../deps.js';
import type { WebhookDelivery } from '../../repositories/webhook-deliveries.repository.js';
import { WEBHOOK_TIMEOUT_MS, webhookDeliverer } from './deliver-webhook.js';

/** A claimed delivery is another sender's to take after this long (several times the 10 s timeout). */
export const WEBHOOK_CLAIM_MS = 60_000;

/** A logger as the queue uses it. */
interface QueueLog {
  warn(data: object, msg: string): void;
}

/**
 * Builds the sender.
 * @param options.timeoutMs how long a receiver has (tests shorten it)
 */
export function webhookWorker(deps: DomainDeps, retrySeconds: number, log: QueueLog, options: { timeoutMs?: number } = {}): DeliveryWorker {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return createDeliveryWorker<WebhookDelivery>({
    store: deps.repos.webhookDeliveries,
    deliver: webhookDeliverer({ repos: deps.repos, clock: deps.clock, timeoutMs }),
    policy: retryPolicy(retrySeconds * 1000),
    clock: deps.clock,
    enabled: () => true,
    leaseMs: Math.max(WEBHOOK_CLAIM_MS, timeoutMs * 4),
    onError: (d, err) => log.warn({ delivery: d.id, endpoint: (d as Partial<WebhookDelivery>).endpointId, type: (d as Partial<WebhookDelivery>).type, err: (err as Error)?.message }, 'webhook delivery failed'),
  });
}
