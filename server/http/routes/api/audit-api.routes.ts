/**
 * GET /api/admin/audit?actor=&entity= (admin-api.md "Operations"): every change, newest first, masked.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { auditFilter, auditFilterSchema, auditJson } from '../../view-models/audit-view.js';

/** Builds the audit route of /api/admin. */
export function auditApiRoutes(c: Container): Router {
  const router = Router();
  router.get('/audit', async (req, res) => {
    const rows = await c.repos.auditLog.list(auditFilter(parseOrThrow(auditFilterSchema, req.query)));
    res.json({ items: rows.map(auditJson) });
  });
  return router;
}
