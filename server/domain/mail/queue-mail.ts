/**
 * queueMail: the one way anything sends mail. The mail becomes an outbox row in the transaction of its
 * cause (the change and its mail commit together or not at all); delivery happens later, from the
 * outbox, so a mail server that is down never fails the action that sent the mail.
 */
import type { TransactionDeps } from '../deps.js';
import { readCompanyProfile } from '../settings/company-profile.js';
import { MAIL_SPECS, type MailData, type SentKind } from './mail-kinds.js';

/** A mail to queue. */
export interface MailToQueue<K extends SentKind> {
  kind: K;
  to: string;
  data: MailData[K];
  /** the user it is about (the recipient's account), for the outbox's lists */
  userId?: number | null;
  serviceId?: number | null;
}

/**
 * Queues a mail inside the caller's transaction.
 * @param tx the transaction of the mail's cause (deps.inTransaction)
 * @returns the outbox id of the mail
 */
export async function queueMail<K extends SentKind>(tx: TransactionDeps, mail: MailToQueue<K>): Promise<number> {
  const profile = await readCompanyProfile(tx.repos.settings);
  const spec = MAIL_SPECS[mail.kind];
  return tx.repos.mailOutbox.add({
    kind: mail.kind,
    to: mail.to,
    subject: spec.subject(mail.data, profile.companyName),
    payload: mail.data as unknown as Record<string, unknown>,
    userId: mail.userId,
    serviceId: mail.serviceId,
  });
}

/**
 * Queues many mails inside the caller's transaction, the company profile read once (a month's invoices).
 * @returns how many were queued
 */
export async function queueMails<K extends SentKind>(tx: TransactionDeps, mails: MailToQueue<K>[]): Promise<number> {
  if (mails.length === 0) return 0;
  const profile = await readCompanyProfile(tx.repos.settings);
  return tx.repos.mailOutbox.addMany(
    mails.map((mail) => ({
      kind: mail.kind,
      to: mail.to,
      subject: MAIL_SPECS[mail.kind].subject(mail.data, profile.companyName),
      payload: mail.data as unknown as Record<string, unknown>,
      userId: mail.userId,
      serviceId: mail.serviceId,
    })),
  );
}
