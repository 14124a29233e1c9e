/**
 * Speed presets: the tiers a customer may choose for download and upload (reference-module §3, "Create
 * speed presets"). Creating them is idempotent: only missing tiers are added, existing ones stay as they are.
 */
import type { HostData, SpeedPreset } from '../../../../server/plugins/plugin-api.js';

/** The tiers of the original module, in Mbit/s; 0 = unlimited. */
export const SPEED_TIERS = [0, 10, 25, 50, 100, 250, 500, 1000] as const;

const OPTIONS = ['b_download', 'b_upload'] as const;

/** Whether a product has its presets, for the section's status badge. */
export interface SpeedPresetStatus {
  state: 'none' | 'partial' | 'complete';
  text: string;
}

/** Every preset the button creates: each tier for download and for upload. */
export function speedPresetTiers(): SpeedPreset[] {
  return OPTIONS.flatMap((option) => SPEED_TIERS.map((mbps) => ({ option, mbps, label: mbps === 0 ? 'Unlimited' : `${mbps} Mbit/s` })));
}

/** How many of the tiers a product has. */
export function speedPresetStatus(existing: readonly SpeedPreset[]): SpeedPresetStatus {
  const have = new Set(existing.map((p) => `${p.option}/${p.mbps}`));
  const tiers = speedPresetTiers();
  const present = tiers.filter((t) => have.has(`${t.option}/${t.mbps}`)).length;
  if (present === 0) return { state: 'none', text: 'Not created yet' };
  if (present < tiers.length) return { state: 'partial', text: `Partly created (${present} of ${tiers.length} presets)` };
  return { state: 'complete', text: `Created (${present} of ${tiers.length} presets)` };
}

/**
 * Adds the tiers the product lacks.
 * @returns the result line shown to the admin
 */
export async function createSpeedPresets(data: HostData, productId: number): Promise<string> {
  const added = await data.addSpeedPresets(productId, speedPresetTiers());
  const tiers = SPEED_TIERS.map((t) => (t === 0 ? 'Unlimited' : String(t))).join(', ');
  if (added === 0) return `Nothing to add: all ${speedPresetTiers().length} speed presets already exist.`;
  return `Done: ${added} speed preset(s) added; download and upload each offer ${tiers} (Mbit/s).`;
}
