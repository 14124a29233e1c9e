/**
 * The puqVPNcp provisioning module as the host sees it (ProvisioningModule of the plugin API). This
 * file only composes: each capability lives in its own module and adds itself here.
 */
import type { PluginHost, ProvisioningModule, ServiceContext } from '../../../server/plugins/plugin-api.js';
import type { LifecycleEnv } from './lifecycle/lifecycle-panel.js';
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
  // the service's stored VPN password is blanked wherever a panel quotes it back
  const envOf = async (ctx: ServiceContext): Promise<LifecycleEnv> => {
    const password = await host.data.servicePassword(ctx.service.id);
    return { settings, secrets: password ? [password] : [] };
  };
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
    create: async (ctx) => createVpnClient(ctx, await envOf(ctx)),
    suspend: async (ctx) => suspendVpnClient(ctx, await envOf(ctx)),
    unsuspend: async (ctx) => unsuspendVpnClient(ctx, await envOf(ctx)),
    terminate: async (ctx) => terminateVpnClient(ctx, await envOf(ctx)),
    changePackage: async (ctx) => changeVpnPackage(ctx, await envOf(ctx)),
    adminServiceView: adminServiceView(host, settings),
    clientServiceView: (ctx) => clientServiceView(area, ctx),
    ...productPanelMembers(host, settings),
  };
}
