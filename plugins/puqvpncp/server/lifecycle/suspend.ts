/**
 * Suspend and unsuspend: the client is disabled or enabled on the panel (PUT status), which
 * disconnects or re-admits every protocol at once; the client and its keys stay.
 */
import type { ServiceContext } from '../../../../server/plugins/plugin-api.js';
import { lifecyclePanel, requireRecordedClient } from './lifecycle-panel.js';

/**
 * Disables the service's VPN client.
 * @throws ConflictError when nothing was provisioned; the panel's errors
 */
export async function suspendVpnClient(ctx: ServiceContext): Promise<void> {
  const { server, name } = requireRecordedClient(ctx, 'suspend');
  await lifecyclePanel(ctx, server, 'suspend').updateClient(name, { status: 'disable' });
}

/**
 * Enables the service's VPN client again.
 * @throws ConflictError when nothing was provisioned; the panel's errors
 */
export async function unsuspendVpnClient(ctx: ServiceContext): Promise<void> {
  const { server, name } = requireRecordedClient(ctx, 'unsuspend');
  await lifecyclePanel(ctx, server, 'unsuspend').updateClient(name, { status: 'enable' });
}
