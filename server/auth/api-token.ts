/**
 * Admin API tokens: 32 random bytes shown once; only their SHA-256 is stored. A fast hash is right here
 * because the token itself has 256 bits of entropy, and it allows an indexed lookup.
 */
import crypto from 'node:crypto';

/** A new token in the form the admin pastes into a client: "vpt_<base64url>". */
export function generateApiToken(): string {
  return 'vpt_' + crypto.randomBytes(32).toString('base64url');
}

/** The stored form of a token. */
export function hashApiToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}
