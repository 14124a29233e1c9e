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
