/**
 * The configured licence public keys (LICENSE_PUBLIC_KEY), read once when the portal starts.
 */
import { createPublicKey } from 'node:crypto';
import { ConfigError } from '../../../../server/plugins/plugin-api.js';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; followed by the 32 raw key bytes. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;

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
