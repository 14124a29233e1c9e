/**
 * Password reset (admin-api.md "Password reset"), for customers and admins alike. A request answers the
 * same whether the address has an account or not, and queues a mail only when it does; requests are
 * limited per email address and per network address before anything is looked up. The mailed link holds
 * a single-use token valid for 60 minutes (stored hashed). Using it sets the password, ends every session
 * of the user, and clears the failed sign-ins counted against the account from every address, so the
 * owner signs in at once whatever strangers tried.
 */
import crypto from 'node:crypto';
import { hashPassword } from '../../auth/password.js';
import { AppError, TooManyRequestsError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';
import { queueMail } from '../mail/queue-mail.js';
import type { Role, User } from '../types.js';
import { accountKey, limitAddress } from './login-policy.js';
import type { LimitRule } from '../../repositories/sign-in-limits.repository.js';

/** How long a reset link works. */
export const RESET_TOKEN_TTL_MS = 60 * 60_000;
/** Reset requests per email address and per network address in an hour. */
export const RESET_LIMITS: { perEmail: LimitRule; perIp: LimitRule } = {
  perEmail: { limit: 3, windowMs: 60 * 60_000 },
  perIp: { limit: 20, windowMs: 60 * 60_000 },
};

/** A link that is unknown, used, expired or not for this form. */
export class InvalidLinkError extends AppError {
  constructor() {
    super(410, 'link_invalid', 'This link has expired or was already used.');
  }
}

const key = (...parts: string[]) => crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex');

/**
 * Handles a reset request.
 * @throws TooManyRequestsError past a limit, for any address, known or not
 */
export async function requestPasswordReset(deps: DomainDeps, input: { email: string; role: Role; ip: string }): Promise<void> {
  const at = deps.clock().getTime();
  const limits = deps.repos.signInLimits;
  const email = input.email.trim().toLowerCase();
  // kept apart from the sign-in counters: failed sign-ins never stop a reset, nor resets a sign-in
  for (const [k, rule] of [[key('reset-email', accountKey(input.role, email)), RESET_LIMITS.perEmail], [key('reset-ip', limitAddress(input.ip)), RESET_LIMITS.perIp]] as const) {
    const slot = await limits.reserve(k, null, rule, at);
    if (!slot.ok) {
      const minutes = Math.max(1, Math.ceil(slot.retryAfterMs / 60_000));
      throw new TooManyRequestsError(`Too many reset requests. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, Math.ceil(slot.retryAfterMs / 1000));
    }
  }
  const found = await deps.repos.users.findCredentials(email);
  if (!found || found.user.role !== input.role || found.user.disabled) return;
  const user = found.user;
  await deps.inTransaction(async (tx) => {
    const token = await tx.repos.userTokens.issue({ userId: user.id, purpose: 'password_reset', at, ttlMs: RESET_TOKEN_TTL_MS });
    await queueMail(tx, { kind: 'password_reset', to: user.email, userId: user.id, data: { name: user.name, role: user.role, token, validMinutes: RESET_TOKEN_TTL_MS / 60_000 } });
  });
}

/** The user a usable reset link of this form (role) belongs to, or null. */
export async function resetLinkUser(deps: DomainDeps, token: string, role: Role): Promise<User | null> {
  const found = await deps.repos.userTokens.findUsable(token, 'password_reset', deps.clock().getTime());
  if (!found) return null;
  const user = await deps.repos.users.findById(found.userId);
  return user && user.role === role && !user.disabled ? user : null;
}

/**
 * Sets a new password through a reset link.
 * @param input.keepSid the caller's own session, when they are signed in as that user (it stays)
 * @returns the user
 * @throws InvalidLinkError when the link is unknown, used, expired, or another role's
 */
export async function resetPassword(deps: DomainDeps, input: { token: string; role: Role; password: string; keepSid?: string }): Promise<User> {
  // hashed before the transaction: on SQLite it would hold the one connection for the hash's 50 ms
  const passwordHash = await hashPassword(input.password);
  const at = deps.clock().getTime();
  return deps.inTransaction(async (tx) => {
    const usable = await tx.repos.userTokens.findUsable(input.token, 'password_reset', at);
    const user = usable ? await tx.repos.users.findById(usable.userId) : null;
    // another role's link is refused before it is used up: it stays valid at its own form
    if (!usable || !user || user.role !== input.role || user.disabled) throw new InvalidLinkError();
    if (!(await tx.repos.userTokens.consume(input.token, 'password_reset', at))) throw new InvalidLinkError();
    await tx.repos.users.update(user.id, { passwordHash });
    await tx.repos.userTokens.revoke(user.id, 'password_reset', at);
    await tx.repos.sessions.endForUser(user.id, input.keepSid);
    await tx.repos.signInLimits.clearAccount(accountKey(user.role, user.email));
    return user;
  });
}
