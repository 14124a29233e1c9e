/**
 * Single-use tokens mailed to users (password resets, email-change confirmations). A token is 32
 * random bytes; only its SHA-256 is stored, and the plain token is registered with the masking as soon
 * as it is issued, so no log line or page of this process can show it. Using a token is one
 * conditional update: of two tries at once, one wins.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { knownSecrets } from '../security/mask-secrets.js';

export type TokenPurpose = 'password_reset' | 'email_change' | 'admin_invite';

/** A stored token (never its plain text). */
export interface UserToken {
  id: number;
  userId: number;
  purpose: TokenPurpose;
  newEmail: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

interface TokenRow {
  id: number;
  user_id: number;
  purpose: string;
  new_email: string | null;
  created_at: number | string;
  expires_at: number | string;
  used_at: number | string | null;
}

const TABLE = 'user_tokens';

/** The stored form of a token. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

const toToken = (r: TokenRow): UserToken => ({
  id: Number(r.id),
  userId: Number(r.user_id),
  purpose: r.purpose as TokenPurpose,
  newEmail: r.new_email,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  usedAt: r.used_at === null ? null : Number(r.used_at),
});

export type UserTokensRepository = ReturnType<typeof userTokensRepository>;

/** Builds the repository over a knex instance or a transaction. */
export function userTokensRepository(db: Knex) {
  return {
    /**
     * Issues a token; earlier unused tokens of the same user and purpose stop working (the newest link wins).
     * @returns the plain token, for the link that is mailed
     */
    async issue(input: { userId: number; purpose: TokenPurpose; at: number; ttlMs: number; newEmail?: string }): Promise<string> {
      const token = crypto.randomBytes(32).toString('base64url');
      knownSecrets.add(token);
      await db(TABLE).where({ user_id: input.userId, purpose: input.purpose }).whereNull('used_at').update({ used_at: input.at });
      await db(TABLE).insert({ user_id: input.userId, purpose: input.purpose, token_hash: hashToken(token), new_email: input.newEmail ?? null, created_at: input.at, expires_at: input.at + input.ttlMs });
      return token;
    },
    /** The token if it is of this purpose, unused and not expired at `at`. */
    async findUsable(token: string, purpose: TokenPurpose, at: number): Promise<UserToken | null> {
      const row: TokenRow | undefined = await db(TABLE).where({ token_hash: hashToken(token), purpose }).whereNull('used_at').andWhere('expires_at', '>', at).first();
      return row ? toToken(row) : null;
    },
    /**
     * Uses the token: marks it used if it still is usable.
     * @returns the token as it was, or null when it is unknown, of another purpose, used or expired
     */
    async consume(token: string, purpose: TokenPurpose, at: number): Promise<UserToken | null> {
      const found = await this.findUsable(token, purpose, at);
      if (!found) return null;
      // the conditional update decides between two uses at once
      const n = await db(TABLE).where({ id: found.id }).whereNull('used_at').update({ used_at: at });
      return n === 1 ? found : null;
    },
    /** Ends every unused token of a user for a purpose (e.g. after a reset, the other reset links). */
    async revoke(userId: number, purpose: TokenPurpose, at: number): Promise<void> {
      await db(TABLE).where({ user_id: userId, purpose }).whereNull('used_at').update({ used_at: at });
    },
    /** The pending (unused, unexpired) token of a user for a purpose, if any. */
    async pending(userId: number, purpose: TokenPurpose, at: number): Promise<UserToken | null> {
      const row: TokenRow | undefined = await db(TABLE).where({ user_id: userId, purpose }).whereNull('used_at').andWhere('expires_at', '>', at).orderBy('id', 'desc').first();
      return row ? toToken(row) : null;
    },
    /** Deletes tokens that ended before `before` (used or expired). */
    async purge(before: number): Promise<number> {
      return db(TABLE).where('expires_at', '<', before).orWhere('used_at', '<', before).del();
    },
  };
}
