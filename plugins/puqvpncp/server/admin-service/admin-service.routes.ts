/**
 * JSON endpoints behind the admin service page, mounted under /admin/plugins/puqvpncp (admin login and
 * CSRF are enforced by the host): connection status (polled every 5 s), the VPN client table, and one
 * protocol's config to view, copy or download. Answers carry keys and configs: never cached.
 */
import type { Request, Response, Router } from 'express';
import { NotFoundError, type PluginHost, type ServiceContext } from '../../../../server/plugins/plugin-api.js';
import type { PanelSettings } from '../panel/panel-policy.js';
import { parseProtocol, readConfig } from './config-viewer.js';
import { readClient, readStatus, requireLiveTarget } from './live-client.js';
import { protocolStates } from './protocols.js';
import { clientCard } from './vpn-client-card.js';

/**
 * Adds the endpoints to the plugin's admin router.
 * @param moduleType the provisioning module type whose services these endpoints serve
 */
export function mountAdminServiceRoutes(router: Router, host: PluginHost, moduleType: string, settings: PanelSettings): void {
  const contextOf = async (req: Request): Promise<ServiceContext> => {
    const id = Number(req.params.id);
    const ctx = Number.isSafeInteger(id) && id > 0 ? await host.data.serviceContext(id) : null;
    if (!ctx || ctx.product.module !== moduleType) throw new NotFoundError('No such service');
    return ctx;
  };
  const fresh = (res: Response) => res.set('Cache-Control', 'no-store');

  router.get('/services/:id/status.json', async (req, res) => {
    const ctx = await contextOf(req);
    fresh(res).json(await readStatus(ctx, requireLiveTarget(ctx, settings)));
  });
  router.get('/services/:id/client.json', async (req, res) => {
    const ctx = await contextOf(req);
    const { client, network } = await readClient(ctx, requireLiveTarget(ctx, settings));
    fresh(res).json({ client: client ? clientCard(client, network) : null, protocols: protocolStates(network, client?.network_name ?? ctx.service.networkName) });
  });
  router.get('/services/:id/config.json', async (req, res) => {
    const ctx = await contextOf(req);
    fresh(res).json(await readConfig(ctx, requireLiveTarget(ctx, settings), parseProtocol(req.query.protocol)));
  });
  router.get('/services/:id/config-file', async (req, res) => {
    const ctx = await contextOf(req);
    const config = await readConfig(ctx, requireLiveTarget(ctx, settings), parseProtocol(req.query.protocol));
    fresh(res).attachment(config.filename).type(config.content_type).send(config.text);
  });
}
