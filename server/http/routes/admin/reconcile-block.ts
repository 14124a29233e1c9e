/**
 * The dashboard's count of open reconciliation findings, rendered for its extra blocks (empty when there
 * are none).
 */
import type { Response } from 'express';
import type { Container } from '../../../container.js';

/**
 * Renders views/admin/reconcile/_dashboard.ejs with the page's locals.
 * @returns the HTML ('' when nothing is open)
 */
export async function reconcileBlock(c: Container, res: Response): Promise<string> {
  const counts = await c.repos.reconcileFindings.countOpen();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total === 0) return '';
  return new Promise((resolve, reject) => {
    res.app.render('admin/reconcile/_dashboard', { ...res.locals, counts, total }, (err, html) => (err ? reject(err) : resolve(html)));
  });
}
