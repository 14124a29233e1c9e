/**
 * Speed presets: the tiers a customer may choose for download and upload (reference-module §3, "Create
 * speed presets"), kept in the plugin's own table puqvpncp_speed_presets. Creating them is idempotent: only
 * missing tiers are added, existing ones stay as they are.
 */
import type { PluginTables } from '../../../../server/plugins/plugin-api.js';

/** The tiers of the original module, in Mbit/s; 0 = unlimited. */
export const SPEED_TIERS = [0, 10, 25, 50, 100, 250, 500, 1000] as const;

const OPTIONS = ['b_download', 'b_upload'] as const;

/** One speed tier a customer may choose for a product's service option (0 = unlimited). */
export interface SpeedPreset {
  option: (typeof OPTIONS)[number];
  mbps: number;
  /** what the customer sees, e.g. "Unlimited" or "100 Mbit/s" */
  label: string;
}

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

/** The presets table. */
export interface SpeedPresets {
  /** the presets of a product, per option from the lowest tier up */
  forProduct(productId: number): Promise<SpeedPreset[]>;
  /** adds the presets a product lacks, keeping existing ones and their labels; resolves to how many were added */
  addMissing(productId: number, presets: SpeedPreset[]): Promise<number>;
  /** removes every preset of a product (before the product is deleted) */
  removeForProduct(productId: number): Promise<void>;
}

interface PresetRow {
  option_name: string;
  mbps: number;
  label: string;
}

/** The presets over the plugin's tables. */
export function speedPresets(tables: PluginTables, clock: () => Date): SpeedPresets {
  return {
    async forProduct(productId) {
      const rows: PresetRow[] = await tables.table('speed_presets').where({ product_id: productId }).orderBy([{ column: 'option_name' }, { column: 'mbps' }]).select('option_name', 'mbps', 'label');
      return rows.map((r) => ({ option: r.option_name as SpeedPreset['option'], mbps: Number(r.mbps), label: r.label }));
    },
    async removeForProduct(productId) {
      await tables.table('speed_presets').where({ product_id: productId }).delete();
    },
    // one transaction; concurrent callers never duplicate a tier (the primary key)
    async addMissing(productId, presets) {
      if (presets.length === 0) return 0;
      return tables.transaction(async (t) => {
        const existing = new Set((await t.table('speed_presets').where({ product_id: productId }).select('option_name', 'mbps')).map((r: PresetRow) => `${r.option_name}/${Number(r.mbps)}`));
        const ts = clock().toISOString();
        const rows = presets
          .filter((p, i) => !existing.has(`${p.option}/${p.mbps}`) && presets.findIndex((q) => q.option === p.option && q.mbps === p.mbps) === i)
          .map((p) => ({ product_id: productId, option_name: p.option, mbps: p.mbps, label: p.label, created_at: ts }));
        if (rows.length > 0) await t.table('speed_presets').insert(rows).onConflict(['product_id', 'option_name', 'mbps']).ignore();
        return rows.length;
      });
    },
  };
}

/**
 * Adds the tiers the product lacks.
 * @returns the result line shown to the admin
 */
export async function createSpeedPresets(presets: SpeedPresets, productId: number): Promise<string> {
  const added = await presets.addMissing(productId, speedPresetTiers());
  const tiers = SPEED_TIERS.map((t) => (t === 0 ? 'Unlimited' : String(t))).join(', ');
  if (added === 0) return `Nothing to add: all ${speedPresetTiers().length} speed presets already exist.`;
  return `Done: ${added} speed preset(s) added; download and upload each offer ${tiers} (Mbit/s).`;
}
