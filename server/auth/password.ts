/**
 * Password hashing with argon2id (@node-rs/argon2: prebuilt, no install script, no download).
 */
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
