/**
 * TOTP (RFC 6238) as authenticator apps use it: SHA-1, 6 digits, 30 s steps, over otplib. A code of the
 * step before or after the current one is accepted (one step of clock skew each way).
 */
import crypto from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';

export const TOTP_PERIOD_S = 30;

/** A fresh base32 secret (160 bits, as authenticator apps expect). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app reads from the enrolment QR. */
export function totpUri(secret: string, label: string, issuer: string): string {
  return generateURI({ issuer, label, secret });
}

/**
 * The time step a code belongs to, or null when it matches none of the allowed steps.
 * @param afterStep the last step a code was accepted for: it and earlier steps are refused (replay)
 */
export async function totpStep(secret: string, code: string, at: Date, afterStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({ secret, token: code, epoch: Math.floor(at.getTime() / 1000), epochTolerance: TOTP_PERIOD_S, ...(afterStep === null ? {} : { afterTimeStep: afterStep }) });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** The code of a secret at a time (tests and the CLI's checks compute codes with it). */
export function totpCode(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** Ten recovery codes of 80 random bits each, as the user writes them down: xxxx-xxxx-xxxx-xxxx. */
export function newRecoveryCodes(n = 10): string[] {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return Array.from({ length: n }, () => {
    const bytes = crypto.randomBytes(16);
    // 16 characters of a 32-letter alphabet: 80 bits
    const chars = [...bytes].map((b) => alphabet[b % 32]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** The stored form of a recovery code: dashes, spaces and case do not matter when it is typed. */
export function hashRecoveryCode(code: string): string {
  return crypto.createHash('sha256').update(code.toLowerCase().replace(/[^a-z0-9]/g, ''), 'utf8').digest('hex');
}
