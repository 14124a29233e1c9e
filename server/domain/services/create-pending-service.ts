/**
 * Creates a service in the pending state: an order that the lifecycle "create" action provisions.
 */
import { ValidationError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';
import { assertModuleOptions } from './service-options.js';

export interface PendingServiceInput {
  client_id: number;
  product_id: number;
  server_id?: number;
  /** the module's options by name, already valid values (newOptionsSchema); absent = none */
  options?: Record<string, unknown>;
}

/**
 * Creates a pending service for a customer.
 * @throws ValidationError naming the client, product, server or option that does not fit
 */
export async function createPendingService(deps: DomainDeps, input: PendingServiceInput): Promise<ServiceEntity> {
  const fields: Record<string, string> = {};
  const client = await deps.repos.users.findById(input.client_id);
  if (!client || client.role !== 'client') fields.client_id = 'Choose an existing client';
  const product = await deps.repos.products.findById(input.product_id);
  if (!product) fields.product_id = 'Choose an existing product';
  if (input.server_id !== undefined) {
    const server = await deps.repos.servers.findSummary(input.server_id);
    if (!server) fields.server_id = 'Choose an existing server';
    else if (product && server.serverGroupId !== product.serverGroupId) fields.server_id = "The server is not in the product's server group";
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const options = Object.fromEntries(Object.entries(input.options ?? {}).filter(([, v]) => v !== undefined));
  const module = deps.modules.provisioner((product as NonNullable<typeof product>).module);
  if (module) assertModuleOptions(module, options, 'options.');
  return deps.repos.services.create({ clientId: input.client_id, productId: input.product_id, serverId: input.server_id ?? null, options });
}
