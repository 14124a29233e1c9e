/**
 * The dashboard's webhook warning, rendered to HTML for its extra blocks: deliveries the queue gave up
 * on (a day of failed tries). Empty when there are none.
 */
import type { Response } from 'express';
import type { Container } from '../../../container.js';

/**
 * Renders views/admin/_webhook-warnings.ejs with the page's locals.
 * @returns the HTML ('' when there is nothing to say)
 */
export async function webhookBlock(c: Container, res: Response): Promise<string> {
  const { failed } = await c.repos.webhookDeliveries.counts();
  if (failed === 0) return '';
  return new Promise((resolve, reject) => {
    res.app.render('admin/_webhook-warnings', { ...res.locals, failed }, (err, html) => (err ? reject(err) : resolve(html)));
  });
}
