/**
 * The outbox as admins read it (the page and GET /api/admin/outbox): the contract's fields, the filters
 * the list accepts, and one mail opened with its parts, every secret in it masked.
 */
import { z } from 'zod';
import { MAIL_KINDS } from '../../domain/mail/mail-kinds.js';
import type { ComposedMail } from '../../domain/mail/compose-mail.js';
import type { OutboxFilter, OutboxMail } from '../../repositories/mail-outbox.repository.js';
import { maskText } from '../../security/mask-secrets.js';

/** The list's filters, from a query string (?to=&kind=&status=). */
export const outboxFilterSchema = z.object({
  to: z.string().trim().max(254, 'is at most 254 characters').optional(),
  kind: z.union([z.literal(''), z.enum(MAIL_KINDS, `must be one of ${MAIL_KINDS.join(', ')}`)]).optional(),
  status: z.union([z.literal(''), z.enum(['queued', 'sent', 'failed'], 'must be queued, sent or failed')]).optional(),
});

/** The filter for the repository (empty values = no filter). */
export function outboxFilter(query: z.infer<typeof outboxFilterSchema>): OutboxFilter {
  return { to: query.to || undefined, kind: query.kind || undefined, status: query.status || undefined };
}

/** One mail in the contract's shape (admin-api.md "Mail"). */
export function outboxJson(m: OutboxMail) {
  return { id: m.id, kind: m.kind, to: m.to, subject: m.subject, status: m.status, attempts: m.attempts, last_error: m.lastError, created_at: m.createdAt, sent_at: m.sentAt, next_attempt_at: m.status === 'queued' ? new Date(m.nextAttemptAt).toISOString() : null };
}

/** A mail opened by an admin: its bodies and parts, masked; or why it cannot be composed now. */
export type OpenedMail =
  | { ok: true; html: string; text: string; attachments: { filename: string; contentType: string; bytes: number; inline: boolean }[] }
  | { ok: false; reason: string };

/** The opened form of a composed mail (or of the reason it could not be composed). */
export function openedMail(result: ComposedMail | Error): OpenedMail {
  if (result instanceof Error) return { ok: false, reason: maskText(result.message) };
  return {
    ok: true,
    html: maskText(result.html),
    text: maskText(result.text),
    attachments: result.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, bytes: a.content.length, inline: Boolean(a.cid) })),
  };
}
