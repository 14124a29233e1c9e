/**
 * Turns an outbox row into the mail that is sent: its kind's templates rendered with the installation's
 * branding, links made absolute with PUBLIC_URL, and for the welcome email the contents the service's
 * module provides, read now (at delivery), so a panel that is down leaves the mail queued for its next
 * try. The same composition shows an admin what a mail says, its secrets masked.
 */
import { PermanentDeliveryError } from '../delivery/delivery-worker.js';
import type { DomainDeps } from '../deps.js';
import { buildServiceContext } from '../services/service-context.js';
import { readCompanyProfile, supportContact } from '../settings/company-profile.js';
import type { OutboxMail } from '../../repositories/mail-outbox.repository.js';
import { formatMinor } from '../billing/money.js';
import { invoicePdf } from '../billing/invoice-pdf.js';
import { MAIL_SPECS, isSentKind, type InvoiceIssuedMailData, type WelcomeMailData } from './mail-kinds.js';

/** A part of the mail besides its bodies; `cid` makes it an inline image. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  cid?: string;
}

/** A mail ready for the transport. */
export interface ComposedMail {
  subject: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
}

/** Renders a kind's pair of templates. */
export interface MailTemplates {
  render(kind: string, locals: Record<string, unknown>): Promise<{ html: string; text: string }>;
}

/** What composing needs. */
export interface ComposeDeps {
  deps: DomainDeps;
  templates: MailTemplates;
  /** PUBLIC_URL, without a trailing slash */
  publicUrl: string;
}

/** What replaces a mail's secrets when an admin reads it. */
export const HIDDEN = '••••••';

/**
 * Composes a mail.
 * @param options.forAdmin the secrets of its data (reset tokens) are replaced with HIDDEN
 * @throws PermanentDeliveryError when the mail can no longer be sent (its service ended, an unknown kind);
 *   a module's errors when its contents cannot be read now
 */
export async function composeMail(c: ComposeDeps, mail: OutboxMail, options: { forAdmin?: boolean } = {}): Promise<ComposedMail> {
  if (!isSentKind(mail.kind)) throw new PermanentDeliveryError(`the portal has no template for mails of kind ${mail.kind}`);
  const data: Record<string, unknown> = { ...mail.payload };
  if (options.forAdmin) for (const key of MAIL_SPECS[mail.kind].secretKeys) if (key in data) data[key] = HIDDEN;
  const profile = await readCompanyProfile(c.deps.repos.settings);
  const brand = { ...profile, support: supportContact(profile) };
  const base = { brand, publicUrl: c.publicUrl, subject: mail.subject, to: mail.to, data, links: linksOf(c.publicUrl, mail.kind, data), money: formatMinor };
  if (mail.kind === 'invoice_issued') return invoiceIssued(c, mail.subject, base, data as unknown as InvoiceIssuedMailData);
  if (mail.kind !== 'welcome') {
    const bodies = await c.templates.render(mail.kind, base);
    return { subject: mail.subject, ...bodies, attachments: [] };
  }
  const { content, attachments } = await welcomeContent(c.deps, data as unknown as WelcomeMailData);
  const bodies = await c.templates.render('welcome', { ...base, content });
  return { subject: mail.subject, ...bodies, attachments };
}

/** The absolute links a kind's templates show. */
function linksOf(publicUrl: string, kind: string, data: Record<string, unknown>): Record<string, string> {
  const links: Record<string, string> = { portal: `${publicUrl}/` };
  if (kind === 'password_reset') {
    const admin = data.role === 'admin';
    links.reset = `${publicUrl}${admin ? '/admin' : ''}/reset/${String(data.token)}`;
    links.forgot = `${publicUrl}${admin ? '/admin' : ''}/forgot`;
  }
  if (kind === 'admin_invite') links.invite = `${publicUrl}/admin/invite/${String(data.token)}`;
  if (kind === 'email_change') links.confirm = `${publicUrl}/account/email/${String(data.token)}`;
  if (typeof data.serviceId === 'number') links.service = `${publicUrl}/services/${data.serviceId}`;
  if (typeof data.invoiceId === 'number') links.invoice = `${publicUrl}/invoices/${data.invoiceId}`;
  return links;
}

/** The invoice_issued mail: the invoice as it stands now, its PDF attached. */
async function invoiceIssued(c: ComposeDeps, subject: string, base: Record<string, unknown>, data: InvoiceIssuedMailData): Promise<ComposedMail> {
  const invoice = await c.deps.repos.invoices.findById(data.invoiceId);
  if (!invoice) throw new PermanentDeliveryError(`invoice #${data.invoiceId} no longer exists`);
  const bodies = await c.templates.render('invoice_issued', { ...base, invoiceNumber: invoice.number });
  return { subject, ...bodies, attachments: [{ filename: `invoice-${invoice.number}.pdf`, contentType: 'application/pdf', content: await invoicePdf(invoice) }] };
}

/** The module's welcome contents, with cids given to its images. */
async function welcomeContent(deps: DomainDeps, data: WelcomeMailData) {
  const service = await deps.repos.services.findById(data.serviceId);
  if (!service) throw new PermanentDeliveryError(`service #${data.serviceId} no longer exists`);
  if (service.status !== 'active') throw new PermanentDeliveryError(`service #${service.id} is ${service.status}: a welcome email is only sent for an active service`);
  const ctx = await buildServiceContext(deps, service);
  const module = deps.modules.provisioner(ctx.product.module);
  if (!module?.welcomeMailContent) throw new PermanentDeliveryError(`the module of service #${service.id} has no welcome email`);
  const content = await module.welcomeMailContent(ctx);
  const images = content.inlineImages.map((img, i) => ({ ...img, cid: `image${i + 1}.${service.id}@portal` }));
  const attachments: MailAttachment[] = [...content.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })), ...images.map(({ filename, contentType, content: bytes, cid }) => ({ filename, contentType, content: bytes, cid }))];
  return {
    content: { accountName: service.username, facts: content.facts, links: content.links, notes: content.notes, files: content.attachments.map((a) => a.filename), images: images.map((i) => ({ cid: i.cid, caption: i.caption })) },
    attachments,
  };
}
