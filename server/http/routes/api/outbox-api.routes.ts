/**
 * The outbox in the JSON admin API (admin-api.md "Mail"): the list, "deliver every due mail now", one
 * mail, retry, and the welcome email of a service queued again.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { resendWelcomeMail } from '../../../domain/mail/resend-welcome.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { NotFoundError } from '../../../errors.js';
import { idParam } from '../../form.js';
import { openedMail, outboxFilter, outboxFilterSchema, outboxJson } from '../../view-models/outbox-view.js';
import { retryMailNow } from '../admin/outbox-actions.js';

/** Builds the outbox routes of /api/admin. */
export function outboxApiRoutes(c: Container): Router {
  const router = Router();
  router.get('/outbox', async (req, res) => {
    const filter = outboxFilter(parseOrThrow(outboxFilterSchema, req.query));
    res.json({ mails: (await c.repos.mailOutbox.list(filter)).map(outboxJson) });
  });
  router.post('/outbox/deliver', async (_req, res) => {
    const r = await c.mail.worker.tick();
    res.json({ sent: r.sent, failed: r.failed, queued: r.queued });
  });
  router.get('/outbox/:id', async (req, res) => {
    const mail = await c.repos.mailOutbox.find(idParam(req));
    if (!mail) throw new NotFoundError('No such mail');
    const opened = openedMail(await c.mail.preview(mail).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))));
    res.json({ ...outboxJson(mail), contents: opened });
  });
  router.post('/outbox/:id/retry', async (req, res) => {
    const outcome = await retryMailNow(c, idParam(req));
    const mail = await c.repos.mailOutbox.find(idParam(req));
    res.json({ message: outcome.text, mail: mail ? outboxJson(mail) : null });
  });
  router.post('/services/:id/welcome-email', async (req, res) => {
    res.status(202).json({ mail_id: await resendWelcomeMail(c.deps, idParam(req)) });
  });
  return router;
}
