/**
 * Checks an email and password for one role, under the sign-in limits (login-policy.ts). Every wrong
 * combination gets the same answer after the same work, so the form does not reveal which accounts
 * exist; past a limit the answer is a 429 before any password is looked at.
 */
import { verifyPasswordOrDummy } from '../../auth/password.js';
import { TooManyRequestsError, UnauthorizedError } from '../../errors.js';
import type { Reservation } from '../../repositories/sign-in-limits.repository.js';
import type { DomainDeps } from '../deps.js';
import type { Role, User } from '../types.js';
import { DEFAULT_SIGN_IN_RULES, STRIKE_DECAY_MS, accountKey, lockMs, signInKeys, type SignInRules } from './login-policy.js';

export const WRONG_CREDENTIALS = 'Wrong email or password.';

type Taken = Extract<Reservation, { ok: true }>;

function tooMany(retryAfterMs: number): TooManyRequestsError {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return new TooManyRequestsError(`Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, Math.ceil(retryAfterMs / 1000));
}

/**
 * Authenticates a sign-in attempt.
 * @param rules the installation's limits (the documented defaults unless configured)
 * @throws TooManyRequestsError (with retryAfterSeconds) past a limit; UnauthorizedError for wrong credentials
 */
export async function authenticateUser(deps: DomainDeps, input: { email: string; password: string; role: Role; ip: string }, rules: SignInRules = DEFAULT_SIGN_IN_RULES): Promise<User> {
  const limits = deps.repos.signInLimits;
  const at = deps.clock().getTime();
  const keys = signInKeys(input.role, input.email, input.ip);
  const pair = await limits.reserve(keys.pair, keys.account, rules.pair, at);
  if (!pair.ok) throw tooMany(pair.retryAfterMs);
  const address = await limits.reserve(keys.address, null, rules.address, at);
  if (!address.ok) {
    await limits.refund(pair.key, pair.windowStart);
    throw tooMany(address.retryAfterMs);
  }
  const slots: [Taken, Taken] = [pair, address];

  let user: User | null;
  try {
    const found = await deps.repos.users.findCredentials(input.email);
    // the hash is checked whatever the role or state of the account, so neither shows in the timing
    const ok = await verifyPasswordOrDummy(found?.passwordHash ?? null, input.password);
    user = ok && found && found.user.role === input.role && !found.user.disabled ? found.user : null;
  } catch (err) {
    // not a failed try: the database or the hash went wrong, and the slots go back
    await Promise.all(slots.map((s) => limits.refund(s.key, s.windowStart))).catch(() => undefined);
    throw err;
  }
  if (!user) {
    await limits.lockIfFull(pair.key, rules.pair, at, (n) => lockMs(rules.pair, n), STRIKE_DECAY_MS);
    await limits.lockIfFull(address.key, rules.address, at, (n) => lockMs(rules.address, n), STRIKE_DECAY_MS);
    throw new UnauthorizedError(WRONG_CREDENTIALS);
  }
  // the owner proved possession from here: this pair starts afresh; the address keeps its other failures
  await limits.clear(pair.key);
  await limits.refund(address.key, address.windowStart);
  return user;
}

/**
 * Forgets the failures counted against an account from every address, once its owner proved possession
 * some other way (a password reset): their sign-ins then start afresh wherever they are.
 */
export async function clearSignInFailures(deps: DomainDeps, role: Role, email: string): Promise<void> {
  await deps.repos.signInLimits.clearAccount(accountKey(role, email));
}
