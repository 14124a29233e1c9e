/**
 * Module licence keys as signed tokens: `base64url(JSON payload) + "." + base64url(Ed25519 signature of the
 * payload bytes)`. Verification is offline against the configured public keys; minting is for tests and the demo.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../../../../server/plugins/plugin-api.js';

/** What a licence key says. `exp` is in epoch seconds; the key stops working at that instant. */
export interface LicencePayload {
  /** who the licence is for: licensee name or domain */
  sub: string;
  /** the product it is limited to, when any */
  product?: string;
  /** when it was issued: epoch seconds or an ISO string (informational) */
  iat?: number | string;
  exp: number;
}

/** The result shown in the product's licence status row; `checkedAt` is when this verdict was reached. */
export type LicenceCheck =
  | { ok: true; licensee: string; product: string | null; expiresAt: Date; checkedAt: Date }
  | { ok: false; error: string; checkedAt: Date };

/** The fixed error sentences (the expiry one also carries the date). */
export const LICENCE_ERRORS = {
  missing: 'no licence key is entered',
  malformed: 'licence key is malformed',
  noPublicKey: 'no licence public key is configured',
  badSignature: 'signature does not match any configured public key',
} as const;

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const ED25519_SIGNATURE_BYTES = 64;

/**
 * Signs a payload into a licence key.
 * @param privateKey an Ed25519 private key (PEM or KeyObject)
 * @returns the key text; `iat` defaults to the current time
 * @throws AppError (500, licence_mint_failed) for an unusable payload or a non-Ed25519 key
 */
export function mintLicenceKey(payload: LicencePayload, privateKey: string | KeyObject): string {
  const full = { ...payload, iat: payload.iat ?? Math.floor(Date.now() / 1000) };
  if (readPayload(full) === null) throw new AppError(500, 'licence_mint_failed', 'licence payload needs a non-empty sub and a numeric exp');
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (key.asymmetricKeyType !== 'ed25519') throw new AppError(500, 'licence_mint_failed', 'licence keys are signed with Ed25519 only');
  const bytes = Buffer.from(JSON.stringify(full), 'utf8');
  return `${bytes.toString('base64url')}.${sign(null, bytes, key).toString('base64url')}`;
}

/**
 * Verifies a licence key offline: format, then signature against any configured key, then expiry.
 * @param publicKeys Ed25519 public keys (PEM or KeyObject); keys of another type are ignored
 * @param now the time the check is made at
 * @returns the licensee and expiry, or one of LICENCE_ERRORS / "licence expired on <ISO time>"
 */
export function verifyLicenceKey(key: string, publicKeys: readonly (string | KeyObject)[], now: Date): LicenceCheck {
  const fail = (error: string): LicenceCheck => ({ ok: false, error, checkedAt: now });
  // Keys are pasted into a form; surrounding whitespace and line breaks are never part of the token.
  const text = key.trim();
  if (text === '') return fail(LICENCE_ERRORS.missing);
  const parts = text.split('.');
  if (parts.length !== 2 || !parts.every(isCanonicalBase64url)) return fail(LICENCE_ERRORS.malformed);
  const bytes = Buffer.from(parts[0], 'base64url');
  const signature = Buffer.from(parts[1], 'base64url');
  const payload = readPayload(parseJson(bytes));
  if (payload === null || signature.length !== ED25519_SIGNATURE_BYTES) return fail(LICENCE_ERRORS.malformed);
  const keys = publicKeys.map(toEd25519PublicKey).filter((k): k is KeyObject => k !== null);
  if (keys.length === 0) return fail(LICENCE_ERRORS.noPublicKey);
  if (!keys.some((k) => verify(null, bytes, k, signature))) return fail(LICENCE_ERRORS.badSignature);
  const expiresAt = new Date(payload.exp * 1000);
  if (now.getTime() >= expiresAt.getTime()) return fail(`licence expired on ${isoSeconds(expiresAt)}`);
  return { ok: true, licensee: payload.sub, product: payload.product ?? null, expiresAt, checkedAt: now };
}

/** A segment is accepted only in its one canonical base64url spelling, so a key has exactly one text form. */
function isCanonicalBase64url(segment: string): boolean {
  return SEGMENT.test(segment) && Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}

/** The payload when it has the required shape; unknown extra keys are tolerated for newer issuers. */
function readPayload(raw: unknown): LicencePayload | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const p = raw as Record<string, unknown>;
  if (typeof p.sub !== 'string' || p.sub.trim() === '') return null;
  // 8.64e12 s is the last instant a JS Date can hold; beyond it the expiry could not even be shown.
  if (typeof p.exp !== 'number' || !(Math.abs(p.exp) <= 8.64e12)) return null;
  if (p.product !== undefined && typeof p.product !== 'string') return null;
  if (p.iat !== undefined && typeof p.iat !== 'number' && typeof p.iat !== 'string') return null;
  return { sub: p.sub, exp: p.exp, product: p.product as string | undefined, iat: p.iat as number | string | undefined };
}

/** Imports a configured key, or null when it is unusable or not Ed25519. */
function toEd25519PublicKey(key: string | KeyObject): KeyObject | null {
  try {
    const k = typeof key === 'string' ? createPublicKey(key) : key;
    return k.type === 'public' && k.asymmetricKeyType === 'ed25519' ? k : null;
  } catch {
    return null;
  }
}

/** "2026-05-15T03:04:13Z": ISO without the milliseconds a licence never carries. */
function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
