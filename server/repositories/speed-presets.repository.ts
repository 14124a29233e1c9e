/**
 * Speed presets of products: the tiers a customer may pick for the b_download / b_upload options.
 */
import type { Knex } from 'knex';
import type { SpeedPreset } from '../plugins/plugin-api.js';

interface PresetRow {
  option_name: string;
  mbps: number;
  label: string;
}

/** The speed presets repository built over one knex instance. */
export type SpeedPresetsRepository = ReturnType<typeof speedPresetsRepository>;

/** Builds the speed presets repository. */
export function speedPresetsRepository(db: Knex, now: () => string) {
  return {
    async forProduct(productId: number): Promise<SpeedPreset[]> {
      const rows: PresetRow[] = await db('product_speed_presets').where({ product_id: productId }).orderBy([{ column: 'option_name' }, { column: 'mbps' }]).select('option_name', 'mbps', 'label');
      return rows.map((r) => ({ option: r.option_name as SpeedPreset['option'], mbps: Number(r.mbps), label: r.label }));
    },
    /** Inserts the missing presets in one transaction; concurrent callers never duplicate a tier (the primary key). */
    async addMissing(productId: number, presets: SpeedPreset[]): Promise<number> {
      if (presets.length === 0) return 0;
      return db.transaction(async (trx) => {
        const existing = new Set((await trx('product_speed_presets').where({ product_id: productId }).select('option_name', 'mbps')).map((r: PresetRow) => `${r.option_name}/${Number(r.mbps)}`));
        const ts = now();
        const rows = presets
          .filter((p, i) => !existing.has(`${p.option}/${p.mbps}`) && presets.findIndex((q) => q.option === p.option && q.mbps === p.mbps) === i)
          .map((p) => ({ product_id: productId, option_name: p.option, mbps: p.mbps, label: p.label, created_at: ts }));
        if (rows.length > 0) await trx('product_speed_presets').insert(rows).onConflict(['product_id', 'option_name', 'mbps']).ignore();
        return rows.length;
      });
    },
  };
}
