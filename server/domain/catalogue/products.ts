/**
 * Product commands. The settings document belongs to the product's provisioning module, which
 * validates it with its own schema (the same one the plugin's page uses).
 */
import { NotFoundError, ValidationError } from '../../errors.js';
import { fieldErrors } from '../validation.js';
import type { DomainDeps } from '../deps.js';
import type { ProductRecord, ProvisioningModuleLike } from './product-types.js';

function moduleFor(deps: DomainDeps, type: string): ProvisioningModuleLike {
  const module = deps.modules.provisioner(type);
  if (!module) throw new ValidationError({ module: `Unknown module "${type}"; installed: ${deps.modules.types().join(', ') || 'none'}` });
  return module;
}

/**
 * Validates a settings document against the module's schema.
 * @throws ValidationError whose fields are the document's dotted paths
 */
export function validateProductConfig(module: ProvisioningModuleLike, raw: unknown): unknown {
  const result = module.productSettings.safeParse(raw);
  if (!result.success) throw new ValidationError(fieldErrors(result.error), 'The product configuration is invalid');
  return result.data;
}

/**
 * Creates a product; without a config the module's defaults are stored.
 * @throws ValidationError for an unknown group or module, or an invalid config
 */
export async function createProduct(deps: DomainDeps, input: { name: string; server_group_id: number; module: string; config?: unknown; auto_provision?: boolean }): Promise<ProductRecord> {
  const module = moduleFor(deps, input.module);
  if (!(await deps.repos.serverGroups.findById(input.server_group_id))) throw new ValidationError({ server_group_id: 'Choose an existing server group' });
  const config = validateProductConfig(module, input.config === undefined ? module.defaultProductSettings() : input.config);
  if (await deps.repos.products.nameTaken(input.name)) throw new ValidationError({ name: 'A product with this name exists' });
  const product = await deps.repos.products.create({ name: input.name, serverGroupId: input.server_group_id, module: input.module, config });
  if (input.auto_provision) await deps.repos.products.setAutoProvision(product.id, true);
  return product;
}

/**
 * Renames a product or moves it to another group.
 * @throws NotFoundError, ValidationError
 */
export async function updateProduct(deps: DomainDeps, id: number, input: { name: string; server_group_id: number; auto_provision?: boolean }): Promise<ProductRecord> {
  if (!(await deps.repos.products.findById(id))) throw new NotFoundError('No such product');
  if (!(await deps.repos.serverGroups.findById(input.server_group_id))) throw new ValidationError({ server_group_id: 'Choose an existing server group' });
  if (await deps.repos.products.nameTaken(input.name, id)) throw new ValidationError({ name: 'A product with this name exists' });
  await deps.repos.products.update(id, { name: input.name, serverGroupId: input.server_group_id });
  if (input.auto_provision !== undefined) await deps.repos.products.setAutoProvision(id, input.auto_provision);
  return (await deps.repos.products.findById(id)) as ProductRecord;
}

/**
 * Replaces the product's settings document after validating all of it; nothing is saved when any field is bad.
 * @throws NotFoundError, ValidationError
 */
export async function updateProductConfig(deps: DomainDeps, id: number, raw: unknown): Promise<ProductRecord> {
  const product = await deps.repos.products.findById(id);
  if (!product) throw new NotFoundError('No such product');
  const config = validateProductConfig(moduleFor(deps, product.module), raw);
  await deps.repos.products.saveConfig(id, config);
  return { ...product, config };
}
