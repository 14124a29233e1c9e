/**
 * The per-client speed caps a service gets: its speed tier's caps when it has a tier (the host's priced
 * tiers replace the original's speed presets), else its own speed option whenever one is set (0 = unlimited
 * counts as set), else the product default (reference-module §3 "Resolution").
 */
import type { ServiceRecord, ServiceTier } from '../../../../server/plugins/plugin-api.js';
import type { PanelClient } from '../panel/panel-client.js';
import type { PanelVpnClient } from '../panel/panel-types.js';
import type { ProductConfig } from '../product-config.js';

/** Caps in Mbit/s, in the panel's own field names; 0 = unlimited. */
export interface ResolvedBandwidth {
  b_download: number;
  b_upload: number;
}

/** A stored option value, or null when the service sets none. */
const option = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/**
 * Resolves the caps of a service.
 * @param tier the service's tier (ServiceContext.tier), which wins over the options
 * @returns the tier's caps, else the option where set (also when 0), else the product's bandwidth default
 */
export function resolveBandwidth(service: Pick<ServiceRecord, 'options'>, config: ProductConfig, tier?: ServiceTier | null): ResolvedBandwidth {
  if (tier) return { b_download: tier.downloadMbps, b_upload: tier.uploadMbps };
  return {
    b_download: option(service.options.b_download) ?? config.bandwidth.download_mbps,
    b_upload: option(service.options.b_upload) ?? config.bandwidth.upload_mbps,
  };
}

/**
 * The caps as the admin pages show them.
 * @returns "Unlimited" when both are 0, else e.g. "Down: 100 Mbit/s · Up: Unlimited"
 */
export function bandwidthText(bw: ResolvedBandwidth): string {
  if (bw.b_download === 0 && bw.b_upload === 0) return 'Unlimited';
  const one = (mbps: number) => (mbps === 0 ? 'Unlimited' : `${mbps} Mbit/s`);
  return `Down: ${one(bw.b_download)} · Up: ${one(bw.b_upload)}`;
}

/**
 * Sends the caps to the panel (endpoint 7); the create call takes none, so this follows every create.
 * @returns the client as the panel holds it afterwards
 */
export function pushBandwidth(panel: PanelClient, name: string, bw: ResolvedBandwidth): Promise<PanelVpnClient> {
  return panel.updateClient(name, { b_download: bw.b_download, b_upload: bw.b_upload });
}
