/**
 * Create (reference-module §4): choose the target, POST the client without bandwidth, PUT the resolved
 * caps, and roll the client back with DELETE when the caps cannot be set, so no uncapped VPN is ever
 * billed. Any answer after which the client may exist (a 2xx we cannot use, a lost or late answer, a
 * 5xx) is followed by a lookup of the name: the end state is an active service whose caps reached the
 * panel, or no client on the panel and a failed service. A retry after an answer that never came
 * finishes the client an earlier attempt left instead of creating another.
 */
import { AppError, type RemoteRef, type ServerRecord, type ServiceContext } from '../../../../server/plugins/plugin-api.js';
import type { PanelClient } from '../panel/panel-client.js';
import { PanelRejectedError } from '../panel/panel-errors.js';
import type { PanelVpnClient } from '../panel/panel-types.js';
import type { ProductConfig } from '../product-config.js';
import { pushBandwidth, resolveBandwidth, type ResolvedBandwidth } from './bandwidth.js';
import { findEarlierClient } from './earlier-attempt.js';
import { beginAction, lifecyclePanel, type LifecycleEnv, type LifecycleRun } from './lifecycle-panel.js';
import { mayHaveApplied } from './maybe-applied.js';
import { chooseTarget } from './placement-probe.js';
import { postUnderFreeName } from './post-client.js';

/** Time the POST leaves for what may follow it (lookup, caps, rollback): a third, at most 5 s. */
function cleanupReserveMs(run: LifecycleRun): number {
  return Math.min(5000, run.budget.totalMs / 3);
}

/**
 * Provisions the service's VPN client.
 * @returns what the host stores: server, client name, network, IPv4 and the panel's password
 * @throws the placement, naming and panel errors of the steps, each saying what was (not) left behind
 */
export async function createVpnClient(ctx: ServiceContext, env: LifecycleEnv): Promise<RemoteRef> {
  const run = beginAction(ctx, env);
  const config = ctx.product.config as ProductConfig;
  const earlier = await findEarlierClient(run);
  if (earlier) return finish(run, config, earlier.remote.server, earlier.remote.name, earlier.client);
  const target = await chooseTarget(run, config);
  const reserve = cleanupReserveMs(run);
  const outcome = await postUnderFreeName(run, config, lifecyclePanel(run, target.server, 'create', run.budget.leaving(reserve)), target);
  if (outcome.uncertain === null) return finish(run, config, target.server, outcome.name, outcome.client);
  const found = await lookUp(lifecyclePanel(run, target.server, 'create'), outcome.name, target.server, outcome.uncertain);
  return finish(run, config, target.server, outcome.name, found);
}

/**
 * After an answer that leaves the client possible: the client if the panel has it.
 * @throws the POST's own error (nothing was left) when the panel does not have it; an error saying the
 *   client may remain when the panel cannot say
 */
async function lookUp(panel: PanelClient, name: string, server: ServerRecord, uncertain: AppError): Promise<PanelVpnClient> {
  try {
    return await panel.getClient(name);
  } catch (err) {
    if (err instanceof PanelRejectedError && err.isNotFound()) {
      throw new AppError(uncertain.status, uncertain.code, `${uncertain.message} The panel does not have "${name}", so nothing was left behind.`, { cause: uncertain });
    }
    const why = err instanceof Error ? err.message : String(err);
    const status = err instanceof AppError ? err.status : uncertain.status;
    throw new AppError(
      status,
      err instanceof AppError ? err.code : uncertain.code,
      `Creating "${name}" on ${server.name} may have succeeded without its bandwidth caps: ${uncertain.message} Looking it up failed too: ${why} ` +
        'The name is recorded on the service: run create again to finish it (it looks the name up first), or terminate to remove it.',
      { cause: uncertain },
    );
  }
}

/** PUT the caps (confirming them by a lookup when the answer is unclear), or DELETE the client again and say why. */
async function finish(run: LifecycleRun, config: ProductConfig, server: ServerRecord, name: string, known: PanelVpnClient): Promise<RemoteRef> {
  const bw = resolveBandwidth(run.ctx.service, config, run.ctx.tier);
  const panel = lifecyclePanel(run, server, 'create');
  let capped: PanelVpnClient;
  try {
    capped = await pushBandwidth(lifecyclePanel(run, server, 'create', run.budget.leaving(cleanupReserveMs(run) / 2)), name, bw);
  } catch (err) {
    const confirmed = mayHaveApplied(err) ? await cappedOnPanel(panel, name, bw) : null;
    if (!confirmed) throw await rollBack(panel, server, name, err);
    capped = confirmed;
  }
  return {
    serverId: server.id,
    username: name,
    networkName: capped.network_name ?? known.network_name,
    dedicatedIp: capped.ipv4 ?? known.ipv4,
    password: capped.password ?? known.password,
  };
}

/** The client when the panel shows exactly the caps sent; null when it does not or cannot say. */
async function cappedOnPanel(panel: PanelClient, name: string, bw: ResolvedBandwidth): Promise<PanelVpnClient | null> {
  try {
    const client = await panel.getClient(name);
    return client.b_download === bw.b_download && client.b_upload === bw.b_upload ? client : null;
  } catch {
    return null;
  }
}

/** Deletes the uncapped client; the error returned explains both the PUT failure and the rollback. */
async function rollBack(panel: PanelClient, server: ServerRecord, name: string, putError: unknown): Promise<AppError> {
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
