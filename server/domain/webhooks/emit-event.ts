/**
 * emitEvent: the one way anything tells webhook endpoints that something happened. In the transaction
 * of its cause it writes one delivery per enabled endpoint subscribed to the type, each holding the
 * same body (and so the same event id); delivery happens later, from the queue, so a receiver that is
 * down never fails what emitted the event, and an event whose cause rolls back is never sent.
 */
import crypto from 'node:crypto';
import type { TransactionDeps } from '../deps.js';
import type { WebhookEventType } from './webhook-events.js';

/** What an event says about its object. */
type EventData = Record<string, unknown>;

/** The JSON body every delivery POSTs (admin-api.md "Operations"). */
export interface WebhookBody {
  /** unique per event, the same in every delivery and retry of it */
  id: string;
  type: WebhookEventType;
  created_at: string;
  data: Record<string, unknown>;
}

/**
 * Emits an event inside the caller's transaction.
 * @param tx the transaction of the event's cause (deps.inTransaction)
 * @param data the object the event is about, as JSON (never a secret); a function is called only when
 *   some endpoint receives the type, so an event nobody listens to costs one query
 * @returns the event id, or null when no endpoint receives this type
 */
export async function emitEvent(tx: TransactionDeps, type: WebhookEventType, data: EventData | (() => Promise<EventData>)): Promise<string | null> {
  return (await emitEvents(tx, type, [data]))[0] ?? null;
}

/**
 * Emits several events of one type (a monthly run's invoices): the subscribers are read once, not once
 * per event.
 * @returns the event ids in order, or none when no endpoint receives this type
 */
export async function emitEvents(tx: TransactionDeps, type: WebhookEventType, items: ReadonlyArray<EventData | (() => Promise<EventData>)>): Promise<string[]> {
  if (items.length === 0) return [];
  const endpoints = await tx.repos.webhookEndpoints.subscribedTo(type);
  if (endpoints.length === 0) return [];
  const ids: string[] = [];
  for (const data of items) {
    const body: WebhookBody = { id: `evt_${crypto.randomBytes(12).toString('hex')}`, type, created_at: tx.clock().toISOString(), data: typeof data === 'function' ? await data() : data };
    const text = JSON.stringify(body);
    for (const endpoint of endpoints) await tx.repos.webhookDeliveries.add({ endpointId: endpoint.id, eventId: body.id, type, body: text });
    ids.push(body.id);
  }
  return ids;
}
