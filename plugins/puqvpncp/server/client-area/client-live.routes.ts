/**
 * The customer's live endpoints, mounted by the host under /client/plugins/puqvpncp with customer login
 * and CSRF enforced: the polled status, config texts and QR codes, downloads and the one-time link.
 * JSON paths end in `.json`, so the host's error handler answers their errors as JSON too.
 */
import type { Response, Router } from 'express';
import { NotFoundError } from '../../../../server/plugins/plugin-api.js';
import type { PanelNetwork, VpnProtocol } from '../panel/panel-types.js';
import { activeService, type ClientArea } from './client-area.js';
import type { PanelTarget } from './live-panel.js';
import { PROTOCOL_LABELS, statusView } from './status-view.js';
import { PROTOCOLS, configFileName, enabledProtocols } from './vpn-client-view.js';

const CONTENT_TYPES: Record<VpnProtocol, string> = {
  wireguard: 'text/plain; charset=utf-8',
  amneziawg: 'text/plain; charset=utf-8',
  openvpn: 'application/x-openvpn-profile',
  ikev2: 'application/vnd.strongswan.profile',
};

/** Secrets must not linger in a shared cache or the browser's history cache. */
function noStore(res: Response): void {
  res.set('Cache-Control', 'no-store');
}

/**
 * A protocol the route names that the service's network has switched on.
 * @throws NotFoundError for an unknown protocol or one the network does not offer
 */
async function enabledProtocol(area: ClientArea, target: PanelTarget, networkName: string | null, raw: string): Promise<VpnProtocol> {
  const protocol = PROTOCOLS.find((p) => p === raw);
  if (!protocol) throw new NotFoundError('No such configuration');
  const name = networkName ?? (await area.live.client(target)).network_name;
  if (name === null) throw new NotFoundError('Your VPN network is not known yet');
  const network: PanelNetwork = await area.live.network(target, name);
  if (!enabledProtocols(network).includes(protocol)) throw new NotFoundError(`${PROTOCOL_LABELS[protocol]} is not enabled for your VPN network`);
  return protocol;
}

/**
 * Registers the live endpoints on the plugin's customer router.
 * @param area the client area (panel reader and caches)
 */
export function mountClientLiveRoutes(area: ClientArea): (router: Router) => void {
  return (router) => {
    router.get('/services/:id/status.json', async (req, res) => {
      const { target } = await activeService(area, req);
      const sessions = await area.live.sessions(target);
      noStore(res);
      res.json(statusView(sessions.value, new Date(sessions.loadedAt), area.host.clock(), area.host.locale(req)));
    });

    router.get('/services/:id/configs/:protocol.json', async (req, res) => {
      const { ctx, target } = await activeService(area, req);
      const protocol = await enabledProtocol(area, target, ctx.service.networkName, req.params.protocol);
      const [text, qr] = await Promise.all([
        area.live.configText(target, protocol),
        protocol === 'wireguard' || protocol === 'amneziawg' ? area.live.qr(target, protocol) : Promise.resolve(null),
      ]);
      noStore(res);
      res.json({ protocol, label: PROTOCOL_LABELS[protocol], fileName: configFileName(target.name, protocol), text, qr });
    });

    router.get('/services/:id/download/:protocol', async (req, res) => {
      const { ctx, target } = await activeService(area, req);
      const protocol = await enabledProtocol(area, target, ctx.service.networkName, req.params.protocol);
      const text = await area.live.configText(target, protocol);
      noStore(res);
      // the name is letters, digits, "_", "-" and "." only (configFileName), so quoting it is enough
      res.set('Content-Disposition', `attachment; filename="${configFileName(target.name, protocol)}"`);
      res.type(CONTENT_TYPES[protocol]).send(text);
    });

    // POST only: a browser's speculative preload of a GET link would use up the single-use link unseen.
    router.post('/services/:id/one-time-link.json', async (req, res) => {
      const { target } = await activeService(area, req, { logSuccess: true });
      const url = await area.live.oneTimeLink(target);
      noStore(res);
      res.json({ url });
    });
  };
}
