/**
 * Stores what one comparison found, in one transaction per server: a difference seen again keeps its
 * first-seen time and gets a new last-seen time, a new one is inserted, and an open finding the
 * comparison judged but no longer found is resolved as gone. Findings of names it did not judge (an
 * incomplete list, an action in flight) are left exactly as they were.
 */
import type { DomainDeps } from '../deps.js';
import type { Comparison } from './compare-server.js';
import { openKey, type Finding } from './finding-kinds.js';

/**
 * Records one server's comparison.
 * @returns the findings of this comparison as stored, and how many earlier ones it resolved
 */
export async function recordFindings(deps: DomainDeps, serverId: number, comparison: Comparison): Promise<{ findings: Finding[]; resolved: number }> {
  return deps.inTransaction(async ({ repos }) => {
    const open = new Map((await repos.reconcileFindings.listOpen({ serverId })).map((f) => [openKey(f), f]));
    const findings: Finding[] = [];
    for (const detected of comparison.findings) {
      const key = openKey(detected);
      const known = open.get(key);
      open.delete(key);
      findings.push(known ? await repos.reconcileFindings.touch(known.id, detected) : await repos.reconcileFindings.insert(detected));
    }
    const gone = [...open.values()].filter((f) => comparison.judged(f.clientName)).map((f) => f.id);
    await repos.reconcileFindings.resolve(gone, 'gone');
    return { findings, resolved: gone.length };
  });
}
