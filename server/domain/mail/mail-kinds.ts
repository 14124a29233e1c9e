/**
 * The kinds of mail (admin-api.md "Mail") and, for each kind the portal sends, its subject and which of
 * its data is secret. A kind's body is its pair of templates, views/mail/<kind>.html.ejs and
 * <kind>.text.ejs. Billing's and quota's kinds are named here already; each gets its spec and templates
 * with the feature that sends it.
 */

export const MAIL_KINDS = [
  'welcome',
  'password_reset',
  'email_change',
  'invoice_issued',
  'invoice_overdue',
  'payment_received',
  'service_suspended',
  'service_unsuspended',
  'service_terminated',
  'quota_warning',
  'quota_reached',
  'admin_invite',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** The welcome email of a service: composed from the module when it is delivered. */
export interface WelcomeMailData {
  serviceId: number;
  productName: string;
}

/** A password-reset link; the token is the secret of the mail. */
export interface PasswordResetMailData {
  name: string;
  role: 'client' | 'admin';
  token: string;
  validMinutes: number;
}

/** The confirmation link of an email change, mailed to the new address. */
export interface EmailChangeMailData {
  name: string;
  newEmail: string;
  token: string;
  validHours: number;
}

/** A lifecycle notice: suspended, unsuspended or terminated, with the reason the customer may see. */
export interface ServiceNoticeMailData {
  name: string;
  serviceId: number;
  productName: string;
  /** the VPN client (remote account) name, when it has one */
  accountName: string | null;
  reason: string | null;
}

/** An invoice was issued; the mail carries its PDF, made when the mail is delivered. */
export interface InvoiceIssuedMailData {
  name: string;
  invoiceId: number;
  period: string;
  totalMinor: number;
  currency: string;
  dueDate: string;
}

/** A payment was recorded on an invoice. */
export interface PaymentReceivedMailData {
  name: string;
  invoiceId: number;
  number: string;
  amountMinor: number;
  /** what is still due after it */
  dueMinor: number;
  currency: string;
}

/** An invoice is past its due date (and the customer's services were suspended for it, when they were). */
export interface InvoiceOverdueMailData {
  name: string;
  invoiceId: number;
  number: string;
  dueMinor: number;
  currency: string;
  dueDate: string;
  /** the services suspended because of it */
  suspended: { serviceId: number; productName: string }[];
}

/** A quota mail: the month's figures, what happens at 100 % and when the allowance starts again. */
export interface QuotaMailData {
  name: string;
  serviceId: number;
  productName: string;
  accountName: string | null;
  /** GB with two decimals */
  usedGb: string;
  limitGb: string;
  percent: number;
  warnPercent: number;
  counts: 'total' | 'download';
  action: 'throttle' | 'suspend';
  throttleMbps: number;
  /** YYYY-MM-DD: the first day of the next month in BILLING_TZ */
  resetsOn: string;
}

/** An invitation to become an admin: a set-password link; the token is the secret of the mail. */
export interface AdminInviteMailData {
  name: string;
  invitedBy: string;
  adminRole: 'owner' | 'support';
  token: string;
  validDays: number;
}

/** The data of each kind the portal sends. */
export interface MailData {
  welcome: WelcomeMailData;
  password_reset: PasswordResetMailData;
  email_change: EmailChangeMailData;
  service_suspended: ServiceNoticeMailData;
  service_unsuspended: ServiceNoticeMailData;
  service_terminated: ServiceNoticeMailData;
  invoice_issued: InvoiceIssuedMailData;
  payment_received: PaymentReceivedMailData;
  invoice_overdue: InvoiceOverdueMailData;
  quota_warning: QuotaMailData;
  quota_reached: QuotaMailData;
  admin_invite: AdminInviteMailData;
}
export type SentKind = keyof MailData;

/** What the portal knows about a kind. */
export interface MailKindSpec<D> {
  subject(data: D, companyName: string): string;
  /** data keys holding secrets: masked wherever an admin reads the mail */
  secretKeys: readonly string[];
}

export const MAIL_SPECS: { [K in SentKind]: MailKindSpec<MailData[K]> } = {
  welcome: { subject: (d, company) => `${company}: your VPN service "${d.productName}" is ready`, secretKeys: [] },
  password_reset: { subject: (_d, company) => `${company}: reset your password`, secretKeys: ['token'] },
  email_change: { subject: (_d, company) => `${company}: confirm your new email address`, secretKeys: ['token'] },
  service_suspended: { subject: (d, company) => `${company}: your service "${d.productName}" is suspended`, secretKeys: [] },
  service_unsuspended: { subject: (d, company) => `${company}: your service "${d.productName}" is active again`, secretKeys: [] },
  service_terminated: { subject: (d, company) => `${company}: your service "${d.productName}" has ended`, secretKeys: [] },
  invoice_issued: { subject: (d, company) => `${company}: your invoice for ${d.period}`, secretKeys: [] },
  payment_received: { subject: (d, company) => `${company}: payment received for invoice ${d.number}`, secretKeys: [] },
  invoice_overdue: { subject: (d, company) => `${company}: invoice ${d.number} is overdue`, secretKeys: [] },
  quota_warning: { subject: (d, company) => `${company}: "${d.productName}" has used ${d.percent} % of this month's traffic`, secretKeys: [] },
  quota_reached: { subject: (d, company) => `${company}: "${d.productName}" has used this month's traffic`, secretKeys: [] },
  admin_invite: { subject: (_d, company) => `${company}: you are invited as an administrator`, secretKeys: ['token'] },
};

/** True for a kind the portal sends (has a spec and templates). */
export function isSentKind(kind: string): kind is SentKind {
  return Object.hasOwn(MAIL_SPECS, kind);
}
