/**
 * The dashboard's warning about metered services whose usage is older than 36 hours, rendered to HTML
 * for the dashboard's extra blocks (empty when every metered service was read recently).
 */
import type { Response } from 'express';
import type { Container } from '../../../container.js';
import { staleUsage } from '../../../domain/billing/stale-usage.js';

/**
 * Renders views/admin/billing/_stale-usage.ejs with the page's locals.
 * @returns the HTML ('' when nothing is stale)
 */
export async function staleUsageBlock(c: Container, res: Response): Promise<string> {
  const stale = await staleUsage(c.billing, c.clock());
  if (stale.total === 0) return '';
  return new Promise((resolve, reject) => {
    res.app.render('admin/billing/_stale-usage', { ...res.locals, stale }, (err, html) => (err ? reject(err) : resolve(html)));
  });
}
