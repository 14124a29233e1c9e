/**
 * /admin/outbox: every mail the portal queued, filtered by status, kind and recipient; a mail opened
 * with its parts (composed as it would be sent, secrets masked); "Retry now" and "Deliver due mails".
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { MAIL_KINDS } from '../../../domain/mail/mail-kinds.js';
import { NotFoundError } from '../../../errors.js';
import { idParam } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import { openedMail, outboxFilter, outboxFilterSchema, outboxJson } from '../../view-models/outbox-view.js';
import { retryMailNow, deliveryNotice } from './outbox-actions.js';

/** Builds the /admin/outbox router. */
export function outboxPages(c: Container): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const parsed = outboxFilterSchema.safeParse(req.query);
    const query = parsed.success ? parsed.data : {};
    const [mails, counts] = await Promise.all([c.repos.mailOutbox.list(outboxFilter(query)), c.repos.mailOutbox.counts()]);
    res.render('admin/outbox/list', { title: 'Outbox', mails: mails.map(outboxJson), counts, query, kinds: MAIL_KINDS, sending: c.mail.sending, smtpHost: c.mail.smtpHost, filterError: parsed.success ? null : 'Unknown filter value: the list is not filtered.' });
  });
  router.post('/deliver', async (req, res) => {
    setNotice(req, deliveryNotice(c, await c.mail.worker.tick()));
    res.redirect('/admin/outbox');
  });
  router.get('/:id', async (req, res) => {
    const mail = await c.repos.mailOutbox.find(idParam(req));
    if (!mail) throw new NotFoundError('No such mail');
    const composed = await c.mail.preview(mail).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    // the opened mail shows a customer's VPN details (masked, but still): never kept by a browser cache
    res.set('Cache-Control', 'no-store');
    res.render('admin/outbox/show', { title: `Mail #${mail.id}`, mail: outboxJson(mail), opened: openedMail(composed), sending: c.mail.sending });
  });
  router.post('/:id/retry', async (req, res) => {
    const id = idParam(req);
    const outcome = await retryMailNow(c, id);
    setNotice(req, outcome.text, outcome.ok ? 'ok' : 'error');
    res.redirect(`/admin/outbox/${id}`);
  });
  return router;
}
