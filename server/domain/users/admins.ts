/**
 * Admins managed in the portal: invited by email (a set-password link through the outbox, single use,
 * seven days), disabled or enabled again (their sessions end at once), given a role. The portal always
 * keeps one enabled owner, and an admin never disables or demotes themselves. The CLI's create-admin
 * stays the way in for the first admin and for recovery.
 */
import crypto from 'node:crypto';
import { hashPassword } from '../../auth/password.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';
import { queueMail } from '../mail/queue-mail.js';
import type { AdminRole, User } from '../types.js';
import { InvalidLinkError } from './password-reset.js';
import { endUserSessions } from './user-sessions.js';

/** How long an invitation link works. */
export const INVITE_TTL_MS = 7 * 24 * 3600_000;

async function otherAdmin(deps: DomainDeps, actor: User, targetId: number): Promise<User> {
  const target = await deps.repos.users.findById(targetId);
  if (!target || target.role !== 'admin') throw new NotFoundError('No such admin');
  if (target.id === actor.id) throw new ConflictError('You cannot change your own admin access; ask another owner', 'own_admin');
  return target;
}

async function keepsAnOwner(deps: DomainDeps, target: User): Promise<void> {
  if (target.adminRole === 'owner' && !target.disabled && (await deps.repos.users.countActiveOwners()) <= 1) throw new ConflictError('This is the last enabled owner: the portal must keep one', 'last_owner');
}

/**
 * Invites an admin: the account exists at once (no password can sign in to it) and the invitation is
 * mailed; an invitation again to an admin who has not chosen a password yet replaces the earlier link.
 * @returns the admin, the outbox id of the mail and the link's token (for the inviting owner to pass on
 *   when no mail can be sent)
 * @throws ValidationError when the email belongs to a customer or to an admin who already signed in
 */
export async function inviteAdmin(deps: DomainDeps, inviter: User, input: { email: string; name: string; adminRole: AdminRole }): Promise<{ user: User; mailId: number; token: string }> {
  const email = input.email.trim().toLowerCase();
  const existing = await deps.repos.users.findCredentials(email);
  if (existing && existing.user.role !== 'admin') throw new ValidationError({ email: 'belongs to a customer account' }, 'Nobody was invited');
  if (existing && !existing.passwordHash.startsWith('invited:')) throw new ValidationError({ email: 'is already an admin' }, 'Nobody was invited');
  // a value no argon2 verify accepts: the account cannot sign in until the link sets a password
  const unusable = `invited:${crypto.randomBytes(16).toString('hex')}`;
  const at = deps.clock().getTime();
  return deps.inTransaction(async (tx) => {
    let user = existing?.user ?? null;
    if (user) await tx.repos.users.update(user.id, { name: input.name, adminRole: input.adminRole });
    else user = await tx.repos.users.create({ email, name: input.name, role: 'admin', adminRole: input.adminRole, passwordHash: unusable });
    const token = await tx.repos.userTokens.issue({ userId: user.id, purpose: 'admin_invite', at, ttlMs: INVITE_TTL_MS });
    const mailId = await queueMail(tx, { kind: 'admin_invite', to: email, userId: user.id, data: { name: input.name, invitedBy: inviter.name || inviter.email, adminRole: input.adminRole, token, validDays: INVITE_TTL_MS / 86_400_000 } });
    return { user: { ...user, name: input.name, adminRole: input.adminRole }, mailId, token };
  });
}

/** The admin a usable invitation belongs to, or null. */
export async function inviteLinkUser(deps: DomainDeps, token: string): Promise<User | null> {
  const found = await deps.repos.userTokens.findUsable(token, 'admin_invite', deps.clock().getTime());
  const user = found ? await deps.repos.users.findById(found.userId) : null;
  return user && user.role === 'admin' && !user.disabled ? user : null;
}

/**
 * Accepts an invitation: sets the password, uses up the link.
 * @throws InvalidLinkError for an unknown, used or expired link
 */
export async function acceptInvite(deps: DomainDeps, token: string, password: string): Promise<User> {
  const passwordHash = await hashPassword(password);
  const at = deps.clock().getTime();
  return deps.inTransaction(async (tx) => {
    const used = await tx.repos.userTokens.consume(token, 'admin_invite', at);
    const user = used ? await tx.repos.users.findById(used.userId) : null;
    if (!user || user.role !== 'admin' || user.disabled) throw new InvalidLinkError();
    await tx.repos.users.update(user.id, { passwordHash });
    return user;
  });
}

/**
 * Disables (every session ends) or enables an admin.
 * @throws ConflictError for oneself, or for the last enabled owner
 */
export async function setAdminDisabled(deps: DomainDeps, actor: User, targetId: number, disabled: boolean): Promise<User> {
  const target = await otherAdmin(deps, actor, targetId);
  if (disabled) await keepsAnOwner(deps, target);
  await deps.repos.users.update(target.id, { disabled });
  if (disabled) await endUserSessions(deps, target.id);
  return { ...target, disabled };
}

/**
 * Changes an admin's role; every request reads the role afresh, so it applies at once on every device.
 * @throws ConflictError for oneself, or when the last enabled owner would be demoted
 */
export async function setAdminRole(deps: DomainDeps, actor: User, targetId: number, adminRole: AdminRole): Promise<User> {
  const target = await otherAdmin(deps, actor, targetId);
  if (target.adminRole === adminRole) return target;
  if (adminRole !== 'owner') await keepsAnOwner(deps, target);
  await deps.repos.users.update(target.id, { adminRole });
  return { ...target, adminRole };
}
