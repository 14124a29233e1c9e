/**
 * Failed-login counters in the database, so the limit holds across several portal instances.
 */
import type { Knex } from 'knex';

export type LoginThrottleRepository = ReturnType<typeof loginThrottleRepository>;

/** Builds the login throttle repository; times are epoch milliseconds. */
export function loginThrottleRepository(db: Knex) {
  return {
    async get(key: string): Promise<{ windowStart: number; failures: number } | null> {
      const row = await db('login_throttle').where({ key }).first();
      return row ? { windowStart: Number(row.window_start), failures: Number(row.failures) } : null;
    },
    async put(key: string, windowStart: number, failures: number): Promise<void> {
      await db('login_throttle')
        .insert({ key, window_start: windowStart, failures })
        .onConflict('key')
        .merge({ window_start: windowStart, failures });
    },
    async clear(key: string): Promise<void> {
      await db('login_throttle').where({ key }).del();
    },
  };
}
