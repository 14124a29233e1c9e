/**
 * "Resend welcome email" (admin service page, POST /api/admin/services/:id/welcome-email): queues the
 * welcome email of an active service again, whatever the product's automatic setting.
 */
import { ConflictError, NotFoundError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';
import { queueMail } from './queue-mail.js';

/**
 * Queues the service's welcome email.
 * @returns the outbox id of the mail
 * @throws NotFoundError; ConflictError (409) unless the service is active and its module has a welcome email
 */
export async function resendWelcomeMail(deps: DomainDeps, serviceId: number): Promise<number> {
  const service = await deps.repos.services.findById(serviceId);
  if (!service) throw new NotFoundError('No such service');
  if (service.status !== 'active') throw new ConflictError(`The welcome email is only sent for an active service; service #${service.id} is ${service.status}`, 'service_not_active');
  const [product, client] = await Promise.all([deps.repos.products.findById(service.productId), deps.repos.users.findById(service.clientId)]);
  if (!product || !client) throw new NotFoundError(`The product or client of service #${service.id} does not exist`);
  if (!deps.modules.provisioner(product.module)?.welcomeMailContent) throw new ConflictError(`The module of service #${service.id} has no welcome email`, 'no_welcome_mail');
  return deps.inTransaction((tx) =>
    queueMail(tx, { kind: 'welcome', to: client.email, userId: client.id, serviceId: service.id, data: { serviceId: service.id, productName: product.name } }),
  );
}
