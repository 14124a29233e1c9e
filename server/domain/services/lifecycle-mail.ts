/**
 * Which mail a successful lifecycle action causes: the welcome email after a create when the product
 * sends it (its module decides from the product's own setting), and a notice of its own kind after
 * suspend, unsuspend and terminate, with the reason the customer may read.
 */
import type { ProvisioningModule, ServiceContext } from '../../plugins/plugin-api.js';
import type { MailToQueue } from '../mail/queue-mail.js';
import type { SentKind } from '../mail/mail-kinds.js';
import type { LifecycleAction } from './lifecycle-rules.js';

/** What the caller of an action adds about the customer's mail. */
export interface LifecycleOptions {
  /** shown to the customer in the notice (e.g. "Invoice 2026-000042 is overdue") */
  reason?: string | null;
  /** false: no notice for this action (the welcome email follows the product's setting regardless) */
  notify?: boolean;
  /** why a suspend happens: an admin's own (the default) or dunning's; an unsuspend clears it */
  suspendReason?: 'admin' | 'overdue';
}

/** The longest reason a notice carries. */
export const MAX_REASON_LENGTH = 500;

const NOTICES: Partial<Record<LifecycleAction, SentKind>> = {
  suspend: 'service_suspended',
  unsuspend: 'service_unsuspended',
  terminate: 'service_terminated',
};

/**
 * The mail of an action that succeeded, or null when it causes none.
 * @param ctx the service as it stands after the action (its account name included)
 */
export function lifecycleMail(action: LifecycleAction, ctx: ServiceContext, module: ProvisioningModule, options: LifecycleOptions): MailToQueue<SentKind> | null {
  const base = { to: ctx.client.email, userId: ctx.client.id, serviceId: ctx.service.id };
  if (action === 'create') {
    if (!module.welcomeMailContent || !module.sendsWelcomeMail?.(ctx.product)) return null;
    return { ...base, kind: 'welcome', data: { serviceId: ctx.service.id, productName: ctx.product.name } };
  }
  const kind = NOTICES[action];
  if (!kind || options.notify === false) return null;
  const reason = options.reason?.trim().slice(0, MAX_REASON_LENGTH) || null;
  return { ...base, kind, data: { name: ctx.client.name, serviceId: ctx.service.id, productName: ctx.product.name, accountName: ctx.service.username, reason } };
}
