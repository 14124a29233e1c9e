/**
 * The puqVPNcp usage meter (UsageMeter of the plugin API): which metrics a product bills, and one
 * calendar month of a client's daily traffic from endpoint 18, as absolute bytes per day.
 */
import { AppError, ConflictError, type ServiceContext, type UsageDay, type UsageMeter } from '../../../server/plugins/plugin-api.js';
import { PanelClient } from './panel/panel-client.js';
import { PanelRejectedError } from './panel/panel-errors.js';
import { meteredMetrics, type ProductConfig } from './product-config.js';
import { MODULE_TYPE } from './provisioner.js';

/**
 * Builds the meter; it needs nothing from the host beyond the service context it is handed.
 * @returns the meter to register with host.usageMeter
 */
export function createUsageMeter(): UsageMeter {
  return {
    type: MODULE_TYPE,
    metrics(product) {
      const metrics = meteredMetrics(product.config as ProductConfig);
      return metrics.download.enabled || metrics.upload.enabled ? metrics : null;
    },
    async monthlyUsage(ctx: ServiceContext, period): Promise<UsageDay[]> {
      const name = ctx.service.username;
      if (!ctx.server || !name) throw new ConflictError(`Service #${ctx.service.id} has no VPN client on a panel yet`, 'not_provisioned');
      // No per-attempt log here: the daily pull reads every metered service, and logging (and masking)
      // each successful GET would cost more than the call and bury the module log; what a success read
      // is stored as usage rows, and a failure is logged below with the panel error's own message.
      const panel = new PanelClient(ctx.server, { serviceId: ctx.service.id, action: 'usage' });
      try {
        const rows = await panel.traffic(name, period.year, period.month);
        return rows.map((r) => ({ date: r.date, downloadBytes: r.traffic_download, uploadBytes: r.traffic_upload }));
      } catch (err) {
        const month = `${period.year}/${String(period.month).padStart(2, '0')}`;
        await ctx.log({
          serverId: ctx.server.id,
          action: 'usage',
          method: 'GET',
          path: `/client/${encodeURIComponent(name)}/traffic/${month}`,
          httpStatus: (err as { httpStatus?: number }).httpStatus ?? null,
          error: err instanceof AppError ? err.message : `unexpected error reading traffic (${(err as Error)?.name ?? 'error'})`,
        });
        // a 404 means the client (and its traffic history) is gone from the panel: the host tells that
        // apart from a panel that cannot answer right now by the status
        if (err instanceof PanelRejectedError && err.isNotFound()) throw new AppError(404, 'vpn_client_not_found', err.message, { cause: err });
        throw err;
      }
    },
  };
}
