/**
 * Ending a user's sessions: the one mechanism behind "their password was set" (by an admin, the API,
 * the CLI, later a password reset or the account page), "they were disabled" and "sign out everywhere".
 */
import crypto from 'node:crypto';
import { hashPassword } from '../../auth/password.js';
import type { DomainDeps } from '../deps.js';

/**
 * Ends every session of a user on every device (each is gone from the store, so no process accepts it
 * again once its few-seconds session memo has passed).
 * @param options.exceptSid a session to keep: the caller's own, when they changed their own password
 * @returns how many sessions were ended
 */
export function endUserSessions(deps: DomainDeps, userId: number, options: { exceptSid?: string } = {}): Promise<number> {
  return deps.repos.sessions.endForUser(userId, options.exceptSid);
}

/**
 * Sets a user's password and ends their sessions: whoever knew the old one is signed out everywhere.
 * @param options.exceptSid the session of a user changing their own password, which stays signed in
 */
export async function setUserPassword(deps: DomainDeps, userId: number, password: string, options: { exceptSid?: string } = {}): Promise<void> {
  await deps.repos.users.update(userId, { passwordHash: await hashPassword(password) });
  await endUserSessions(deps, userId, options);
}

/** Disables (or enables again) a user; a disabled user's sessions end at once. */
export async function setUserDisabled(deps: DomainDeps, userId: number, disabled: boolean): Promise<void> {
  await deps.repos.users.update(userId, { disabled });
  if (disabled) await endUserSessions(deps, userId);
}

/** The name a session goes by on its user's pages: its id stays on the server. */
export function sessionHandle(sid: string): string {
  return crypto.createHash('sha256').update(`session\u0000${sid}`).digest('hex').slice(0, 32);
}

/**
 * Ends one session of a user, named by its handle (from their list of sessions).
 * @returns whether a session of that user had that handle
 */
export async function endSessionByHandle(deps: DomainDeps, userId: number, handle: string): Promise<boolean> {
  const session = (await deps.repos.sessions.listForUser(userId)).find((s) => sessionHandle(s.sid) === handle);
  if (!session) return false;
  await deps.repos.sessions.destroy(session.sid);
  return true;
}
