/**
 * Symmetric encryption at rest for panel API tokens and VPN passwords (AES-256-GCM with APP_KEY).
 * A stored value is "v1:<iv>:<tag>:<ciphertext>" in base64url, so the format can change later.
 */
import crypto from 'node:crypto';
import { AppError } from '../errors.js';

export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

/**
 * Builds a box around a 32-byte key.
 * @param keyHex 64 hex characters
 */
export function createSecretBox(keyHex: string): SecretBox {
  const raw = Buffer.from(keyHex, 'hex');
  if (raw.length !== 32) throw new AppError(500, 'app_key_invalid', 'APP_KEY must be 32 bytes (64 hex characters)');
  // one key object for the process: a raw key would be imported again on every call
  const key = crypto.createSecretKey(raw);
  return {
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
    },
    decrypt(stored) {
      const [version, iv, tag, body] = stored.split(':');
      if (version !== 'v1' || !iv || !tag || body === undefined) {
        throw new AppError(500, 'secret_unreadable', 'A stored secret has an unknown format');
      }
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch (cause) {
        // almost always a changed APP_KEY: say so instead of a crypto stack
        throw new AppError(500, 'secret_unreadable', 'A stored secret cannot be decrypted: was APP_KEY changed?', { cause });
      }
    },
  };
}
