/**
 * The body of the customer's service page (ProvisioningModule.clientServiceView). An active service gets
 * its live cards, each built from the panel answers that arrived within the page budget; any other state
 * gets a plain page built from local data only, so a terminated service never costs a panel call.
 */
import type { Locale, ServiceContext, ViewContribution } from '../../../../server/plugins/plugin-api.js';
import type { PanelNetwork, PanelVpnClient } from '../panel/panel-types.js';
import type { ProductConfig } from '../product-config.js';
import { panelTarget, type ClientArea } from './client-area.js';
import { VpnAccountMissingError, VpnServerUnavailableError } from './customer-errors.js';
import { pageBudget } from '../panel/panel-policy.js';
import { settle } from './settle.js';
import type { PanelTarget } from './live-panel.js';
import { metricsView, type MetricsView } from './metrics-view.js';
import { serviceStateView } from './service-state.js';
import { statusUnavailable, statusView, type StatusView } from './status-view.js';
import { CLIENT_BASE, configsView, vpnClientView } from './vpn-client-view.js';

/**
 * What the customer is told for a failed panel read: our own customer-safe message, never a panel's.
 * @returns one sentence in the customer's language
 */
export function customerMessage(err: Error, locale: Locale): string {
  return locale.t(err instanceof VpnAccountMissingError ? 'errors.vpn_account_missing' : 'errors.unavailable');
}

/**
 * The service page body for any service state.
 * @returns the view and its locals
 */
export async function clientServiceView(area: ClientArea, ctx: ServiceContext, locale: Locale): Promise<ViewContribution> {
  const { service } = ctx;
  if (service.status !== 'active') {
    return { view: 'client/vpn-service-state', locals: { state: serviceStateView(service.id, service.status, locale) } };
  }
  const unavailable = (err: Error) => customerMessage(err, locale);
  const target = panelTarget(area, ctx);
  const config = ctx.product.config as ProductConfig;
  const now = area.host.clock();
  const record = settle(target ? area.live.client(target) : Promise.reject(new VpnAccountMissingError()));
  const network = networkOf(area, target, service.networkName, record);
  const [recordValue, networkValue, status, password, metrics] = await Promise.all([
    record,
    network,
    liveStatus(area, target, now, locale),
    config.show_password === 'no' ? Promise.resolve(null) : area.host.data.servicePassword(service.id),
    metricsCard(area, ctx, config, locale),
  ]);
  const base = `${CLIENT_BASE}/services/${service.id}`;
  return {
    view: 'client/vpn-service',
    locals: {
      overview: {
        serviceId: service.id,
        instructionUrl: config.instruction_url || null,
        trafficUrl: `${base}/traffic`,
        statusUrl: `${base}/status.json`,
        otlUrl: `${base}/one-time-link.json`,
        status,
        vpn: vpnClientView({
          clientName: service.username ?? '—',
          vpnIp: service.dedicatedIp,
          password,
          showPassword: config.show_password,
          facts: { record: recordValue, network: networkValue },
          unavailableMessage: unavailable,
          locale,
        }),
        configs: configsView(service.id, service.username ?? 'vpn', networkValue, unavailable),
        // the browser script's texts: the status it redraws, the buttons it relabels
        script: scriptTexts(locale),
        metrics,
      },
    },
  };
}

/**
 * The network's record; when the service does not name its network, the VPN client's record does, and the
 * second call gets only what is left of the page's budget.
 */
async function networkOf(area: ClientArea, target: PanelTarget | null, networkName: string | null, record: Promise<PanelVpnClient | Error>): Promise<PanelNetwork | Error> {
  if (!target) return new VpnAccountMissingError();
  if (networkName) return settle(area.live.network(target, networkName));
  const known = await record;
  if (known instanceof Error) return known;
  if (known.network_name === null) return new VpnServerUnavailableError('protocol');
  return settle(area.live.network(target, known.network_name));
}

/**
 * The Connection status card's data, from the (briefly cached) online list.
 * @returns the card, or its "unavailable" form
 */
export async function liveStatus(area: ClientArea, target: PanelTarget | null, now: Date, locale: Locale): Promise<StatusView> {
  if (!target) return statusUnavailable(customerMessage(new VpnAccountMissingError(), locale));
  const sessions = await settle(area.live.sessions(target));
  return sessions instanceof Error ? statusUnavailable(customerMessage(sessions, locale)) : statusView(sessions.value, new Date(sessions.loadedAt), now, locale);
}

const SCRIPT_KEYS = ['status.online', 'status.offline', 'status.unknown', 'status.notConnected', 'status.network', 'status.vpnIp', 'status.endpoint', 'status.handshake', 'status.downloaded', 'status.uploaded', 'vpn.show', 'vpn.hide', 'configs.copied'];
// a locale lives as long as the process: its script texts are written out once
const scripts = new WeakMap<Locale, string>();

const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/**
 * The texts public/client-service.js writes into the page, in the page's language: JSON escaped for an
 * attribute once per language (the view writes it as it is, not escaping it again on every view).
 */
export function scriptTexts(locale: Locale): string {
  let json = scripts.get(locale);
  if (json === undefined) scripts.set(locale, (json = JSON.stringify(Object.fromEntries(SCRIPT_KEYS.map((k) => [k, locale.t(k)]))).replace(/[&<>"']/g, (c) => ATTRIBUTE_ESCAPES[c])));
  return json;
}

async function metricsCard(area: ClientArea, ctx: ServiceContext, config: ProductConfig, locale: Locale): Promise<MetricsView | null> {
  if (!config.metrics.download.enabled && !config.metrics.upload.enabled) return null;
  const load = () => area.host.data.usageEstimate(ctx.service.id, ctx.client.id);
  const budget = pageBudget(area.settings);
  const estimate = await settle(budget.race(area.estimates.get(String(ctx.service.id), load).then((c) => c.value), () => new Error('the usage estimate took longer than the page budget')));
  if (estimate instanceof Error) return { available: false, message: locale.t('metrics.unavailable') };
  return estimate === null ? null : metricsView(estimate, locale);
}
