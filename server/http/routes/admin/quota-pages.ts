/**
 * The admin's quota form on the service page: a top-up for this month (the history and the state are
 * drawn by the page itself).
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { topUpQuota } from '../../../domain/quota/top-up-quota.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { AppError } from '../../../errors.js';
import { idParam } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import { topUpSchema } from '../../schemas/quota.schema.js';

/** The quota routes under /admin/services. */
export function quotaServicePages(c: Container): Router {
  const router = Router();
  router.post('/:id/quota/top-up', async (req, res) => {
    const id = idParam(req);
    try {
      const { gb } = parseOrThrow(topUpSchema, { gb: (req.body as Record<string, unknown>)?.gb });
      const { outcome } = await topUpQuota(c.billing, id, gb);
      const lifted = outcome.restored ? ' The limit is lifted.' : '';
      const pending = outcome.pendingError ? ` The panel did not take the change yet (${outcome.pendingError}); the next quota run retries it.` : '';
      setNotice(req, `Added ${gb} GB for this month.${lifted}${pending}`, outcome.pendingError ? 'error' : 'ok');
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404) throw err;
      const detail = err.fields ? Object.entries(err.fields).map(([k, v]) => `${k}: ${v}`).join('; ') : err.message;
      setNotice(req, `Top-up not added: ${detail}`, 'error');
    }
    res.redirect(`/admin/services/${id}#quota`);
  });
  return router;
}
