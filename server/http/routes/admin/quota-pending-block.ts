/**
 * The dashboard's warning about quota steps the panels have not taken yet (a throttle, a suspension or a
 * restoration that failed and waits for the next quota run), rendered for the dashboard's extra blocks.
 */
import type { Response } from 'express';
import type { Container } from '../../../container.js';

/**
 * Renders views/admin/services/_quota-pending.ejs with the page's locals.
 * @returns the HTML ('' when nothing is pending)
 */
export async function quotaPendingBlock(c: Container, res: Response): Promise<string> {
  const pending = await c.repos.quotas.pending();
  if (pending.total === 0) return '';
  return new Promise((resolve, reject) => {
    res.app.render('admin/services/_quota-pending', { ...res.locals, pending }, (err, html) => (err ? reject(err) : resolve(html)));
  });
}
