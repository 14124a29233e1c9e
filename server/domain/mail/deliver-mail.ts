/**
 * Delivering one outbox mail: composed now, then handed to the transport. This is the mail outbox's
 * `deliver` for the generic delivery worker; whatever throws here is a failed try the worker retries.
 */
import type { OutboxMail } from '../../repositories/mail-outbox.repository.js';
import { composeMail, type ComposeDeps, type MailAttachment } from './compose-mail.js';

/** A mail as the transport sends it. */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
}

/** Where mails go (SMTP in the portal); throws PermanentDeliveryError for a refusal that waiting cannot fix. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
}

/** Builds the deliver function of the mail outbox. */
export function mailDeliverer(c: ComposeDeps, transport: MailTransport): (mail: OutboxMail) => Promise<void> {
  return async (mail) => {
    const composed = await composeMail(c, mail);
    await transport.send({ to: mail.to, ...composed });
  };
}
