/**
 * Checks an email and password for one role, enforcing the login limits. Every wrong combination gets
 * the same answer, so the form does not reveal which accounts exist.
 */
import { verifyPassword } from '../../auth/password.js';
import { TooManyRequestsError, UnauthorizedError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';
import type { Role, User } from '../types.js';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP, afterFailure, lockedMinutes } from './login-policy.js';

export const WRONG_CREDENTIALS = 'Wrong email or password.';

/**
 * Authenticates a login attempt.
 * @throws TooManyRequestsError while the account or the address is locked; UnauthorizedError otherwise
 */
export async function authenticateUser(deps: DomainDeps, input: { email: string; password: string; role: Role; ip: string }): Promise<User> {
  const throttle = deps.repos.loginThrottle;
  const nowMs = deps.clock().getTime();
  const accountKey = `account:${input.role}:${input.email.trim().toLowerCase()}`;
  const ipKey = `ip:${input.ip}`;
  const [account, ip] = await Promise.all([throttle.get(accountKey), throttle.get(ipKey)]);
  const minutes = Math.max(lockedMinutes(account, MAX_FAILURES_PER_ACCOUNT, nowMs), lockedMinutes(ip, MAX_FAILURES_PER_IP, nowMs));
  if (minutes > 0) throw new TooManyRequestsError(`Too many failed logins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);

  const found = await deps.repos.users.findCredentials(input.email);
  const ok = found !== null && found.user.role === input.role && !found.user.disabled && (await verifyPassword(found.passwordHash, input.password));
  if (!ok) {
    const nextAccount = afterFailure(account, nowMs);
    const nextIp = afterFailure(ip, nowMs);
    await Promise.all([throttle.put(accountKey, nextAccount.windowStart, nextAccount.failures), throttle.put(ipKey, nextIp.windowStart, nextIp.failures)]);
    throw new UnauthorizedError(WRONG_CREDENTIALS);
  }
  await throttle.clear(accountKey);
  return found.user;
}
