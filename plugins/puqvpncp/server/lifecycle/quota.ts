/**
 * The traffic quota's steps on the panel: a throttle is the client's caps lowered to the quota's speed
 * (never raised), a suspension is the client disabled; restoring pushes the service's own caps again or
 * enables it. Each step is one PUT within the action budget, logged as the "quota" action.
 */
import { quotaPolicyOf, type ProductRecord, type QuotaMeasure, type QuotaPolicy, type ServiceContext } from '../../../../server/plugins/plugin-api.js';
import type { ProductConfig } from '../product-config.js';
import { pushBandwidth, resolveBandwidth, type ResolvedBandwidth } from './bandwidth.js';
import { beginAction, lifecyclePanel, type LifecycleEnv, requireRecordedClient } from './lifecycle-panel.js';

/** The product's quota, or null when its settings document sets none (or predates quotas). */
export function vpnQuotaPolicy(product: ProductRecord): QuotaPolicy | null {
  return quotaPolicyOf((product.config as Partial<ProductConfig> | null)?.quota);
}

/** The caps while throttled: the quota's speed, or the service's own cap where that is lower (0 = unlimited is not lower). */
export function throttledBandwidth(normal: ResolvedBandwidth, mbps: number): ResolvedBandwidth {
  const one = (cap: number) => (cap === 0 ? mbps : Math.min(cap, mbps));
  return { b_download: one(normal.b_download), b_upload: one(normal.b_upload) };
}

/**
 * Takes one quota step on the service's client.
 * @throws ConflictError when the service has no client on a panel; the panel's errors
 */
export async function enforceVpnQuota(ctx: ServiceContext, env: LifecycleEnv, measure: QuotaMeasure): Promise<void> {
  const { server, name } = requireRecordedClient(ctx, 'apply the traffic quota of');
  const panel = lifecyclePanel(beginAction(ctx, env), server, 'quota');
  const normal = resolveBandwidth(ctx.service, ctx.product.config as ProductConfig, ctx.tier);
  if (measure.kind === 'throttle') await pushBandwidth(panel, name, throttledBandwidth(normal, measure.mbps));
  else if (measure.kind === 'suspend') await panel.updateClient(name, { status: 'disable' });
  else if (measure.from === 'throttle') await pushBandwidth(panel, name, normal);
  else await panel.updateClient(name, { status: 'enable' });
}
