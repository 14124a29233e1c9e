/**
 * The puqVPNcp provisioning module as the host sees it (ProvisioningModule of the plugin API).
 */
import { ConflictError } from '../../../server/errors.js';
import type { PluginHost, ProvisioningModule } from '../../../server/plugins/plugin-api.js';
import { defaultProductConfig, productConfigSchema, type ProductConfig } from './product-config.js';

export const MODULE_TYPE = 'puqvpncp';

/** Builds the module around the host's services. */
export function createProvisioner(_host: PluginHost): ProvisioningModule {
  const notYet = async (): Promise<never> => {
    throw new ConflictError('This lifecycle action is not available yet', 'not_available');
  };
  return {
    type: MODULE_TYPE,
    productSettings: productConfigSchema,
    defaultProductSettings: () => defaultProductConfig(),
    productBandwidth: (product) => {
      const config = product.config as ProductConfig;
      return { download: config.bandwidth.download_mbps, upload: config.bandwidth.upload_mbps };
    },
    testConnection: async () => ({ ok: false, kind: 'not_available', error: 'Test Connection is not available yet' }),
    create: notYet,
    suspend: notYet,
    unsuspend: notYet,
    terminate: notYet,
    changePackage: notYet,
  };
}
