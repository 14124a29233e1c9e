/**
 * Deterministic daily traffic for the fake panel: the same (seed, client, day) always yields the same
 * bytes, so billing tests and demo charts are reproducible without storing history.
 */
import { createHash } from 'node:crypto';

/** One day's bytes as the fake reports them. */
export interface DayTraffic {
  download: number;
  upload: number;
}

const MB = 1024 * 1024;
// Roughly one day in eight without any traffic, like a real user; those days have no row at all.
const IDLE_DAY_ONE_IN = 8;

/**
 * The generated traffic of one client on one day.
 * @param seed the panel's traffic seed
 * @param client the VPN client name
 * @param day YYYY-MM-DD
 * @returns the bytes, or null for an idle day
 */
export function generatedTraffic(seed: string, client: string, day: string): DayTraffic | null {
  const digest = createHash('sha256').update(`${seed}|${client}|${day}`).digest();
  if (digest.readUInt32BE(0) % IDLE_DAY_ONE_IN === 0) return null;
  // 20 MB .. ~3 GB down; upload 5–30 % of download.
  const download = 20 * MB + (digest.readUInt32BE(4) % (3000 * MB));
  const upload = Math.floor((download * (5 + (digest.readUInt32BE(8) % 26))) / 100);
  return { download, upload };
}

/**
 * The days of a calendar month, as YYYY-MM-DD strings.
 * @param year four-digit year
 * @param month 1–12
 * @returns every day of the month in order
 */
export function daysOfMonth(year: number, month: number): string[] {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const prefix = `${year}-${String(month).padStart(2, '0')}-`;
  return Array.from({ length: last }, (_, i) => prefix + String(i + 1).padStart(2, '0'));
}

/**
 * The UTC calendar day of an instant.
 * @param at the instant
 * @returns YYYY-MM-DD
 */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}
