/**
 * Create (reference-module §4): choose the target, POST the client without bandwidth, PUT the resolved
 * caps, and roll the client back with DELETE when the PUT fails, so no uncapped VPN is ever billed.
 * A retry after a lost answer finishes the client an earlier attempt left instead of creating another.
 */
import { AppError, type RemoteRef, type ServerRecord, type ServiceContext } from '../../../../server/plugins/plugin-api.js';
import type { PanelClient as PanelApi } from '../panel/panel-client.js';
import { PanelRejectedError } from '../panel/panel-errors.js';
import type { PanelClient } from '../panel/panel-types.js';
import type { ProductConfig } from '../product-config.js';
import { pushBandwidth, resolveBandwidth } from './bandwidth.js';
import { findEarlierClient } from './earlier-attempt.js';
import { lifecyclePanel } from './lifecycle-panel.js';
import { chooseTarget } from './placement-probe.js';
import { postUnderFreeName } from './post-client.js';

/**
 * Provisions the service's VPN client.
 * @returns what the host stores: server, client name, network, IPv4 and the panel's password
 * @throws the placement, naming and panel errors of the steps, each saying what was (not) left behind
 */
export async function createVpnClient(ctx: ServiceContext): Promise<RemoteRef> {
  const config = ctx.product.config as ProductConfig;
  const earlier = await findEarlierClient(ctx);
  if (earlier) return finish(ctx, config, lifecyclePanel(ctx, earlier.remote.server, 'create'), earlier.remote.server, earlier.client);
  const target = await chooseTarget(ctx, config);
  const panel = lifecyclePanel(ctx, target.server, 'create');
  const created = await postUnderFreeName(ctx, config, panel, target);
  return finish(ctx, config, panel, target.server, created);
}

/** PUT the caps, or DELETE the client again and say why. */
async function finish(ctx: ServiceContext, config: ProductConfig, panel: PanelApi, server: ServerRecord, created: PanelClient): Promise<RemoteRef> {
  let capped: PanelClient;
  try {
    capped = await pushBandwidth(panel, created.name, resolveBandwidth(ctx.service, config));
  } catch (err) {
    throw await rollBack(panel, server, created.name, err);
  }
  return { serverId: server.id, username: capped.name, networkName: capped.network_name, dedicatedIp: capped.ipv4, password: capped.password };
}

/** Deletes the uncapped client; the error returned explains both the PUT failure and the rollback. */
async function rollBack(panel: PanelApi, server: ServerRecord, name: string, putError: unknown): Promise<AppError> {
  const status = putError instanceof AppError ? putError.status : 502;
  const why = putError instanceof Error ? putError.message : String(putError);
  try {
    await panel.deleteClient(name);
  } catch (deleteError) {
    if (!(deleteError instanceof PanelRejectedError && deleteError.isNotFound())) {
      const how = deleteError instanceof Error ? deleteError.message : String(deleteError);
      return new AppError(
        status,
        'rollback_failed',
        `Setting the bandwidth of "${name}" failed (${why}) and deleting it again failed too (${how}). ` +
          `The client may still exist on ${server.name} without caps: run create again to finish it, or terminate to remove it.`,
        { cause: putError },
      );
    }
  }
  return new AppError(status, 'bandwidth_failed', `The bandwidth of "${name}" could not be set, so the client was deleted again: ${why}`, { cause: putError });
}
