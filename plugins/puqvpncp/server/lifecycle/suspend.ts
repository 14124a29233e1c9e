/**
 * Suspend and unsuspend: the client is disabled or enabled on the panel (PUT status), which
 * disconnects or re-admits every protocol at once; the client and its keys stay.
 */
import type { ServiceContext } from '../../../../server/plugins/plugin-api.js';
import { beginAction, lifecyclePanel, type LifecycleEnv, requireRecordedClient } from './lifecycle-panel.js';

/**
 * Disables the service's VPN client.
 * @throws ConflictError when nothing was provisioned; the panel's errors
 */
export async function suspendVpnClient(ctx: ServiceContext, env: LifecycleEnv): Promise<void> {
  const { server, name } = requireRecordedClient(ctx, 'suspend');
  await lifecyclePanel(beginAction(ctx, env), server, 'suspend').updateClient(name, { status: 'disable' });
}

/**
 * Enables the service's VPN client again.
 * @throws ConflictError when nothing was provisioned; the panel's errors
 */
export async function unsuspendVpnClient(ctx: ServiceContext, env: LifecycleEnv): Promise<void> {
  const { server, name } = requireRecordedClient(ctx, 'unsuspend');
  await lifecyclePanel(beginAction(ctx, env), server, 'unsuspend').updateClient(name, { status: 'enable' });
}
