/**
 * The puqVPNcp provisioning module as the host sees it (ProvisioningModule of the plugin API). This
 * file only composes: each capability lives in its own module and adds itself here.
 */
import type { PluginHost, ProvisioningModule } from '../../../server/plugins/plugin-api.js';
import { defaultProductConfig, productConfigSchema, type ProductConfig } from './product-config.js';
import { testConnection } from './test-connection.js';
import { productPanelMembers } from './product-panel/product-panel.js';
import { changeVpnPackage } from './lifecycle/change-package.js';
import { createVpnClient } from './lifecycle/create-client.js';
import { suspendVpnClient, unsuspendVpnClient } from './lifecycle/suspend.js';
import { terminateVpnClient } from './lifecycle/terminate.js';
import { adminServiceView } from './admin-service/admin-service-view.js';
import type { ClientArea } from './client-area/client-area.js';
import type { PanelSettings } from './panel/panel-policy.js';
import { checkCompatibility } from './api-compatibility.js';
import { clientServiceView } from './client-area/service-overview.js';

export const MODULE_TYPE = 'puqvpncp';

/**
 * Builds the module around the host's services.
 * @param settings the installation's budgets and answer limits
 * @param area the client area, shared with the customer routes
 */
export function createProvisioner(host: PluginHost, settings: PanelSettings, area: ClientArea): ProvisioningModule {
  const serverLog = (server: { id: number }) => (entry: Parameters<typeof host.data.moduleLog>[0]) => host.data.moduleLog({ ...entry, serverId: server.id });
  return {
    type: MODULE_TYPE,
    productSettings: productConfigSchema,
    defaultProductSettings: () => defaultProductConfig(),
    productBandwidth: (product) => {
      const config = product.config as ProductConfig;
      return { download: config.bandwidth.download_mbps, upload: config.bandwidth.upload_mbps };
    },
    testConnection: (server) => testConnection(server, serverLog(server), settings),
    checkCompatibility: (server) => checkCompatibility(server, serverLog(server), settings),
    create: (ctx) => createVpnClient(ctx, settings),
    suspend: (ctx) => suspendVpnClient(ctx, settings),
    unsuspend: (ctx) => unsuspendVpnClient(ctx, settings),
    terminate: (ctx) => terminateVpnClient(ctx, settings),
    changePackage: (ctx) => changeVpnPackage(ctx, settings),
    adminServiceView: adminServiceView(host, settings),
    clientServiceView: (ctx) => clientServiceView(area, ctx),
    ...productPanelMembers(host, settings),
  };
}
