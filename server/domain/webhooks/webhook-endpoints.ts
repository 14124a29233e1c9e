/**
 * Registering, changing and removing webhook endpoints, and resending a delivery: the commands behind
 * the admin page and the API (input already checked by webhook.schema.ts).
 */
import { NotFoundError } from '../../errors.js';
import type { EndpointInput, WebhookEndpoint } from '../../repositories/webhook-endpoints.repository.js';
import type { DomainDeps } from '../deps.js';

/** Registers an endpoint. */
export function createEndpoint(deps: DomainDeps, input: EndpointInput): Promise<WebhookEndpoint> {
  return deps.repos.webhookEndpoints.create(input);
}

/**
 * Changes an endpoint; an absent field is unchanged.
 * @throws NotFoundError for an unknown endpoint
 */
export async function updateEndpoint(deps: DomainDeps, id: number, patch: Partial<EndpointInput>): Promise<WebhookEndpoint> {
  if (!(await deps.repos.webhookEndpoints.find(id))) throw new NotFoundError('No such webhook endpoint');
  await deps.repos.webhookEndpoints.update(id, patch);
  return (await deps.repos.webhookEndpoints.find(id)) as WebhookEndpoint;
}

/**
 * Removes an endpoint with its deliveries.
 * @throws NotFoundError for an unknown endpoint
 */
export async function removeEndpoint(deps: DomainDeps, id: number): Promise<void> {
  if (!(await deps.repos.webhookEndpoints.remove(id))) throw new NotFoundError('No such webhook endpoint');
}

/**
 * Makes one of an endpoint's deliveries due again now (an admin's "resend"), with the same event id.
 * @returns false while it is being sent
 * @throws NotFoundError when the delivery is not the endpoint's
 */
export async function resendDelivery(deps: DomainDeps, endpointId: number, deliveryId: number): Promise<boolean> {
  const delivery = await deps.repos.webhookDeliveries.find(deliveryId);
  if (!delivery || delivery.endpointId !== endpointId) throw new NotFoundError('No such delivery');
  return deps.repos.webhookDeliveries.resend(deliveryId);
}
