/**
 * Installation-wide values: the ones the portal generates once (the session secret) and the ones admins
 * set (the company profile). Values are text; structured ones are JSON.
 */
import type { Knex } from 'knex';

export type SettingsRepository = ReturnType<typeof settingsRepository>;

/** Builds the settings repository. */
export function settingsRepository(db: Knex) {
  return {
    async get(key: string): Promise<string | null> {
      const row = await db('settings').where({ key }).first('value');
      return row ? (row.value as string) : null;
    },
    /** Stores a value unless one exists; returns the value that won (safe when instances start together). */
    async getOrCreate(key: string, create: () => string): Promise<string> {
      await db('settings').insert({ key, value: create() }).onConflict('key').ignore();
      return (await this.get(key)) as string;
    },
    /** Stores a value, replacing the one before. */
    async set(key: string, value: string): Promise<void> {
      await db('settings').insert({ key, value }).onConflict('key').merge(['value']);
    },
  };
}
