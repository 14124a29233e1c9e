/**
 * The process logger (pino). Keys that can carry secrets are redacted wherever they appear.
 */
import pino, { type Logger } from 'pino';

export const REDACTED_KEYS = ['password', 'api_token', 'apiToken', 'token', 'authorization', 'private_key', 'config', 'profile', 'qr', 'secret'];

/** Builds a logger at a level ('silent' in tests). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `req.headers.${k}`]);
  return pino({ level, redact: { paths, censor: '***' } }, destination);
}

export type { Logger };
