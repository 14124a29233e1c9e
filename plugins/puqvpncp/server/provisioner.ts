/**
 * The puqVPNcp provisioning module as the host sees it (ProvisioningModule of the plugin API). This
 * file only composes: each capability lives in its own module and adds itself here.
 */
import { ConflictError } from '../../../server/errors.js';
import type { PluginHost, ProvisioningModule } from '../../../server/plugins/plugin-api.js';
import { defaultProductConfig, productConfigSchema, type ProductConfig } from './product-config.js';
import { testConnection } from './test-connection.js';

export const MODULE_TYPE = 'puqvpncp';

/** Builds the module around the host's services. */
export function createProvisioner(host: PluginHost): ProvisioningModule {
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
    testConnection: (server) => testConnection(server, (entry) => host.data.moduleLog({ ...entry, serverId: server.id })),
    create: notYet,
    suspend: notYet,
    unsuspend: notYet,
    terminate: notYet,
    changePackage: notYet,
  };
}
