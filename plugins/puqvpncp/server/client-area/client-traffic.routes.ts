/**
 * The Traffic statistics page: one month of daily traffic. A past month the daily pull stored is read
 * from the portal's own rows; the running month (and a month nothing was stored for) comes from the
 * panel through the same short cache as the other pages, so a view never parses a panel answer twice.
 * A service that is not active gets its state page instead, without a panel call.
 */
import type { Router } from 'express';
import { ValidationError, type ServiceContext } from '../../../../server/plugins/plugin-api.js';
import type { PanelTrafficRow } from '../panel/panel-types.js';
import { monthRows } from '../traffic-rows.js';
import { ownService, panelTarget, type ClientArea } from './client-area.js';
import { VpnAccountMissingError } from './customer-errors.js';
import { settle } from './settle.js';
import { customerMessage } from './service-overview.js';
import { serviceStateView } from './service-state.js';
import { trafficData, trafficSelection, type TrafficDataView, type TrafficSelection } from './traffic-view.js';
import { CLIENT_BASE } from './vpn-client-view.js';

/**
 * Today's date in a time zone.
 * @returns YYYY-MM-DD
 */
export function todayIn(timeZone: string, now: Date): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Registers the page on the plugin's customer router.
 * @param area the client area (panel reader)
 */
export function mountClientTrafficRoutes(area: ClientArea): (router: Router) => void {
  return (router) => {
    router.get('/services/:id/traffic', async (req, res) => {
      const ctx = await ownService(area, req);
      const { service } = ctx;
      const locale = area.host.locale(req);
      const page = { title: locale.t('traffic.pageTitle', { product: ctx.product.name }), serviceId: service.id, productName: ctx.product.name, status: service.status, overviewUrl: `/services/${service.id}` };
      if (service.status !== 'active') {
        res.render('client/vpn-state-page', { ...page, state: serviceStateView(service.id, service.status, locale) });
        return;
      }
      const today = todayIn(area.host.settings.billingTz, area.host.clock());
      let selection: TrafficSelection;
      try {
        selection = trafficSelection(req.query as Record<string, unknown>, today, locale);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        // A select cannot show a value outside its options, so the form falls back to the current month.
        res.status(422).render('client/vpn-traffic', { ...page, selection: trafficSelection({}, today, locale), data: null, formError: err.message, errors: err.fields ?? {}, actionUrl: `${CLIENT_BASE}/services/${service.id}/traffic` });
        return;
      }
      const current = today.slice(0, 7) === `${selection.year}-${String(selection.month).padStart(2, '0')}`;
      const rows = await settle(monthTraffic(area, ctx, selection.year, selection.month, current));
      const data: TrafficDataView = rows instanceof Error ? { available: false, message: customerMessage(rows, locale) } : trafficData(rows, selection.year, selection.month, today, locale);
      res.set('Cache-Control', 'no-store');
      res.render('client/vpn-traffic', { ...page, selection, data, formError: null, errors: {}, actionUrl: `${CLIENT_BASE}/services/${service.id}/traffic` });
    });
  };
}


/**
 * The month's rows: the stored ones for a past month that has some, else the panel's (cached briefly),
 * one per day of the month.
 */
async function monthTraffic(area: ClientArea, ctx: ServiceContext, year: number, month: number, current: boolean): Promise<PanelTrafficRow[]> {
  if (!current) {
    const stored = await area.host.data.storedUsage(ctx.service.id, ctx.client.id, { year, month });
    if (stored && stored.length > 0) return stored.map((d) => ({ date: d.date, traffic_download: d.downloadBytes, traffic_upload: d.uploadBytes }));
  }
  const target = panelTarget(area, ctx);
  if (!target) throw new VpnAccountMissingError();
  return monthRows(await area.live.traffic(target, year, month), year, month).rows;
}
