/**
 * The configured licence public keys and a cache of licence checks, so the product page, the service page
 * and every lifecycle action can ask "is this key valid?" without re-verifying each time.
 */
import { createPublicKey } from 'node:crypto';
import { ConfigError } from '../../../../server/errors.js';
import type { LicenceCheck } from './licence-token.js';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; followed by the 32 raw key bytes. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;

/** Longest a cached verdict is trusted, whatever the key's expiry: re-checked at least daily, as the original does. */
export const LICENCE_CACHE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Reads the public keys a licence may be signed with: any number of PEM `PUBLIC KEY` blocks and/or base64
 * raw 32-byte Ed25519 keys, separated by whitespace or commas. A literal `\n` (common in env files) is a newline.
 * @param variable the setting's name, used in the error
 * @returns the keys as SPKI PEM strings; empty for empty text
 * @throws ConfigError naming every piece that is not an Ed25519 public key
 */
export function parsePublicKeys(text: string, variable = 'LICENSE_PUBLIC_KEY'): string[] {
  const source = text.replace(/\\n/g, '\n');
  const keys: string[] = [];
  const problems: string[] = [];
  for (const [i, block] of (source.match(PEM_BLOCK) ?? []).entries()) {
    const pem = toEd25519Pem(block);
    if (pem === null) problems.push(`${variable}: PEM block ${i + 1} is not an Ed25519 public key`);
    else keys.push(pem);
  }
  for (const word of source.replace(PEM_BLOCK, ' ').split(/[\s,]+/).filter(Boolean)) {
    const raw = /^[A-Za-z0-9+/_-]+={0,2}$/.test(word) ? Buffer.from(word, 'base64') : Buffer.alloc(0);
    const pem = raw.length === 32 ? toEd25519Pem(Buffer.concat([ED25519_SPKI_PREFIX, raw])) : null;
    if (pem === null) problems.push(`${variable}: "${word.slice(0, 12)}…" is neither a PEM public key nor a base64 32-byte Ed25519 key`);
    else keys.push(pem);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return keys;
}

/** Normalises a PEM text or SPKI DER bytes to PEM, or null when it is not an Ed25519 public key. */
function toEd25519Pem(key: string | Buffer): string | null {
  try {
    const k = typeof key === 'string' ? createPublicKey(key) : createPublicKey({ key, format: 'der', type: 'spki' });
    return k.asymmetricKeyType === 'ed25519' ? String(k.export({ format: 'pem', type: 'spki' })) : null;
  } catch {
    return null;
  }
}

/** Options of createLicenceCache; the defaults suit production. */
export interface LicenceCacheOptions {
  clock?: () => Date;
  maxAgeMs?: number;
  /** bound on distinct keys remembered; the oldest entry is dropped first */
  maxEntries?: number;
}

/** A cached licence check keyed by the key text. */
export interface LicenceCache {
  /** The cached verdict while it is fresh, otherwise a new check (which is then cached). */
  check(key: string): LicenceCheck;
  /** Drops one key's verdict (after an admin edits it) or, without an argument, all of them. */
  forget(key?: string): void;
}

/**
 * Wraps a verifier so each key is re-checked only when its verdict goes stale: at the licence's expiry or
 * after `maxAgeMs`, whichever comes first. Failures are cached for `maxAgeMs` as well: they depend only on
 * the key, the configured public keys and time, and an expired key stays expired.
 * @param verify e.g. `(key, now) => verifyLicenceKey(key, publicKeys, now)`
 * @returns the cache
 */
export function createLicenceCache(verify: (key: string, now: Date) => LicenceCheck, options: LicenceCacheOptions = {}): LicenceCache {
  const clock = options.clock ?? (() => new Date());
  const maxAgeMs = options.maxAgeMs ?? LICENCE_CACHE_MAX_AGE_MS;
  const maxEntries = options.maxEntries ?? 1000;
  const entries = new Map<string, { result: LicenceCheck; staleAt: number }>();
  return {
    check(key) {
      const id = key.trim();
      const now = clock();
      const hit = entries.get(id);
      // A clock that went backwards also forces a re-check: the verdict may come from "the future".
      if (hit && now.getTime() < hit.staleAt && now.getTime() >= hit.result.checkedAt.getTime()) return hit.result;
      const result = verify(id, now);
      const ageLimit = now.getTime() + maxAgeMs;
      entries.delete(id);
      entries.set(id, { result, staleAt: result.ok ? Math.min(result.expiresAt.getTime(), ageLimit) : ageLimit });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return result;
    },
    forget(key) {
      if (key === undefined) entries.clear();
      else entries.delete(key.trim());
    },
  };
}
