/**
 * The audit log as the API (admin-api.md "Operations") and the page show it, and the filter both take.
 */
import { z } from 'zod';
import type { AuditFilter, AuditRow } from '../../repositories/audit-log.repository.js';

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(254, 'is at most 254 characters').optional(),
  entity: z.string().trim().max(64, 'is at most 64 characters').optional(),
  entity_id: z.string().trim().max(64, 'is at most 64 characters').optional(),
  action: z.string().trim().max(100, 'is at most 100 characters').optional(),
  before: z.coerce.number().int().positive().max(2 ** 53).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** The repository's filter from the parsed query (empty fields filter nothing). */
export function auditFilter(q: z.infer<typeof auditFilterSchema>): AuditFilter {
  return { actor: q.actor || undefined, entity: q.entity || undefined, entityId: q.entity_id || undefined, action: q.action || undefined, beforeId: q.before, limit: q.limit };
}

/** "admin alice@example.com", "token deploy", with "as customer #12" when an admin acted as one. */
export function actorText(row: AuditRow): string {
  return `${row.actor.kind} ${row.actor.label}${row.asUserId === null ? '' : ` (as customer #${row.asUserId})`}`;
}

/** One row in the contract's shape, plus what else the row knows. */
export function auditJson(row: AuditRow) {
  return {
    id: row.id,
    at: row.at,
    actor: actorText(row),
    actor_kind: row.actor.kind,
    actor_id: row.actor.id,
    as_user_id: row.asUserId,
    ip: row.ip,
    action: row.action,
    entity: row.entity,
    entity_id: row.entityId,
    changes: row.changes,
    method: row.method,
    path: row.path,
    status: row.status,
  };
}
