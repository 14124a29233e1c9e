/**
 * The per-service options modules declare (ProvisioningModule.serviceOptions), validated and shown by
 * the host without knowing what they mean: each module's own schema judges a value, the host only
 * decides what "none" is (absent, null, or an empty form field) and where a value is stored.
 */
import { z, type ZodType } from 'zod';
import { ValidationError } from '../../errors.js';
import type { ProductRecord, ProvisioningModule, ServiceOptionSpec, ServiceTier } from '../../plugins/plugin-api.js';
import type { ModuleRegistry } from '../deps.js';
import { fromNumericText } from '../validation.js';

/** Every option some installed module declares, in declaration order (a name two modules share is listed once). */
export function declaredOptions(modules: ModuleRegistry): ServiceOptionSpec[] {
  const byName = new Map<string, ServiceOptionSpec>();
  for (const type of modules.types()) for (const spec of modules.provisioner(type)?.serviceOptions ?? []) if (!byName.has(spec.name)) byName.set(spec.name, spec);
  return [...byName.values()];
}

/** One value as requests send it; forms send numbers as text. */
function valueSchema(spec: ServiceOptionSpec): ZodType<unknown> {
  return spec.input === 'number' ? z.preprocess(fromNumericText, spec.schema) : spec.schema;
}

/** The options of a new service: each absent, null or "" (none: the product default applies) or a valid value. */
export function newOptionsSchema(specs: readonly ServiceOptionSpec[]) {
  const none = (v: unknown) => (v === '' || v === null ? undefined : v);
  return z.strictObject(Object.fromEntries(specs.map((s) => [s.name, z.preprocess(none, valueSchema(s).optional())])));
}

/** A change of options: a value sets it, null returns to the product default, an absent key stays. */
export function optionsPatchSchema(specs: readonly ServiceOptionSpec[]) {
  return z.strictObject(Object.fromEntries(specs.map((s) => [s.name, valueSchema(s).nullable().optional()])));
}

/**
 * Checks that every option given is one the product's module declares.
 * @param prefix the field path of the options in the request ("options." or "")
 * @throws ValidationError naming each option the module does not know
 */
export function assertModuleOptions(module: ProvisioningModule, options: Record<string, unknown>, prefix = ''): void {
  const known = new Set(module.serviceOptions.map((s) => s.name));
  const fields = Object.fromEntries(Object.keys(options).filter((k) => options[k] !== undefined && !known.has(k)).map((k) => [`${prefix}${k}`, `is not an option of the ${module.type} module`]));
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
}

/** A service's options as pages and the API show them: its own values (null = none) and the values in effect. */
export interface OptionsView {
  own: Record<string, unknown>;
  effective: Record<string, unknown>;
}

/** The options of a service, each declared option named, with the product default where it sets none. */
export function optionsView(module: ProvisioningModule | null, product: ProductRecord | null, options: Readonly<Record<string, unknown>>, tier: ServiceTier | null = null): OptionsView {
  const view: OptionsView = { own: {}, effective: {} };
  for (const spec of module?.serviceOptions ?? []) {
    const own = options[spec.name] ?? null;
    view.own[spec.name] = own;
    const fromTier = tier && spec.tierValue ? spec.tierValue(tier) : undefined;
    view.effective[spec.name] = fromTier ?? own ?? (product ? (spec.productDefault(product) ?? null) : null);
  }
  return view;
}
