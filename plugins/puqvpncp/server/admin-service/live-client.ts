/**
 * Live reads about a service's VPN client for the admin page and its JSON endpoints: the client and
 * its network, the online sessions, each within the page deadline.
 */
import { ConflictError, type ServiceContext } from '../../../../server/plugins/plugin-api.js';
import type { PanelClient as PanelApi } from '../panel/panel-client.js';
import { PanelRejectedError } from '../panel/panel-errors.js';
import type { PanelClient, PanelNetwork } from '../panel/panel-types.js';
import { recordedClient, type RemoteClient } from '../lifecycle/lifecycle-panel.js';
import { connectionStatus, type ConnectionStatus } from './connection-status.js';
import { PAGE_DEADLINE_MS, pagePanel, withDeadline } from './page-panel.js';

/** A service whose client can be read live, with a panel client for page reads. */
export interface LiveTarget extends RemoteClient {
  panel: PanelApi;
}

/**
 * The client to read, or null when there is none to read (never provisioned, or terminated).
 */
export function liveTarget(ctx: ServiceContext): LiveTarget | null {
  const remote = ctx.service.status === 'terminated' ? null : recordedClient(ctx);
  return remote ? { ...remote, panel: pagePanel(remote.server, ctx.service.id, ctx.log) } : null;
}

/**
 * Like liveTarget, for the JSON endpoints.
 * @throws ConflictError (409) when the service has no client to read
 */
export function requireLiveTarget(ctx: ServiceContext): LiveTarget {
  const target = liveTarget(ctx);
  if (!target) throw new ConflictError(`Service #${ctx.service.id} has no VPN client on a panel`, 'not_provisioned');
  return target;
}

/**
 * The client and its network; the client is null when the panel does not have it, the network null
 * when it cannot be read (its protocols are then shown as unknown).
 * @throws the panel error when the client cannot be read, a 504 after the page deadline
 */
export function readClient(ctx: ServiceContext, target: LiveTarget): Promise<{ client: PanelClient | null; network: PanelNetwork | null }> {
  const networkOf = (name: string | null) => (name ? target.panel.network(name).catch(() => null) : Promise.resolve(null));
  const work = (async () => {
    const known = ctx.service.networkName;
    const [client, network] = await Promise.all([target.panel.getClient(target.name).catch(notFoundAsNull), networkOf(known)]);
    return { client, network: network ?? (client && !known ? await networkOf(client.network_name) : null) };
  })();
  return withDeadline(work, PAGE_DEADLINE_MS, target.server, `/client/${target.name}`);
}

/**
 * The client's sessions; offline when the online list has none of its rows.
 * @throws the panel error, a 504 after the page deadline
 */
export async function readStatus(ctx: ServiceContext, target: LiveTarget): Promise<ConnectionStatus> {
  const rows = await withDeadline(target.panel.online(), PAGE_DEADLINE_MS, target.server, '/client/online');
  return connectionStatus(rows, target.name, ctx.now);
}

function notFoundAsNull(err: unknown): null {
  if (err instanceof PanelRejectedError && err.isNotFound()) return null;
  throw err;
}
