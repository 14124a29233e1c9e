/**
 * The mail transport over SMTP_URL, with nodemailer (the maintained standard; no SMTP of our own). Every
 * step has a timeout, so a mail server that accepts a connection and then says nothing costs one try,
 * never a hung sender. A recipient the server refuses for good (5xx to RCPT TO) fails the mail at once;
 * everything else (refused connection, timeout, 4xx, a login refused) is tried again later.
 */
import nodemailer from 'nodemailer';
import { PermanentDeliveryError } from '../domain/delivery/delivery-worker.js';
import type { MailTransport, OutgoingMail } from '../domain/mail/deliver-mail.js';
import { knownSecrets, maskText } from '../security/mask-secrets.js';

/** How long each SMTP step may take, in milliseconds. */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, dnsTimeout: 10_000 };

interface SmtpError {
  code?: string;
  command?: string;
  responseCode?: number;
  message?: string;
}

/**
 * Builds the transport.
 * @param url SMTP_URL (smtp:// or smtps://, credentials in the userinfo)
 * @param from MAIL_FROM
 */
export function smtpTransport(url: string, from: string): MailTransport {
  const password = decodeURIComponent(new URL(url).password || '');
  // the SMTP password is masked wherever an error or a log line would quote it
  knownSecrets.add(password);
  const transport = nodemailer.createTransport({ url, ...SMTP_TIMEOUTS, disableFileAccess: true, disableUrlAccess: true });
  return {
    async send(mail: OutgoingMail) {
      try {
        await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          attachments: mail.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType, cid: a.cid })),
        });
      } catch (err) {
        const e = err as SmtpError;
        const why = maskText(`${e.code ?? 'error'}${e.responseCode ? ` ${e.responseCode}` : ''}: ${e.message ?? String(err)}`);
        if (e.command === 'RCPT TO' && e.responseCode !== undefined && e.responseCode >= 550 && e.responseCode <= 553) throw new PermanentDeliveryError(`the mail server refused the recipient (${why})`);
        throw new Error(`SMTP ${why}`, { cause: err });
      }
    },
  };
}
