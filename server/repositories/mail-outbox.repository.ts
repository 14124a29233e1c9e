/**
 * The mail outbox: one row per mail (kind, recipient, subject and what it is composed from), delivered
 * through the generic queue (delivery-queue.ts). The payload is encrypted at rest with APP_KEY: it may
 * carry a reset link until the mail is composed and sent.
 */
import type { Knex } from 'knex';
import type { SecretBox } from '../security/secret-box.js';
import { deliveryQueue, deliveryStateOf, type DeliveryColumns, type DeliveryCounts, type DeliveryState, type DeliveryStatus } from './delivery-queue.js';

interface OutboxRow extends DeliveryColumns {
  kind: string;
  to_address: string;
  subject: string;
  payload_enc: string;
  user_id: number | null;
  service_id: number | null;
}

/** A mail as the outbox holds it. */
export interface OutboxMail extends DeliveryState {
  id: number;
  kind: string;
  to: string;
  subject: string;
  /** what the mail's template is composed from */
  payload: Record<string, unknown>;
  userId: number | null;
  serviceId: number | null;
}

/** A new mail. */
export interface NewOutboxMail {
  kind: string;
  to: string;
  subject: string;
  payload: Record<string, unknown>;
  userId?: number | null;
  serviceId?: number | null;
}

/** What the outbox list can be narrowed to. */
export interface OutboxFilter {
  to?: string;
  kind?: string;
  status?: DeliveryStatus;
  limit?: number;
}

const TABLE = 'mail_outbox';

export type MailOutboxRepository = ReturnType<typeof mailOutboxRepository>;

/**
 * Builds the outbox over a knex instance or a transaction (a mail is queued in its cause's transaction).
 * @param now epoch milliseconds of the portal's clock
 */
export function mailOutboxRepository(db: Knex, box: SecretBox, now: () => number) {
  const queue = deliveryQueue<OutboxRow>(db, TABLE);
  const toMail = (r: OutboxRow): OutboxMail => ({
    id: Number(r.id),
    kind: r.kind,
    to: r.to_address,
    subject: r.subject,
    payload: JSON.parse(box.decrypt(r.payload_enc)) as Record<string, unknown>,
    userId: r.user_id === null ? null : Number(r.user_id),
    serviceId: r.service_id === null ? null : Number(r.service_id),
    ...deliveryStateOf(r),
  });
  return {
    /** Queues a mail, due at once; returns its id. */
    async add(mail: NewOutboxMail): Promise<number> {
      const [row] = await db(TABLE)
        .insert({
          kind: mail.kind,
          to_address: mail.to.trim().toLowerCase(),
          subject: mail.subject.slice(0, 300),
          payload_enc: box.encrypt(JSON.stringify(mail.payload)),
          user_id: mail.userId ?? null,
          service_id: mail.serviceId ?? null,
          ...queue.queuedColumns(now()),
        })
        .returning('id');
      return Number(typeof row === 'object' ? (row as { id: number }).id : row);
    },
    /** Adds many mails in a few statements (a month's invoice mails); resolves how many. */
    async addMany(mails: NewOutboxMail[]): Promise<number> {
      const at = now();
      const rows = mails.map((mail) => ({
        kind: mail.kind,
        to_address: mail.to.trim().toLowerCase(),
        subject: mail.subject.slice(0, 300),
        payload_enc: box.encrypt(JSON.stringify(mail.payload)),
        user_id: mail.userId ?? null,
        service_id: mail.serviceId ?? null,
        ...queue.queuedColumns(at),
      }));
      // SQLite takes at most 500 rows in one multi-row insert
      for (let i = 0; i < rows.length; i += 200) await db(TABLE).insert(rows.slice(i, i + 200));
      return rows.length;
    },
    async find(id: number): Promise<OutboxMail | null> {
      const row = await db<OutboxRow>(TABLE).where({ id }).first();
      return row ? toMail(row) : null;
    },
    /** Newest first; `to` matches part of the address, case-insensitively. */
    async list(filter: OutboxFilter = {}): Promise<OutboxMail[]> {
      const q = db<OutboxRow>(TABLE).orderBy('id', 'desc').limit(Math.min(filter.limit ?? 200, 1000));
      // the typed text literally: % and _ in it are no wildcards
      if (filter.to) q.whereRaw('to_address like ? escape ?', [`%${filter.to.trim().toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`, '\\']);
      if (filter.kind) q.where({ kind: filter.kind });
      if (filter.status) q.where({ status: filter.status });
      return (await q).map(toMail);
    },
    async claimDue(at: number, limit: number, leaseMs: number, token: string): Promise<OutboxMail[]> {
      return (await queue.claimDue(at, limit, leaseMs, token)).map(toMail);
    },
    markSent: queue.markSent,
    markFailedTry: queue.markFailedTry,
    retryNow: queue.retryNow,
    queuedCount: queue.queuedCount,
    counts: (): Promise<DeliveryCounts> => queue.counts(),
    /** The subject a mail was finally sent with (composition may refine the queued one). */
    async setSubject(id: number, subject: string): Promise<void> {
      await db(TABLE).where({ id }).update({ subject: subject.slice(0, 300) });
    },
  };
}
