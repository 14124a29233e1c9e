/**
 * Repairs several findings, one after another, each with its kind's own repair; an orphan is deleted only
 * when the admin's confirmation names it, and is otherwise left open with the reason. One failing repair
 * never stops the others.
 */
import { AppError } from '../../errors.js';
import type { ReconcileDeps } from './reconcile-deps.js';
import { repairFinding } from './repair-finding.js';

/** One finding's result. */
export interface BulkRepairLine {
  id: number;
  ok: boolean;
  /** false when it was already resolved */
  repaired: boolean;
  error?: string;
}

/**
 * Repairs the findings.
 * @param confirmed the names of the orphans the admin confirmed deleting
 */
export async function repairMany(deps: ReconcileDeps, ids: readonly number[], confirmed: readonly string[]): Promise<BulkRepairLine[]> {
  const lines: BulkRepairLine[] = [];
  const names = new Set(confirmed);
  for (const f of await deps.repos.reconcileFindings.findByIds([...new Set(ids)])) {
    try {
      const outcome = await repairFinding(deps, f.id, f.kind === 'orphan' ? { action: 'delete', confirm: names.has(f.clientName) ? f.clientName : undefined } : {});
      lines.push({ id: f.id, ok: true, repaired: outcome.repaired });
    } catch (err) {
      if (!(err instanceof AppError)) deps.log.error({ err, finding: f.id }, 'bulk repair failed unexpectedly');
      const error = err instanceof AppError ? (err.fields ? Object.values(err.fields).join('; ') : err.message) : 'unexpected error';
      lines.push({ id: f.id, ok: false, repaired: false, error });
    }
  }
  return lines;
}
