/**
 * The process logger (pino). Every log call goes through the host's masking (mask-secrets.ts) before
 * pino sees it: values under secret-naming keys, secret-shaped text and every secret this process knows
 * are replaced, in the message and in every logged object, errors included.
 */
import pino, { type Logger } from 'pino';
import { maskSecrets, maskText } from './security/mask-secrets.js';

const maskArg = (arg: unknown): unknown => (typeof arg === 'string' ? maskText(arg) : maskSecrets(arg));

/** Builds a logger at a level ('silent' in tests), writing to stdout unless given a destination. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          // an Error logged alone: pino would take its unmasked message as the line's message
          if (first instanceof Error) return method.apply(this, [{ err: maskSecrets(first) }, rest.length > 0 ? maskArg(rest[0]) : maskText(first.message), ...rest.slice(1).map(maskArg)] as Parameters<typeof method>);
          return method.apply(this, args.map(maskArg) as Parameters<typeof method>);
        },
      },
      // errors arrive as masked plain copies already; pino's own serializer would only reshape them
      serializers: { err: (err: unknown) => err },
    },
    destination,
  );
}

export type { Logger };
