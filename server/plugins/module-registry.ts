/**
 * The provisioning modules and usage meters of the installed plugins, by module type. The composition
 * root creates it empty, the plugin host fills it while the plugins register, and then it is sealed:
 * nothing is added or replaced once the portal serves.
 */
import type { ModuleRegistry } from '../domain/deps.js';
import type { ProvisioningModule, UsageMeter } from './plugin-api.js';

/** The registry while plugins register. */
export interface ModuleRegistryBuilder extends ModuleRegistry {
  /** @param owner the id of the plugin that registers it (the namespace of its texts) */
  addProvisioner(module: ProvisioningModule, owner?: string): void;
  addMeter(meter: UsageMeter): void;
  hasProvisioner(type: string): boolean;
  /** Ends registration; later additions throw. */
  seal(): void;
}

/** An empty registry. */
export function createModuleRegistry(): ModuleRegistryBuilder {
  const provisioners = new Map<string, ProvisioningModule>();
  const meters = new Map<string, UsageMeter>();
  const owners = new Map<string, string>();
  let sealed = false;
  const open = () => {
    if (sealed) throw new Error('plugins can only be registered while the portal starts');
  };
  return {
    provisioner: (type) => provisioners.get(type) ?? null,
    meter: (type) => meters.get(type) ?? null,
    types: () => [...provisioners.keys()],
    owner: (type) => owners.get(type) ?? null,
    addProvisioner(module, owner) {
      open();
      provisioners.set(module.type, module);
      if (owner) owners.set(module.type, owner);
    },
    addMeter(meter) {
      open();
      meters.set(meter.type, meter);
    },
    hasProvisioner: (type) => provisioners.has(type),
    seal() {
      sealed = true;
    },
  };
}
