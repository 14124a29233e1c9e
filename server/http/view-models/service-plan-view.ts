/**
 * The plan block of a service page: what the service costs a month (product price + tier), the tiers
 * of its product with their speeds and prices, which one it has, whether the customer may change it,
 * and why it is suspended when dunning suspended it.
 */
import type { Repositories } from '../../domain/deps.js';
import { formatMinor } from '../../domain/billing/money.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';

const speed = (mbps: number) => (mbps === 0 ? 'Unlimited' : `${mbps} Mbit/s`);

/** The block's locals. */
export async function servicePlanView(repos: Pick<Repositories, 'plans'>, service: ServiceEntity, currency: string) {
  const [pricing, tiers] = await Promise.all([repos.plans.pricing(service.productId), repos.plans.tiers(service.productId)]);
  const base = pricing?.monthlyPriceMinor ?? 0;
  const current = tiers.find((t) => t.code === service.tierCode) ?? null;
  const money = (minor: number) => formatMinor(minor, currency);
  return {
    monthly: money(base + (current?.monthlyPriceMinor ?? 0)),
    setupFee: pricing && pricing.setupFeeMinor > 0 ? money(pricing.setupFeeMinor) : null,
    hasPrice: base > 0 || tiers.some((t) => t.monthlyPriceMinor > 0),
    current: current ? { code: current.code, name: current.name } : null,
    canChange: Boolean(pricing?.customerCanChange) && tiers.length > 0 && (service.status === 'active' || service.status === 'suspended' || service.status === 'pending'),
    tiers: tiers.map((t) => ({
      code: t.code,
      name: t.name,
      speed: `↓ ${speed(t.downloadMbps)} · ↑ ${speed(t.uploadMbps)}`,
      price: money(base + t.monthlyPriceMinor),
      extra: t.monthlyPriceMinor > 0 ? `+${money(t.monthlyPriceMinor)}` : 'included',
      selected: t.code === service.tierCode,
    })),
    overdue: service.status === 'suspended' && service.suspendReason === 'overdue',
  };
}
