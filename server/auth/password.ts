/**
 * Password hashing with argon2id (@node-rs/argon2: prebuilt, no install script, no download).
 */
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** The minimum a password must have; said in every form that sets one. */
export const MIN_PASSWORD_LENGTH = 10;

/** Hashes a password for storage. */
export function hashPassword(plain: string): Promise<string> {
  return hash(plain);
}

/** Checks a password against a stored hash; false for a malformed hash rather than a throw. */
export async function verifyPassword(storedHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(storedHash, plain);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;

/**
 * Checks a password against the account's hash, or, when there is no account, against a hash of a
 * random password made with the same parameters: a sign-in for an unknown address then costs what one
 * for a known address costs, so its timing does not tell which addresses have accounts.
 * @param storedHash the account's hash, or null when no account matched
 * @returns whether the password matches (always false without an account)
 */
export async function verifyPasswordOrDummy(storedHash: string | null, plain: string): Promise<boolean> {
  dummy ??= hashPassword(crypto.randomBytes(24).toString('base64url'));
  // an account without a usable hash (an admin invited who has not chosen a password) costs the same
  const usable = storedHash !== null && storedHash.startsWith('$argon2') ? storedHash : null;
  const ok = await verifyPassword(usable ?? (await dummy), plain);
  return usable !== null && ok;
}
