/**
 * The mail part of the composition root: the outbox's sender (the generic delivery worker over the
 * mail_outbox table, with SMTP as its transport and composition at delivery time) and the composer
 * the admin pages use to read a mail. With SMTP_URL empty the sender is off: mails stay queued.
 */
import type { AppConfig } from '../config/load-config.js';
import { createDeliveryWorker, type DeliveryWorker } from '../domain/delivery/delivery-worker.js';
import { retryPolicy } from '../domain/delivery/retry-policy.js';
import type { DomainDeps } from '../domain/deps.js';
import { composeMail, type ComposedMail } from '../domain/mail/compose-mail.js';
import { mailDeliverer, type MailTransport } from '../domain/mail/deliver-mail.js';
import { MAIL_SPECS } from '../domain/mail/mail-kinds.js';
import type { Logger } from '../logger.js';
import type { OutboxMail } from '../repositories/mail-outbox.repository.js';
import { hasTemplates, mailTemplates } from './mail-templates.js';
import { smtpTransport } from './smtp-transport.js';
import type { Translations } from '../i18n/translations.js';
import { defaultLanguage } from '../i18n/choose-language.js';

/** How often the in-process sender looks for due mails. */
export const DELIVERY_INTERVAL_MS = 2000;
/** A claimed mail is another sender's to take after this long (far above a delivery's own timeouts). */
export const MAIL_CLAIM_MS = 2 * 60_000;

/** What the app, the API and main.ts use of mail. */
export interface MailService {
  /** false while SMTP_URL is empty */
  sending: boolean;
  /** the SMTP server's host:port as shown to admins (never its credentials), or null */
  smtpHost: string | null;
  from: string;
  publicUrl: string;
  worker: DeliveryWorker;
  /** composes a mail as it would be sent, its data secrets masked (the admin's view) */
  preview(mail: OutboxMail): Promise<ComposedMail>;
}

/**
 * Builds the mail service.
 * @param transport replaces SMTP (tests of a transport that fails in a given way)
 */
export function buildMailService(parts: { deps: DomainDeps; config: Pick<AppConfig, 'smtpUrl' | 'mailFrom' | 'publicUrl' | 'mailRetrySeconds' | 'env'>; log: Logger; i18n: Translations }, transport?: MailTransport): MailService {
  const { deps, config, log, i18n } = parts;
  const missing = Object.keys(MAIL_SPECS).filter((kind) => !hasTemplates(kind));
  if (missing.length > 0) throw new Error(`mail templates missing for ${missing.join(', ')} (views/mail/<kind>.html.ejs and .text.ejs)`);
  const locales = { locale: (lang: string, ns?: string) => i18n.locale(lang, ns), fallback: () => defaultLanguage(deps.repos.settings) };
  const compose = { deps, templates: mailTemplates(config.env !== 'development'), publicUrl: config.publicUrl, locales };
  const smtp = transport ?? (config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : null);
  const store = deps.repos.mailOutbox;
  const worker = createDeliveryWorker<OutboxMail>({
    store,
    deliver: smtp ? mailDeliverer(compose, smtp) : async () => undefined,
    policy: retryPolicy(config.mailRetrySeconds * 1000),
    clock: deps.clock,
    enabled: () => smtp !== null,
    leaseMs: MAIL_CLAIM_MS,
    onError: (mail, err) => log.warn({ mail: mail.id, kind: (mail as Partial<OutboxMail>).kind, err: (err as Error)?.message }, 'mail delivery failed'),
  });
  const smtpHost = config.smtpUrl ? new URL(config.smtpUrl).host : null;
  return { sending: smtp !== null, smtpHost, from: config.mailFrom, publicUrl: config.publicUrl, worker, preview: (mail) => composeMail(compose, mail, { forAdmin: true }) };
}
