/**
 * The event types the portal emits to webhook endpoints, each with when it is emitted. An endpoint
 * subscribes to any of them; a type listed here that nothing emits yet is accepted all the same, so an
 * endpoint can be set up before the feature that emits it lands.
 */

/** Every event type, with when it is sent (README "Webhooks" lists the same). */
export const WEBHOOK_EVENTS = {
  'service.created': 'a service was provisioned (the create action succeeded)',
  'service.failed': 'provisioning a service failed (the create action left it failed)',
  'service.suspended': 'a service was suspended',
  'service.unsuspended': 'a service was unsuspended',
  'service.terminated': 'a service was terminated',
  'service.package_changed': "a service's package (speed caps) was pushed again",
  'client.created': 'a customer account was created',
  'usage.collected': 'a usage collection run finished',
  'invoice.issued': 'an invoice was issued',
  'invoice.paid': 'an invoice was paid',
  'invoice.overdue': 'an invoice passed its due date unpaid (told once, with the dunning run that finds it)',
  'invoice.voided': 'an open invoice was voided',
  'payment.received': 'a payment was recorded',
  'quota.warning': "a service's traffic passed its quota's warning level",
  'quota.reached': "a service's traffic reached its quota",
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;

/** The types in the order admins see them. */
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** Whether a text names an event type. */
export function isWebhookEventType(type: string): type is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENTS, type);
}
