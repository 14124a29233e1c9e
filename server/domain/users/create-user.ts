/**
 * Creating customers and admins, and resetting their passwords.
 */
import { hashPassword } from '../../auth/password.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';
import type { User } from '../types.js';
import { setUserDisabled, setUserPassword } from './user-sessions.js';
import { emitEvent } from '../webhooks/emit-event.js';
import { clientEventData } from '../webhooks/event-data.js';

/**
 * Creates a customer.
 * @throws ValidationError when the email is already used
 */
export async function createClient(deps: DomainDeps, input: { email: string; name: string; password: string }): Promise<User> {
  if (await deps.repos.users.emailTaken(input.email)) throw new ValidationError({ email: 'This email is already used by another account' });
  const passwordHash = await hashPassword(input.password);
  // the account and its webhook event commit together
  return deps.inTransaction(async (tx) => {
    const user = await tx.repos.users.create({ email: input.email, name: input.name, role: 'client', passwordHash });
    await emitEvent(tx, 'client.created', clientEventData(user));
    return user;
  });
}

/**
 * Updates a customer's name and email, the password when one is given (which ends their sessions) and
 * whether they are disabled (which ends them too).
 * @throws NotFoundError for an unknown customer; ValidationError for an email used by someone else
 */
export async function updateClient(deps: DomainDeps, id: number, input: { email?: string; name?: string; password?: string; disabled?: boolean }): Promise<User> {
  const user = await deps.repos.users.findById(id);
  if (!user || user.role !== 'client') throw new NotFoundError('No such client');
  if (input.email !== undefined && (await deps.repos.users.emailTaken(input.email, id))) throw new ValidationError({ email: 'This email is already used by another account' });
  await deps.repos.users.update(id, { email: input.email, name: input.name });
  if (input.password) await setUserPassword(deps, id, input.password);
  if (input.disabled !== undefined && input.disabled !== user.disabled) await setUserDisabled(deps, id, input.disabled);
  return (await deps.repos.users.findById(id)) as User;
}

/**
 * Creates an admin, or resets the password of the admin with that email (the CLI's create-admin), which
 * ends that admin's sessions.
 * @returns the admin and whether it was created
 * @throws ValidationError when the email belongs to a customer
 */
export async function ensureAdmin(deps: DomainDeps, input: { email: string; password: string; name?: string }): Promise<{ user: User; created: boolean }> {
  const existing = await deps.repos.users.findCredentials(input.email);
  if (existing) {
    if (existing.user.role !== 'admin') throw new ValidationError({ email: 'This email belongs to a customer account' });
    await setUserPassword(deps, existing.user.id, input.password);
    await setUserDisabled(deps, existing.user.id, false);
    // the way back in for recovery: whoever the CLI names can do everything again
    if (existing.user.adminRole !== 'owner') await deps.repos.users.update(existing.user.id, { adminRole: 'owner' });
    return { user: existing.user, created: false };
  }
  const user = await deps.repos.users.create({ email: input.email, name: input.name ?? 'Administrator', role: 'admin', passwordHash: await hashPassword(input.password) });
  return { user, created: true };
}
