/**
 * Webhook deliveries: one row per (event, endpoint) holding the exact body that is signed and sent,
 * delivered through the generic durable-delivery queue (delivery-queue.ts) like the mail outbox. The
 * unique (endpoint, event) pair makes an event reach an endpoint once, however often it is emitted.
 */
import type { Knex } from 'knex';
import { deliveryQueue, deliveryStateOf, type DeliveryColumns, type DeliveryCounts, type DeliveryState } from './delivery-queue.js';

interface DeliveryRow extends DeliveryColumns {
  endpoint_id: number;
  event_id: string;
  type: string;
  body: string;
  last_status: number | null;
}

/** A delivery as the queue and the admin pages see it. */
export interface WebhookDelivery extends DeliveryState {
  id: number;
  endpointId: number;
  eventId: string;
  type: string;
  body: string;
  /** the HTTP status of the last answer, null before any answer (or when none came) */
  lastStatus: number | null;
}

const TABLE = 'webhook_deliveries';

const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: Number(r.id),
  endpointId: Number(r.endpoint_id),
  eventId: r.event_id,
  type: r.type,
  body: r.body,
  lastStatus: r.last_status === null ? null : Number(r.last_status),
  ...deliveryStateOf(r),
});

export type WebhookDeliveriesRepository = ReturnType<typeof webhookDeliveriesRepository>;

/**
 * Builds the deliveries over a knex instance or a transaction (an event is queued in its cause's).
 * @param now epoch milliseconds of the portal's clock
 */
export function webhookDeliveriesRepository(db: Knex, now: () => number) {
  const queue = deliveryQueue<DeliveryRow>(db, TABLE);
  return {
    /** Queues one event for one endpoint, due at once; a repeat of the pair is ignored. */
    async add(input: { endpointId: number; eventId: string; type: string; body: string }): Promise<void> {
      await db(TABLE)
        .insert({ endpoint_id: input.endpointId, event_id: input.eventId, type: input.type, body: input.body, ...queue.queuedColumns(now()) })
        .onConflict(['endpoint_id', 'event_id'])
        .ignore();
    },
    async find(id: number): Promise<WebhookDelivery | null> {
      const row = await db<DeliveryRow>(TABLE).where({ id }).first();
      return row ? toDelivery(row) : null;
    },
    /** An endpoint's deliveries, newest first. */
    async forEndpoint(endpointId: number, limit = 200): Promise<WebhookDelivery[]> {
      return (await db<DeliveryRow>(TABLE).where({ endpoint_id: endpointId }).orderBy('id', 'desc').limit(Math.min(limit, 1000))).map(toDelivery);
    },
    async claimDue(at: number, limit: number, leaseMs: number, token: string): Promise<WebhookDelivery[]> {
      return (await queue.claimDue(at, limit, leaseMs, token)).map(toDelivery);
    },
    markSent: queue.markSent,
    markFailedTry: queue.markFailedTry,
    queuedCount: queue.queuedCount,
    counts: (): Promise<DeliveryCounts> => queue.counts(),
    /** The HTTP status the receiver answered on the try in progress. */
    async setLastStatus(id: number, status: number | null): Promise<void> {
      await db(TABLE).where({ id }).update({ last_status: status });
    },
    /**
     * An admin's "resend": the delivery is due now, its day of tries afresh, whatever its status (a sent
     * one is sent again with the same event id, so a receiver that already has it drops it).
     * @returns false for an unknown delivery or one being sent right now
     */
    async resend(id: number): Promise<boolean> {
      const at = now();
      const n = await db(TABLE)
        .where({ id })
        .andWhere((w) => w.whereNull('claimed_until').orWhere('claimed_until', '<=', at))
        .update({ status: 'queued', next_attempt_at: at, first_attempt_at: null, claim_token: null, claimed_until: null, sent_at: null, updated_at: new Date(at).toISOString() });
      return n === 1;
    },
  };
}
