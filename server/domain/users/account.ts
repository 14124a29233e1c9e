/**
 * The customer's own account (/account): their name, their password (the current one required), their
 * email (confirmed by a link mailed to the new address; the old one stays until it is followed) and their
 * signed-in sessions. Each change is checked whole before anything is stored.
 */
import { hashPassword, verifyPassword } from '../../auth/password.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';
import { queueMail } from '../mail/queue-mail.js';
import type { User } from '../types.js';
import { InvalidLinkError } from './password-reset.js';

/** How long an email-change link works. */
export const EMAIL_CHANGE_TTL_MS = 24 * 3600_000;

const WRONG_PASSWORD = 'is not your current password';

async function ownCredentials(deps: DomainDeps, userId: number): Promise<{ user: User; passwordHash: string }> {
  const user = await deps.repos.users.findById(userId);
  const found = user ? await deps.repos.users.findCredentials(user.email) : null;
  if (!found) throw new NotFoundError('No such account');
  return found;
}

/** Changes the user's display name. */
export async function changeName(deps: DomainDeps, userId: number, name: string): Promise<void> {
  await deps.repos.users.update(userId, { name });
}

/**
 * Changes the password after checking the current one; every other session of the user ends.
 * @param keepSid the session making the change, which stays signed in
 * @throws ValidationError (current_password) when the current password is wrong
 */
export async function changePassword(deps: DomainDeps, userId: number, input: { currentPassword: string; password: string }, keepSid: string): Promise<void> {
  const { passwordHash } = await ownCredentials(deps, userId);
  if (!(await verifyPassword(passwordHash, input.currentPassword))) throw new ValidationError({ current_password: WRONG_PASSWORD }, 'The password was not changed');
  const hash = await hashPassword(input.password);
  await deps.inTransaction(async (tx) => {
    await tx.repos.users.update(userId, { passwordHash: hash });
    await tx.repos.sessions.endForUser(userId, keepSid);
  });
}

/**
 * Starts an email change: mails a confirmation link to the new address (an earlier pending link stops working).
 * @throws ValidationError when the current password is wrong, or the address is the current one or another account's
 */
export async function requestEmailChange(deps: DomainDeps, userId: number, input: { email: string; currentPassword: string }): Promise<void> {
  const { user, passwordHash } = await ownCredentials(deps, userId);
  const email = input.email.trim().toLowerCase();
  if (!(await verifyPassword(passwordHash, input.currentPassword))) throw new ValidationError({ current_password: WRONG_PASSWORD }, 'The email was not changed');
  if (email === user.email) throw new ValidationError({ email: 'is already your email address' }, 'The email was not changed');
  if (await deps.repos.users.emailTaken(email, userId)) throw new ValidationError({ email: 'is used by another account' }, 'The email was not changed');
  const at = deps.clock().getTime();
  await deps.inTransaction(async (tx) => {
    const token = await tx.repos.userTokens.issue({ userId, purpose: 'email_change', at, ttlMs: EMAIL_CHANGE_TTL_MS, newEmail: email });
    await queueMail(tx, { kind: 'email_change', to: email, userId, data: { name: user.name, newEmail: email, token, validHours: EMAIL_CHANGE_TTL_MS / 3600_000 } });
  });
}

/** The address a usable email-change link would confirm, or null. */
export async function pendingEmailOfLink(deps: DomainDeps, token: string): Promise<string | null> {
  return (await deps.repos.userTokens.findUsable(token, 'email_change', deps.clock().getTime()))?.newEmail ?? null;
}

/** The address waiting for confirmation on the user's account, or null. */
export async function pendingEmailChange(deps: DomainDeps, userId: number): Promise<string | null> {
  return (await deps.repos.userTokens.pending(userId, 'email_change', deps.clock().getTime()))?.newEmail ?? null;
}

/**
 * Confirms an email change through its link.
 * @returns the new address
 * @throws InvalidLinkError for an unknown, used or expired link; ValidationError when the address was taken meanwhile
 */
export async function confirmEmailChange(deps: DomainDeps, token: string): Promise<string> {
  const at = deps.clock().getTime();
  return deps.inTransaction(async (tx) => {
    const used = await tx.repos.userTokens.consume(token, 'email_change', at);
    if (!used || !used.newEmail) throw new InvalidLinkError();
    if (await tx.repos.users.emailTaken(used.newEmail, used.userId)) throw new ValidationError({ email: `${used.newEmail} is now used by another account` }, 'The email was not changed');
    await tx.repos.users.update(used.userId, { email: used.newEmail });
    return used.newEmail;
  });
}
