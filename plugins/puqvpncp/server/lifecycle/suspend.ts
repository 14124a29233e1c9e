/**
 * Suspend and unsuspend: the client is disabled or enabled on the panel (PUT status), which
 * disconnects or re-admits every protocol at once; the client and its keys stay.
 */
import type { ServiceContext } from '../../../../server/plugins/plugin-api.js';
import type { PanelSettings } from '../panel/panel-policy.js';
import { beginAction, lifecyclePanel, requireRecordedClient } from './lifecycle-panel.js';

/**
 * Disables the service's VPN client.
 * @throws ConflictError when nothing was provisioned; the panel's errors
 */
export async function suspendVpnClient(ctx: ServiceContext, settings: PanelSettings): Promise<void> {
  const { server, name } = requireRecordedClient(ctx, 'suspend');
  await lifecyclePanel(beginAction(ctx, settings), server, 'suspend').updateClient(name, { status: 'disable' });
}

/**
 * Enables the service's VPN client again.
 * @throws ConflictError when nothing was provisioned; the panel's errors
 */
export async function unsuspendVpnClient(ctx: ServiceContext, settings: PanelSettings): Promise<void> {
  const { server, name } = requireRecordedClient(ctx, 'unsuspend');
  await lifecyclePanel(beginAction(ctx, settings), server, 'unsuspend').updateClient(name, { status: 'enable' });
}
