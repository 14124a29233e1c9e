/**
 * Change package (upgrade, downgrade, a new speed option): the resolved caps are pushed again.
 */
import type { RemoteRef, ServiceContext } from '../../../../server/plugins/plugin-api.js';
import type { ProductConfig } from '../product-config.js';
import { pushBandwidth, resolveBandwidth } from './bandwidth.js';
import { beginAction, lifecyclePanel, type LifecycleEnv, requireRecordedClient } from './lifecycle-panel.js';

/**
 * Re-pushes the service's bandwidth to its client.
 * @returns the reference as the panel now reports it; the password is left as stored (null)
 * @throws ConflictError when nothing was provisioned; the panel's errors
 */
export async function changeVpnPackage(ctx: ServiceContext, env: LifecycleEnv): Promise<RemoteRef> {
  const { server, name } = requireRecordedClient(ctx, 'change the package of');
  const client = await pushBandwidth(lifecyclePanel(beginAction(ctx, env), server, 'change-package'), name, resolveBandwidth(ctx.service, ctx.product.config as ProductConfig, ctx.tier));
  // what the panel did not report stays as stored
  const { service } = ctx;
  return { serverId: server.id, username: name, networkName: client.network_name ?? service.networkName, dedicatedIp: client.ipv4 ?? service.dedicatedIp, password: null };
}
