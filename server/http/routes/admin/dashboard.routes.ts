/**
 * The admin dashboard: counts, and the alerts modules raise about products.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { dashboardView } from '../../view-models/dashboard-view.js';
import { staleUsageBlock } from './stale-usage-block.js';
import { mailBlock } from './mail-block.js';
import { quotaPendingBlock } from './quota-pending-block.js';
import { webhookBlock } from './webhook-block.js';
import { reconcileBlock } from './reconcile-block.js';

/** Builds the dashboard route. */
export function dashboardPage(c: Container): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const extraBlocks = [await mailBlock(c, res), await webhookBlock(c, res), await staleUsageBlock(c, res), await quotaPendingBlock(c, res), await reconcileBlock(c, res)];
    res.render('admin/dashboard', { title: 'Dashboard', ...(await dashboardView(c.deps)), extraBlocks });
  });
  return router;
}
