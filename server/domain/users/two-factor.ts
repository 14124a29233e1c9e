/**
 * The second factor (TOTP) of an account: enrolment confirmed by a code, ten single-use recovery codes
 * shown once and stored hashed, the code step of a sign-in under the same limits as the password step,
 * and removal with the password and a code. A code is accepted once: its time step is stored, and a code
 * of that step or an earlier one is refused.
 */
import crypto from 'node:crypto';
import { verifyPassword } from '../../auth/password.js';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpStep, totpUri } from '../../auth/totp.js';
import { ConflictError, NotFoundError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';
import type { User } from '../types.js';
import { DEFAULT_SIGN_IN_RULES, STRIKE_DECAY_MS, lockMs, signInKeys, type SignInRules } from './login-policy.js';

export const WRONG_CODE = 'Wrong code.';

/** What the enrolment page shows: the secret (also typed by hand) and the URI its QR encodes. */
export interface Enrolment {
  secret: string;
  uri: string;
}

/**
 * Starts (or starts again) an enrolment with a new secret.
 * @param issuer the name authenticator apps show (the company name)
 * @throws ConflictError when the account already has a second factor
 */
export async function startEnrolment(deps: DomainDeps, user: User, issuer: string): Promise<Enrolment> {
  if ((await deps.repos.twoFactor.state(user.id)).enabled) throw new ConflictError('Two-factor sign-in is already on for this account', 'two_factor_on');
  const secret = newTotpSecret();
  await deps.repos.twoFactor.begin(user.id, secret);
  return { secret, uri: totpUri(secret, user.email, issuer) };
}

/** The enrolment under way (its secret is kept until confirmed), or null. */
export async function pendingEnrolment(deps: DomainDeps, user: User, issuer: string): Promise<Enrolment | null> {
  const state = await deps.repos.twoFactor.state(user.id);
  return state.secret && !state.enabled ? { secret: state.secret, uri: totpUri(state.secret, user.email, issuer) } : null;
}

/**
 * Confirms an enrolment with a code of the app.
 * @returns the ten recovery codes, to be shown once
 * @throws ValidationError (code) when the code is not the app's current one
 */
export async function confirmEnrolment(deps: DomainDeps, userId: number, code: string): Promise<string[]> {
  const state = await deps.repos.twoFactor.state(userId);
  if (state.enabled) throw new ConflictError('Two-factor sign-in is already on for this account', 'two_factor_on');
  if (!state.secret) throw new NotFoundError('Start the enrolment again');
  const step = await totpStep(state.secret, code.trim(), deps.clock(), null);
  if (step === null) throw new ValidationError({ code: 'is not the code your app shows now (check the phone\'s clock)' }, 'Two-factor sign-in was not turned on');
  const codes = newRecoveryCodes();
  if (!(await deps.repos.twoFactor.confirm(userId, step, codes.map(hashRecoveryCode)))) throw new ConflictError('Two-factor sign-in is already on for this account', 'two_factor_on');
  return codes;
}

/** Whether the account has a confirmed second factor. */
export async function hasSecondFactor(deps: DomainDeps, userId: number): Promise<boolean> {
  return (await deps.repos.twoFactor.state(userId)).enabled;
}

const codeKey = (key: string) => crypto.createHash('sha256').update(`second-factor\u0000${key}`).digest('hex');

function tooMany(retryAfterMs: number): TooManyRequestsError {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return new TooManyRequestsError(`Too many wrong codes. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, Math.ceil(retryAfterMs / 1000));
}

/** A code or a recovery code, checked once; true when accepted (and used up). */
async function acceptCode(deps: DomainDeps, userId: number, code: string): Promise<boolean> {
  const state = await deps.repos.twoFactor.state(userId);
  if (!state.enabled || !state.secret) return false;
  const typed = code.trim();
  if (/^\d{6}$/.test(typed)) {
    const step = await totpStep(state.secret, typed, deps.clock(), state.lastStep);
    return step !== null && (await deps.repos.twoFactor.useStep(userId, step));
  }
  return deps.repos.twoFactor.useRecoveryCode(userId, hashRecoveryCode(typed), deps.clock().getTime());
}

/**
 * Checks the code step of a sign-in (or of a change that asks for a code), counted like sign-in
 * failures per (account, address) and per address, with keys of its own.
 * @throws TooManyRequestsError past a limit (the code is not looked at); UnauthorizedError for a wrong or reused code
 */
export async function checkSecondFactor(deps: DomainDeps, input: { user: User; code: string; ip: string }, rules: SignInRules = DEFAULT_SIGN_IN_RULES): Promise<void> {
  const limits = deps.repos.signInLimits;
  const at = deps.clock().getTime();
  const keys = signInKeys(input.user.role, input.user.email, input.ip);
  const pair = await limits.reserve(codeKey(keys.pair), codeKey(keys.account), rules.pair, at);
  if (!pair.ok) throw tooMany(pair.retryAfterMs);
  const address = await limits.reserve(codeKey(keys.address), null, rules.address, at);
  if (!address.ok) {
    await limits.refund(pair.key, pair.windowStart);
    throw tooMany(address.retryAfterMs);
  }
  if (!(await acceptCode(deps, input.user.id, input.code))) {
    await limits.lockIfFull(pair.key, rules.pair, at, (n) => lockMs(rules.pair, n), STRIKE_DECAY_MS);
    await limits.lockIfFull(address.key, rules.address, at, (n) => lockMs(rules.address, n), STRIKE_DECAY_MS);
    throw new UnauthorizedError(WRONG_CODE);
  }
  await limits.clear(pair.key);
  await limits.refund(address.key, address.windowStart);
}

/**
 * Turns the second factor off: the account's password and a current code (or a recovery code) are both needed.
 * @throws ValidationError naming the wrong field; TooManyRequestsError past the code limits
 */
export async function disableSecondFactor(deps: DomainDeps, user: User, input: { password: string; code: string; ip: string }, rules?: SignInRules): Promise<void> {
  const found = await deps.repos.users.findCredentials(user.email);
  if (!found || !(await verifyPassword(found.passwordHash, input.password))) throw new ValidationError({ password: 'is not your current password' }, 'Two-factor sign-in stays on');
  try {
    await checkSecondFactor(deps, { user, code: input.code, ip: input.ip }, rules);
  } catch (err) {
    if (err instanceof UnauthorizedError) throw new ValidationError({ code: 'is not a current code or an unused recovery code' }, 'Two-factor sign-in stays on');
    throw err;
  }
  await deps.repos.twoFactor.remove(user.id);
}

/** Removes a user's second factor without a code: the CLI's recovery, and an owner's reset of another admin. */
export async function resetSecondFactor(deps: DomainDeps, userId: number): Promise<void> {
  await deps.repos.twoFactor.remove(userId);
}
