/**
 * Change package (upgrade, downgrade, a new speed option): the resolved caps are pushed again.
 */
import type { RemoteRef, ServiceContext } from '../../../../server/plugins/plugin-api.js';
import type { ProductConfig } from '../product-config.js';
import { pushBandwidth, resolveBandwidth } from './bandwidth.js';
import { lifecyclePanel, requireRecordedClient } from './lifecycle-panel.js';

/**
 * Re-pushes the service's bandwidth to its client.
 * @returns the reference as the panel now reports it; the password is left as stored (null)
 * @throws ConflictError when nothing was provisioned; the panel's errors
 */
export async function changeVpnPackage(ctx: ServiceContext): Promise<RemoteRef> {
  const { server, name } = requireRecordedClient(ctx, 'change the package of');
  const client = await pushBandwidth(lifecyclePanel(ctx, server, 'change-package'), name, resolveBandwidth(ctx.service, ctx.product.config as ProductConfig));
  return { serverId: server.id, username: client.name, networkName: client.network_name, dedicatedIp: client.ipv4, password: null };
}
