/**
 * Live reads about a service's VPN client for the admin page and its JSON endpoints: the client and
 * its network, the online sessions, each within the page's time budget.
 */
import { ConflictError, type ServiceContext } from '../../../../server/plugins/plugin-api.js';
import type { PanelClient } from '../panel/panel-client.js';
import { PanelRejectedError } from '../panel/panel-errors.js';
import { pageBudget, panelFor, withinBudget, type PanelSettings } from '../panel/panel-policy.js';
import type { PanelNetwork, PanelVpnClient } from '../panel/panel-types.js';
import type { TimeBudget } from '../panel/time-budget.js';
import { recordedClient, type RemoteClient } from '../lifecycle/lifecycle-panel.js';
import { connectionStatus, type ConnectionStatus } from './connection-status.js';

/** A service whose client can be read live, with a panel client bound to one page's budget. */
export interface LiveTarget extends RemoteClient {
  panel: PanelClient;
  budget: TimeBudget;
}

/**
 * The client to read, or null when there is none to read (never provisioned, or terminated). Page
 * reads are polled, so only failed calls reach the module log.
 * @param settings the installation's budgets; the page's budget starts here
 */
export function liveTarget(ctx: ServiceContext, settings: PanelSettings): LiveTarget | null {
  const remote = ctx.service.status === 'terminated' ? null : recordedClient(ctx);
  if (!remote) return null;
  const budget = pageBudget(settings);
  const panel = panelFor(remote.server, settings, { action: 'admin-view', budget, log: ctx.log, logSuccess: false, serviceId: ctx.service.id });
  return { ...remote, panel, budget };
}

/**
 * Like liveTarget, for the JSON endpoints.
 * @throws ConflictError (409) when the service has no client to read
 */
export function requireLiveTarget(ctx: ServiceContext, settings: PanelSettings): LiveTarget {
  const target = liveTarget(ctx, settings);
  if (!target) throw new ConflictError(`Service #${ctx.service.id} has no VPN client on a panel`, 'not_provisioned');
  return target;
}

/**
 * The client and its network; the client is null when the panel does not have it, the network null
 * when it cannot be read (its protocols are then shown as unknown).
 * @throws the panel error when the client cannot be read, a 504 once the page's budget is used up
 */
export function readClient(ctx: ServiceContext, target: LiveTarget): Promise<{ client: PanelVpnClient | null; network: PanelNetwork | null }> {
  const networkOf = (name: string | null) => (name ? target.panel.network(name).catch(() => null) : Promise.resolve(null));
  return withinBudget(target.budget, target.panel, target.server, `/client/${target.name}`, async () => {
    const known = ctx.service.networkName;
    const [client, network] = await Promise.all([target.panel.getClient(target.name).catch(notFoundAsNull), networkOf(known)]);
    return { client, network: network ?? (client && !known ? await networkOf(client.network_name) : null) };
  });
}

/**
 * The client's sessions; offline when the online list has none of its rows.
 * @throws the panel error, a 504 once the page's budget is used up
 */
export async function readStatus(ctx: ServiceContext, target: LiveTarget): Promise<ConnectionStatus> {
  const list = await withinBudget(target.budget, target.panel, target.server, '/client/online', () => target.panel.online());
  return connectionStatus(list.rows, target.name, ctx.now);
}

function notFoundAsNull(err: unknown): null {
  if (err instanceof PanelRejectedError && err.isNotFound()) return null;
  throw err;
}
