/**
 * The audit trail at the router level: every state-changing request of an admin (pages under /admin,
 * plugin admin pages), of an API token (/api/admin) and of an admin signed in as a customer is recorded
 * once it has succeeded (status below 400), before its answer leaves, so the row exists when the caller
 * reads the answer. A route added anywhere is covered without doing anything; a handler may enrich its
 * row with noteAudit (before/after, the entity, a clearer action).
 */
import type { Request, RequestHandler, Response } from 'express';
import { diffChanges, maskChanges, sentChanges } from '../../domain/audit/audit-changes.js';
import type { Logger } from '../../logger.js';
import type { AuditActor, AuditLogRepository } from '../../repositories/audit-log.repository.js';
import { maskText } from '../../security/mask-secrets.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SINGLETONS = new Set(['settings', 'account']);

/** What a handler may add to its request's audit row. */
export interface AuditNote {
  action?: string;
  entity?: string;
  entityId?: string | number | null;
  /** the entity before and after the change: the row records the fields that differ */
  before?: unknown;
  after?: unknown;
  /** changes stated directly ({field: {from?, to}}), masked like the others */
  changes?: Record<string, unknown>;
  /** a request that changed nothing after all: no row */
  skip?: boolean;
}

/** Who a request acts as, for the trail; null = not audited. */
export interface AuditSubject {
  actor: AuditActor;
  asUserId: number | null;
}

const NOTE = Symbol('auditNote');
type WithNote = Response & { [NOTE]?: AuditNote; [CAPTURED]?: unknown };
const CAPTURED = Symbol('auditAnswer');

/** Adds to (or overrides parts of) the audit row of this request. */
export function noteAudit(res: Response, note: AuditNote): void {
  const r = res as WithNote;
  r[NOTE] = { ...r[NOTE], ...note };
}

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * The entity, id and action a path names: /admin/services/5/actions/suspend is services #5,
 * "actions.suspend"; POST /api/admin/clients is clients, "create"; a plugin's page (admin or customer)
 * is its resource, the action prefixed with the plugin's id.
 */
export function describePath(method: string, path: string): { entity: string; entityId: string | null; action: string } {
  const segments = path
    .replace(/^\/api\/admin(?=\/|$)/, '')
    .replace(/^\/(?:admin|client)\/plugins\/([^/]+)(?=\/|$)/, '/$1')
    .replace(/^\/admin(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeSegment);
  const plugin = /^\/(?:admin|client)\/plugins\/([^/]+)/.exec(path)?.[1];
  if (plugin) segments.shift();
  const entity = segments[0] ?? 'portal';
  const hasId = /^\d+$/.test(segments[1] ?? '');
  const rest = segments.slice(hasId ? 2 : 1);
  // a POST to a collection creates; to one thing, or to a singleton area (the settings, one's account), it updates
  const verb = method === 'DELETE' ? 'delete' : method === 'POST' && !hasId && !SINGLETONS.has(entity) ? 'create' : 'update';
  const action = rest.length > 0 ? rest.join('.') : verb;
  return { entity, entityId: hasId ? segments[1] : null, action: plugin ? `${plugin}.${action}` : action };
}

/** An id the answer names: a JSON body's `id`, or the last number of a redirect's path. */
function answeredId(res: WithNote): string | null {
  const body = res[CAPTURED] as { id?: unknown } | undefined;
  if (body && (typeof body.id === 'number' || typeof body.id === 'string')) return String(body.id);
  const location = res.get('location');
  const m = location ? /\/(\d+)(?:[/?#]|$)/.exec(location) : null;
  return m ? m[1] : null;
}

/**
 * Builds the middleware.
 * @param subject who the request acts as (null: not recorded), read before the handler runs
 */
export function auditTrail(repo: AuditLogRepository, log: Logger, subject: (req: Request, res: Response) => AuditSubject | null): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    // who it is, as the request arrived: a sign-in or a switch back from a customer changes it on the way
    const who = subject(req, res);
    if (!who) return next();
    const r = res as WithNote;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      r[CAPTURED] = body;
      return json(body);
    };
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let done = false;
    res.end = ((...args: unknown[]) => {
      if (done) return end(...args);
      done = true;
      const note = r[NOTE] ?? {};
      if (res.statusCode >= 400 || note.skip) return end(...args);
      // a path may carry a token (a link's): masked like everything the portal stores as a log
      const path = maskText(req.originalUrl.split('?')[0]);
      const described = describePath(req.method, path);
      const changes = note.changes ? maskChanges(note.changes) : note.before !== undefined || note.after !== undefined ? diffChanges(note.before, note.after) : sentChanges(req.body);
      const entityId = note.entityId !== undefined ? (note.entityId === null ? null : String(note.entityId)) : (described.entityId ?? (described.action === 'create' ? answeredId(r) : null));
      repo
        .append({
          actor: who.actor,
          asUserId: who.asUserId,
          ip: req.ip ?? '',
          method: req.method,
          path,
          status: res.statusCode,
          action: note.action ?? described.action,
          entity: note.entity ?? described.entity,
          entityId,
          changes,
        })
        .catch((err: unknown) => log.error({ err, path }, 'audit row not written'))
        .finally(() => end(...args));
      return res;
    }) as Response['end'];
    next();
  };
}
