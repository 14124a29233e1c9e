/**
 * What every lifecycle action shares: a panel client logged into the service's module log, and the
 * panel server and client name a provisioned service lives under.
 */
import { ConflictError, type ServerRecord, type ServiceContext } from '../../../../server/plugins/plugin-api.js';
import { PanelClient } from '../panel/panel-client.js';

/**
 * A panel client for one lifecycle action; every call becomes a module-log row of the service.
 * @param action the module-log action, e.g. "create"
 */
export function lifecyclePanel(ctx: ServiceContext, server: ServerRecord, action: string): PanelClient {
  return new PanelClient(server, { log: ctx.log, serviceId: ctx.service.id, action });
}

/** Where a provisioned service's VPN client lives. */
export interface RemoteClient {
  server: ServerRecord;
  name: string;
}

/**
 * The server and client name recorded for the service, or null when nothing was ever sent to a panel.
 * @throws ConflictError when the recorded server no longer exists
 */
export function recordedClient(ctx: ServiceContext): RemoteClient | null {
  const { service } = ctx;
  if (!service.username || service.serverId === null) return null;
  if (!ctx.server) throw new ConflictError(`The server #${service.serverId} of service #${service.id} no longer exists`, 'server_missing');
  return { server: ctx.server, name: service.username };
}

/**
 * Like recordedClient, for actions that need a client to act on.
 * @param verb what the action does, for the message ("suspend")
 * @throws ConflictError when the service has no VPN client recorded
 */
export function requireRecordedClient(ctx: ServiceContext, verb: string): RemoteClient {
  const remote = recordedClient(ctx);
  if (!remote) throw new ConflictError(`Cannot ${verb} service #${ctx.service.id}: it has no VPN client on a panel`, 'not_provisioned');
  return remote;
}
