/**
 * The audit log: one row per change an admin or an API token made. Append-only: this module has no
 * update or delete, and nothing else writes the table.
 */
import type { Knex } from 'knex';

/** Who made a change: an admin (signed in) or an API token. */
export interface AuditActor {
  kind: 'admin' | 'token';
  id: number | null;
  /** the admin's email or the token's name at the time */
  label: string;
}

/** A change to record. */
export interface AuditEntry {
  actor: AuditActor;
  /** the customer an admin was signed in as, when the change was made that way */
  asUserId: number | null;
  ip: string;
  method: string;
  path: string;
  status: number;
  action: string;
  entity: string;
  entityId: string | null;
  /** each field that changed: {from?, to}, secrets already masked */
  changes: Record<string, unknown> | null;
}

/** A recorded change, as the page and the API show it. */
export interface AuditRow extends AuditEntry {
  id: number;
  at: string;
}

interface Row {
  id: number | string;
  at: string;
  actor_kind: string;
  actor_id: number | null;
  actor_label: string;
  as_user_id: number | null;
  ip: string;
  method: string;
  path: string;
  status: number;
  action: string;
  entity: string;
  entity_id: string | null;
  changes: string | null;
}

/** What a list may be narrowed to. */
export interface AuditFilter {
  /** part of the actor's email or token name */
  actor?: string;
  entity?: string;
  entityId?: string;
  action?: string;
  limit?: number;
  /** rows older than this id (the next page) */
  beforeId?: number;
}

const TABLE = 'audit_log';

const toRow = (r: Row): AuditRow => ({
  id: Number(r.id),
  at: r.at,
  actor: { kind: r.actor_kind as AuditActor['kind'], id: r.actor_id === null ? null : Number(r.actor_id), label: r.actor_label },
  asUserId: r.as_user_id === null ? null : Number(r.as_user_id),
  ip: r.ip,
  method: r.method,
  path: r.path,
  status: Number(r.status),
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  changes: r.changes ? (JSON.parse(r.changes) as Record<string, unknown>) : null,
});

export type AuditLogRepository = ReturnType<typeof auditLogRepository>;

/** Builds the repository. */
export function auditLogRepository(db: Knex, now: () => string) {
  return {
    async append(e: AuditEntry): Promise<void> {
      await db(TABLE).insert({
        at: now(),
        actor_kind: e.actor.kind,
        actor_id: e.actor.id,
        actor_label: e.actor.label.slice(0, 254),
        as_user_id: e.asUserId,
        ip: e.ip.slice(0, 64),
        method: e.method.slice(0, 8),
        path: e.path.slice(0, 500),
        status: e.status,
        action: e.action.slice(0, 100),
        entity: e.entity.slice(0, 64),
        entity_id: e.entityId?.slice(0, 64) ?? null,
        changes: e.changes ? JSON.stringify(e.changes) : null,
      });
    },
    /** Newest first, at most `limit` (200) rows. */
    async list(filter: AuditFilter = {}): Promise<AuditRow[]> {
      const q = db<Row>(TABLE).orderBy('id', 'desc').limit(Math.min(filter.limit ?? 100, 200));
      if (filter.actor) q.whereRaw('lower(actor_label) like ? escape ?', [`%${filter.actor.trim().toLowerCase().replace(/[%_\\]/g, (m) => `\\${m}`)}%`, '\\']);
      if (filter.entity) q.where({ entity: filter.entity });
      if (filter.entityId) q.where({ entity_id: filter.entityId });
      if (filter.action) q.where({ action: filter.action });
      if (filter.beforeId) q.where('id', '<', filter.beforeId);
      return (await q.select('*')).map(toRow);
    },
    /** The entities that have rows, for the page's filter. */
    async entities(): Promise<string[]> {
      return ((await db(TABLE).distinct('entity').orderBy('entity')) as { entity: string }[]).map((r) => r.entity);
    },
  };
}
