/**
 * Terminate: the client is deleted from the panel. "Already gone" is success, as is a service that
 * never reached a panel (a failed create with nothing recorded), so a terminate can always finish.
 */
import type { ServiceContext } from '../../../../server/plugins/plugin-api.js';
import { PanelRejectedError } from '../panel/panel-errors.js';
import { beginAction, lifecyclePanel, type LifecycleEnv, recordedClient } from './lifecycle-panel.js';

/**
 * Deletes the service's VPN client, if any.
 * @throws the panel's errors other than "not found"
 */
export async function terminateVpnClient(ctx: ServiceContext, env: LifecycleEnv): Promise<void> {
  const remote = recordedClient(ctx);
  if (!remote) {
    await ctx.log({ action: 'terminate', response: { note: 'no VPN client was recorded for this service; nothing to delete' } });
    return;
  }
  try {
    await lifecyclePanel(beginAction(ctx, env), remote.server, 'terminate').deleteClient(remote.name);
  } catch (err) {
    if (!(err instanceof PanelRejectedError && err.isNotFound())) throw err;
    await ctx.log({ action: 'terminate', response: { note: `"${remote.name}" was already gone from ${remote.server.name}` } });
  }
}
