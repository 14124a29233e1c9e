/**
 * What "Retry now" and "Deliver due mails" do, for the outbox page and the API alike.
 */
import type { Container } from '../../../container.js';
import type { TickResult } from '../../../domain/delivery/delivery-worker.js';
import { NotFoundError } from '../../../errors.js';

/** A delivery run in one sentence. */
export function deliveryNotice(c: Container, r: TickResult): string {
  if (!c.mail.sending) return `SMTP_URL is not set: nothing was sent; ${r.queued} mail${r.queued === 1 ? '' : 's'} stay${r.queued === 1 ? 's' : ''} queued.`;
  return `Sent ${r.sent}, failed ${r.failed}, still queued ${r.queued}.`;
}

/**
 * Makes a queued or failed mail due now and runs the delivery.
 * @returns the mail's state afterwards, in one sentence
 * @throws NotFoundError for an unknown mail
 */
export async function retryMailNow(c: Container, id: number): Promise<{ ok: boolean; text: string }> {
  const mail = await c.repos.mailOutbox.find(id);
  if (!mail) throw new NotFoundError('No such mail');
  if (!(await c.repos.mailOutbox.retryNow(id, c.clock().getTime()))) return { ok: false, text: `Mail #${id} was already sent.` };
  if (!c.mail.sending) return { ok: false, text: `Mail #${id} is queued again, but SMTP_URL is not set: it is not sent.` };
  await c.mail.worker.tick();
  const after = await c.repos.mailOutbox.find(id);
  if (after?.status === 'sent') return { ok: true, text: `Mail #${id} was sent.` };
  return { ok: false, text: `Mail #${id} was not sent: ${after?.lastError ?? 'unknown reason'}` };
}
