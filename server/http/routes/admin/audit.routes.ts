/**
 * The audit log page (/admin/audit): filters by actor, entity, id and action, 100 rows a page.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { actorText, auditFilter, auditFilterSchema } from '../../view-models/audit-view.js';

// the entities that have an admin page of their own
const PAGES = new Set(['clients', 'services', 'servers', 'products', 'server-groups']);
const entityLink = (entity: string, id: string | null) => (id && /^\d+$/.test(id) && PAGES.has(entity) ? `/admin/${entity}/${id}` : null);

/** Builds the /admin/audit router. */
export function auditPages(c: Container): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseOrThrow(auditFilterSchema, req.query);
    const rows = await c.repos.auditLog.list({ ...auditFilter(query), limit: 100 });
    const older = rows.length === 100 ? new URLSearchParams({ ...Object.fromEntries(Object.entries(query).filter(([k, v]) => k !== 'before' && v !== undefined).map(([k, v]) => [k, String(v)])), before: String(rows[rows.length - 1].id) }).toString() : null;
    res.render('admin/audit', {
      title: 'Audit log',
      values: query,
      entities: await c.repos.auditLog.entities(),
      rows: rows.map((r) => ({ ...r, actorText: actorText(r), changesText: r.changes ? JSON.stringify(r.changes) : '', link: entityLink(r.entity, r.entityId) })),
      older,
    });
  });
  return router;
}
