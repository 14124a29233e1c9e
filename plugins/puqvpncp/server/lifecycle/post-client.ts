/**
 * POST /client under a name no other service holds: the product's rule, then `-1`, `-2`, … The host's
 * unique index decides races between services; a panel saying the name is taken (a name held outside
 * the portal, by status or by message) moves on to the next suffix too. The intent is recorded before
 * each POST, so a lost answer can be finished on retry.
 */
import { AppError, ConflictError } from '../../../../server/plugins/plugin-api.js';
import { expandClientNameRule, withSuffix } from '../client-name.js';
import type { PanelClient } from '../panel/panel-client.js';
import { PanelRejectedError } from '../panel/panel-errors.js';
import type { PanelVpnClient } from '../panel/panel-types.js';
import type { ProductConfig } from '../product-config.js';
import type { LifecycleRun } from './lifecycle-panel.js';
import { mayHaveApplied } from './maybe-applied.js';
import type { Target } from './placement-probe.js';

/**
 * What a POST left: the client as the panel created it, or `uncertain` when the answer was lost, late,
 * unusable or a 5xx, so the client may or may not exist under `name`.
 */
export type PostOutcome = { name: string; client: PanelVpnClient; uncertain: null } | { name: string; client: null; uncertain: AppError };

/** The rule's worst case keeps room for "-999" (client-name.ts SUFFIX_RESERVE). */
export const MAX_SUFFIX = 999;

/** The names to try: the one an earlier attempt reserved (it is still ours), then base, base-1, … */
function* candidates(earlier: string | null, base: string): Generator<string> {
  if (earlier) yield earlier;
  for (let n = 0; n <= MAX_SUFFIX; n++) {
    const name = withSuffix(base, n);
    if (name !== earlier) yield name;
  }
}

/**
 * Creates the client on the target under the first free name.
 * @returns the client as the panel created it (no bandwidth yet), or the name whose outcome is uncertain
 * @throws AppError: the panel's refusal in plain words (no licence slot, network full, unreachable), or
 *   409 no_free_name when every suffix is taken
 */
export async function postUnderFreeName(run: LifecycleRun, config: ProductConfig, panel: PanelClient, target: Target): Promise<PostOutcome> {
  const { ctx } = run;
  const base = expandClientNameRule(config.client_name_rule, { clientId: ctx.client.id, serviceId: ctx.service.id, now: ctx.now });
  for (const name of candidates(ctx.service.username, base)) {
    if (!(await ctx.reserveUsername(name))) continue;
    await ctx.recordIntent({ serverId: target.server.id, username: name, networkName: target.networkName });
    try {
      const client = await panel.createClient(target.networkName === null ? { name } : { name, network_name: target.networkName });
      return { name, client, uncertain: null };
    } catch (err) {
      if (err instanceof PanelRejectedError && err.isNameTaken()) continue;
      if (mayHaveApplied(err)) return { name, client: null, uncertain: err as AppError };
      throw explainCreateFailure(err, name, target);
    }
  }
  throw new ConflictError(`Every name from "${base}" to "${withSuffix(base, MAX_SUFFIX)}" is taken; change the product's client name rule`, 'no_free_name');
}

/** Turns the panel's refusal of POST /client into a sentence about the service. */
function explainCreateFailure(err: unknown, name: string, target: Target): unknown {
  const where = target.networkName === null ? target.server.name : `${target.server.name}/${target.networkName}`;
  if (err instanceof PanelRejectedError && err.isNoSlots()) {
    return new AppError(err.status, 'no_licence_slots', `No licence slot left on ${where}: the panel refused "${name}" (VPN account limit exceeded)`, { cause: err });
  }
  if (err instanceof PanelRejectedError && err.isNetworkFull()) {
    return new AppError(err.status, 'network_full', `No free IP address left on ${where}: the panel refused "${name}"`, { cause: err });
  }
  return err;
}
