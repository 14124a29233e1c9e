/**
 * The puqVPNcp provisioning module as the host sees it (ProvisioningModule of the plugin API). This
 * file only composes: each capability lives in its own module and adds itself here.
 */
import type { PluginHost, ProvisioningModule } from '../../../server/plugins/plugin-api.js';
import { defaultProductConfig, productConfigSchema, type ProductConfig } from './product-config.js';
import { testConnection } from './test-connection.js';
import { productPanelMembers } from './settings-panel/product-panel.js';
import { changeVpnPackage } from './lifecycle/change-package.js';
import { createVpnClient } from './lifecycle/create-client.js';
import { suspendVpnClient, unsuspendVpnClient } from './lifecycle/suspend.js';
import { terminateVpnClient } from './lifecycle/terminate.js';
import { adminServiceView } from './admin-service/admin-service-view.js';
import { clientAreaFor } from './client-area/client-area.js';
import { clientServiceView } from './client-area/service-overview.js';

export const MODULE_TYPE = 'puqvpncp';

/** Builds the module around the host's services. */
export function createProvisioner(host: PluginHost): ProvisioningModule {
  return {
    type: MODULE_TYPE,
    productSettings: productConfigSchema,
    defaultProductSettings: () => defaultProductConfig(),
    productBandwidth: (product) => {
      const config = product.config as ProductConfig;
      return { download: config.bandwidth.download_mbps, upload: config.bandwidth.upload_mbps };
    },
    testConnection: (server) => testConnection(server, (entry) => host.data.moduleLog({ ...entry, serverId: server.id })),
    create: createVpnClient,
    suspend: suspendVpnClient,
    unsuspend: unsuspendVpnClient,
    terminate: terminateVpnClient,
    changePackage: changeVpnPackage,
    adminServiceView: adminServiceView(host),
    clientServiceView: (ctx) => clientServiceView(clientAreaFor(host), ctx),
    ...productPanelMembers(host),
  };
}
