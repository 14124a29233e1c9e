/**
 * The customer's dashboard rows: each service with its product, status, VPN IP and this billing month's
 * traffic. Traffic comes from the stored daily usage (one query for all services), never from the panel,
 * so the dashboard costs no panel call however many services a customer has.
 */
import type { Repositories } from '../../domain/deps.js';
import { formatGb } from '../../domain/billing/money.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';
import type { UsageDayRow, UsageRepository } from '../../repositories/usage.repository.js';

/** One service card of the dashboard. */
export interface DashboardServiceView {
  id: number;
  productName: string;
  status: string;
  username: string | null;
  dedicatedIp: string | null;
  /** this month's recorded traffic, in GB as invoices count it; null when the service has no VPN account */
  traffic: { download: string; upload: string; hint: string } | null;
}

const HAS_VPN = new Set(['active', 'suspended']);

/**
 * Builds the rows.
 * @param repos for product names
 * @param usage the stored daily usage
 * @param services the customer's services
 * @param period the billing month, 'YYYY-MM'
 * @returns one row per service, in the given order
 */
export async function dashboardRows(repos: Pick<Repositories, 'products'>, usage: Pick<UsageRepository, 'daysOfMany'>, services: ServiceEntity[], period: string): Promise<DashboardServiceView[]> {
  const withVpn = services.filter((s) => HAS_VPN.has(s.status)).map((s) => s.id);
  const [products, days] = await Promise.all([repos.products.findByIds(services.map((s) => s.productId)), withVpn.length > 0 ? usage.daysOfMany(withVpn, period) : Promise.resolve(new Map<number, UsageDayRow[]>())]);
  const productName = new Map(products.map((p) => [p.id, p.name]));
  return services.map((s) => {
    const rows = days.get(s.id);
    return {
      id: s.id,
      productName: productName.get(s.productId) ?? `#${s.productId}`,
      status: s.status,
      username: s.username,
      dedicatedIp: s.dedicatedIp,
      traffic: rows === undefined ? null : {
        download: `${formatGb(rows.reduce((sum, d) => sum + d.downloadBytes, 0))} GB`,
        upload: `${formatGb(rows.reduce((sum, d) => sum + d.uploadBytes, 0))} GB`,
        hint: `Traffic recorded in ${period}${rows.length > 0 ? `, up to ${rows[rows.length - 1].day}` : ''}`,
      },
    };
  });
}
