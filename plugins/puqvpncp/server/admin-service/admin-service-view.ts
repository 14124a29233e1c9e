/**
 * The module's blocks of the admin service page: password (hidden until "show"), bandwidth, the VPN
 * client table, the live connection status and the config viewer. A panel that does not answer turns
 * the live blocks into one "panel unreachable" card; the page itself always renders.
 */
import { AppError, type PluginHost, type ServiceContext, type ViewContribution } from '../../../../server/plugins/plugin-api.js';
import { bandwidthText, resolveBandwidth } from '../lifecycle/bandwidth.js';
import { PanelAuthError, PanelUnreachableError } from '../panel/panel-errors.js';
import type { PanelSettings } from '../panel/panel-policy.js';
import type { ProductConfig } from '../product-config.js';
import type { ConnectionStatus } from './connection-status.js';
import { liveTarget, readClient, readStatus, type LiveTarget } from './live-client.js';
import { protocolStates, type ProtocolState } from './protocols.js';
import { clientCard, type ClientCard } from './vpn-client-card.js';

/** Where the plugin's admin routes are mounted. */
export const ADMIN_BASE = '/admin/plugins/puqvpncp';

/** What the live blocks show; `problem` replaces them when the panel could not be read. */
interface LiveBlocks {
  card: ClientCard | null;
  panelPassword: string | null;
  status: ConnectionStatus | null;
  protocols: ProtocolState[];
  problem: { title: string; message: string } | null;
}

/**
 * Builds the adminServiceView hook of the provisioning module.
 * @returns a function rendering the blocks of one service
 */
export function adminServiceView(host: PluginHost, settings: PanelSettings): (ctx: ServiceContext) => Promise<ViewContribution> {
  return async (ctx) => {
    const target = liveTarget(ctx, settings);
    const [password, live] = await Promise.all([host.data.servicePassword(ctx.service.id), target ? readLive(ctx, target) : Promise.resolve(null)]);
    const urls = `${ADMIN_BASE}/services/${ctx.service.id}`;
    return {
      view: 'admin/puqvpncp-service',
      locals: {
        puq: {
          serviceId: ctx.service.id,
          clientName: target?.name ?? null,
          serverName: target?.server.name ?? null,
          terminated: ctx.service.status === 'terminated',
          password,
          bandwidth: bandwidthText(resolveBandwidth(ctx.service, ctx.product.config as ProductConfig, ctx.tier)),
          live,
          urls: { status: `${urls}/status.json`, config: `${urls}/config.json`, download: `${urls}/config-file` },
        },
      },
    };
  };
}

async function readLive(ctx: ServiceContext, target: LiveTarget): Promise<LiveBlocks> {
  const [client, status] = await Promise.allSettled([readClient(ctx, target), readStatus(ctx, target)]);
  const failure = client.status === 'rejected' ? client.reason : status.status === 'rejected' ? status.reason : null;
  if (failure !== null) {
    return { card: null, panelPassword: null, status: null, protocols: protocolStates(null, ctx.service.networkName), problem: problemOf(failure) };
  }
  const found = (client as PromiseFulfilledResult<Awaited<ReturnType<typeof readClient>>>).value;
  const card = found.client ? clientCard(found.client, found.network) : null;
  return {
    card,
    panelPassword: found.client?.password ?? null,
    status: (status as PromiseFulfilledResult<ConnectionStatus>).value,
    protocols: card?.protocols ?? protocolStates(found.network, ctx.service.networkName),
    problem: null,
  };
}

function problemOf(err: unknown): { title: string; message: string } {
  if (!(err instanceof AppError)) throw err;
  if (err instanceof PanelUnreachableError) return { title: 'Panel unreachable', message: err.message };
  if (err instanceof PanelAuthError) return { title: 'Panel refused the API token', message: err.message };
  return { title: 'Panel error', message: err.message };
}
