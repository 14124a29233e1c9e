/**
 * The part of a provisioning module that product commands use.
 */
import type { ProvisioningModule } from '../../plugins/plugin-api.js';

export type { ProductRecord } from '../../plugins/plugin-api.js';
export type ProvisioningModuleLike = Pick<ProvisioningModule, 'productSettings' | 'defaultProductSettings'>;
