/**
 * The puqVPNcp usage meter (UsageMeter of the plugin API): which metrics a product bills, and one
 * calendar month of a client's daily traffic from endpoint 18, as absolute bytes per day. A month the
 * portal cannot believe (a day above what the client's link could carry) is refused and flagged, so the
 * stored usage keeps its last good figures.
 */
import { AppError, ConflictError, type ServiceContext, type UsageDay, type UsageMeter } from '../../../server/plugins/plugin-api.js';
import { resolveBandwidth } from './lifecycle/bandwidth.js';
import { PanelRejectedError } from './panel/panel-errors.js';
import { actionBudget, panelFor, type PanelSettings } from './panel/panel-policy.js';
import { meteredMetrics, type ProductConfig } from './product-config.js';
import { MODULE_TYPE } from './provisioner.js';
import { implausibleDay, monthRows } from './traffic-rows.js';

/**
 * Builds the meter.
 * @param settings the installation's budgets and answer limits
 * @returns the meter to register with host.usageMeter
 */
export function createUsageMeter(settings: PanelSettings): UsageMeter {
  return {
    type: MODULE_TYPE,
    metrics(product) {
      const metrics = meteredMetrics(product.config as ProductConfig);
      return metrics.download.enabled || metrics.upload.enabled ? metrics : null;
    },
    async monthlyUsage(ctx: ServiceContext, period): Promise<UsageDay[]> {
      const name = ctx.service.username;
      const server = ctx.server;
      if (!server || !name) throw new ConflictError(`Service #${ctx.service.id} has no VPN client on a panel yet`, 'not_provisioned');
      const month = `${period.year}/${String(period.month).padStart(2, '0')}`;
      const logFailure = (error: string, httpStatus: number | null = null) =>
        ctx.log({ serverId: server.id, action: 'usage', method: 'GET', path: `/client/${encodeURIComponent(name)}/traffic/${month}`, httpStatus, error });
      // No per-attempt log here: the daily pull reads every metered service, and logging (and masking)
      // each successful GET would cost more than the call and bury the module log; what a success read
      // is stored as usage rows, and a failure is logged below with the panel error's own message. The
      // last pull before a terminate belongs to that action and shares its time budget, leaving half
      // of it to the delete, so a second terminate can go ahead without the pull even if it hangs.
      const budget = ctx.actionStartedAt === undefined ? undefined : actionBudget(settings, ctx.actionStartedAt).leaving(settings.budgets.actionMs / 2);
      const panel = panelFor(server, settings, { action: 'usage', serviceId: ctx.service.id, budget });
      let sent;
      try {
        sent = await panel.traffic(name, period.year, period.month);
      } catch (err) {
        await logFailure(err instanceof AppError ? err.message : `unexpected error reading traffic (${(err as Error)?.name ?? 'error'})`, (err as { httpStatus?: number }).httpStatus ?? null);
        // a "not found" means the client (and its traffic history) is gone from the panel: the host
        // tells that apart from a panel that cannot answer right now by the status
        if (err instanceof PanelRejectedError && err.isNotFound()) throw new AppError(404, 'vpn_client_not_found', err.message, { cause: err });
        throw err;
      }
      const { rows, outside, repeated } = monthRows(sent, period.year, period.month);
      if (outside.length > 0 || repeated.length > 0) {
        const parts = [outside.length > 0 ? `dropped ${outside.length} row(s) outside ${month} (${outside.slice(0, 3).join(', ')})` : '', repeated.length > 0 ? `days sent more than once, the last row kept: ${repeated.slice(0, 3).join(', ')}` : ''];
        await logFailure(`The panel's traffic for ${month}: ${parts.filter(Boolean).join('; ')}`);
      }
      const implausible = implausibleDay(rows, resolveBandwidth(ctx.service, ctx.product.config as ProductConfig, ctx.tier));
      if (implausible) {
        const message = `The traffic the panel reports for "${name}" was not stored: ${implausible}. The stored usage keeps its last good figures; check the panel's counters.`;
        await logFailure(message);
        throw new AppError(502, 'usage_implausible', message);
      }
      return rows.map((r) => ({ date: r.date, downloadBytes: r.traffic_download, uploadBytes: r.traffic_upload }));
    },
  };
}
