/**
 * Request schemas for webhook endpoints, shared by the admin page and the JSON admin API. The page sends
 * its ticked event types as one value or several; the API sends an array.
 */
import { z } from 'zod';
import { checkbox, requiredText } from '../../domain/validation.js';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES } from '../../domain/webhooks/webhook-events.js';

/** The shortest secret accepted: it is an HMAC key. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

const url = requiredText('URL', 2000).refine((v) => {
  if (!URL.canParse(v)) return false;
  const u = new URL(v);
  return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.username === '' && u.password === '';
}, 'URL must be an http(s) address without credentials in it');

const events = z.preprocess(
  (v) => (typeof v === 'string' ? [v] : v),
  z
    .array(z.string({ error: 'must be event type names' }), { error: 'must be a list of event types' })
    .min(1, 'Choose at least one event type')
    .refine((list) => list.every(isWebhookEventType), { message: `Unknown event type; known: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
    .transform((list) => [...new Set(list)]),
);

const secret = z
  .string({ error: 'Secret is required' })
  .min(MIN_WEBHOOK_SECRET_LENGTH, `Secret must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`)
  .max(200, 'Secret is at most 200 characters');

export const createWebhookSchema = z.strictObject({ url, secret, events, enabled: checkbox.optional() });

/** On edit the secret is write-only: empty or absent keeps the stored one. */
export const updateWebhookSchema = z.strictObject({
  url: url.optional(),
  secret: z.preprocess((v) => (v === '' ? undefined : v), secret.optional()),
  events: events.optional(),
  enabled: checkbox.optional(),
});
