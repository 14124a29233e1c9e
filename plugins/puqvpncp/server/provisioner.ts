/**
 * The puqVPNcp provisioning module as the host sees it (ProvisioningModule of the plugin API). This
 * file only composes: each capability lives in its own module and adds itself here.
 */
import type { ModuleLogWriter, ProvisioningModule, ServiceContext } from '../../../server/plugins/plugin-api.js';
import { adminServiceView } from './admin-service/admin-service-view.js';
import { checkCompatibility } from './api-compatibility.js';
import type { ClientArea } from './client-area/client-area.js';
import { clientServiceView } from './client-area/service-overview.js';
import { connectionResult } from './connection-result.js';
import type { LicenceGate } from './licence/licence-status.js';
import { changeVpnPackage } from './lifecycle/change-package.js';
import { createVpnClient } from './lifecycle/create-client.js';
import type { LifecycleEnv } from './lifecycle/lifecycle-panel.js';
import { enforceVpnQuota, vpnQuotaPolicy } from './lifecycle/quota.js';
import { suspendVpnClient, unsuspendVpnClient } from './lifecycle/suspend.js';
import { terminateVpnClient } from './lifecycle/terminate.js';
import { SERVER_SETTINGS, SERVICE_OPTIONS } from './module-declarations.js';
import { defaultProductConfig, productConfigSchema } from './product-config.js';
import { remoteAccounts } from './reconcile/remote-accounts.js';
import { productPanelMembers } from './settings-panel/product-panel.js';
import { testConnection } from './test-connection.js';
import { welcomeMail } from './welcome-mail.js';

export const MODULE_TYPE = 'puqvpncp';

/** What the module is built over, made once by the plugin's register(). */
export interface ProvisionerParts {
  /** the client area, shared with the customer routes; it carries the installation's panel settings */
  area: ClientArea;
  gate: LicenceGate;
}

/** Builds the module around the plugin's parts. */
export function createProvisioner({ area, gate }: ProvisionerParts): ProvisioningModule {
  const { host, settings } = area;
  const serverLog = (serverId: number): ModuleLogWriter => (entry) => host.data.moduleLog({ ...entry, serverId });
  // the service's stored VPN password is blanked wherever a panel quotes it back
  const envOf = async (ctx: ServiceContext): Promise<LifecycleEnv> => {
    const password = await host.data.servicePassword(ctx.service.id);
    return { settings, secrets: password ? [password] : [] };
  };
  // the customer's next page must show the new limits and status, not the record cached before the change
  const fresh = <T>(ctx: ServiceContext, result: T): T => {
    if (ctx.service.serverId !== null && ctx.service.username) area.live.forgetClient(ctx.service.serverId, ctx.service.username);
    return result;
  };
  return {
    type: MODULE_TYPE,
    productSettings: productConfigSchema,
    defaultProductSettings: () => defaultProductConfig(),
    serverSettings: SERVER_SETTINGS,
    serviceOptions: SERVICE_OPTIONS,
    testConnection: async (server) => connectionResult(await testConnection(server, serverLog(server.id), settings)),
    checkCompatibility: (server) => checkCompatibility(server, serverLog(server.id), settings),
    create: async (ctx) => createVpnClient(ctx, await envOf(ctx)),
    suspend: async (ctx) => fresh(ctx, await suspendVpnClient(ctx, await envOf(ctx))),
    unsuspend: async (ctx) => fresh(ctx, await unsuspendVpnClient(ctx, await envOf(ctx))),
    terminate: async (ctx) => terminateVpnClient(ctx, await envOf(ctx)),
    changePackage: async (ctx) => fresh(ctx, await changeVpnPackage(ctx, await envOf(ctx))),
    quotaPolicy: vpnQuotaPolicy,
    enforceQuota: async (ctx, measure) => enforceVpnQuota(ctx, await envOf(ctx), measure),
    remoteAccounts: remoteAccounts(settings),
    adminServiceView: adminServiceView(host, settings),
    clientServiceView: (ctx, locale) => clientServiceView(area, ctx, locale),
    ...productPanelMembers(host, { settings, gate }),
    ...welcomeMail(host, settings),
  };
}
