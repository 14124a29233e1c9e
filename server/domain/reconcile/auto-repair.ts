/**
 * Which kinds a reconciliation run repairs by itself (each with its kind's own repair, an orphan being
 * deleted). Off for every kind until an admin turns it on; stored as one settings value.
 */
import type { Repositories } from '../deps.js';
import { FINDING_KINDS, type FindingKind } from './finding-kinds.js';

const SETTING = 'reconcile_auto_repair';

export type AutoRepair = Record<FindingKind, boolean>;

/** The stored choice; a kind never set is off. */
export async function readAutoRepair(repos: Pick<Repositories, 'settings'>): Promise<AutoRepair> {
  const text = await repos.settings.get(SETTING);
  const stored = (text ? JSON.parse(text) : {}) as Partial<Record<string, unknown>>;
  return Object.fromEntries(FINDING_KINDS.map((k) => [k, stored[k] === true])) as AutoRepair;
}

/** Stores the choice; kinds left out are off. */
export async function saveAutoRepair(repos: Pick<Repositories, 'settings'>, choice: Partial<AutoRepair>): Promise<AutoRepair> {
  const value = Object.fromEntries(FINDING_KINDS.map((k) => [k, choice[k] === true])) as AutoRepair;
  await repos.settings.set(SETTING, JSON.stringify(value));
  return value;
}
