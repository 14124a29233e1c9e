/**
 * A user's second factor: the TOTP secret (sealed with APP_KEY like VPN passwords, in the users row), the
 * last step a code was accepted for, and the single-use recovery codes (SHA-256 only). Accepting a code
 * and using a recovery code are each one conditional update: of two tries at once, one wins.
 */
import type { Knex } from 'knex';
import { knownSecrets } from '../security/mask-secrets.js';
import type { SecretBox } from '../security/secret-box.js';

/** A user's second-factor state (the secret decrypted, for checking a code). */
export interface TwoFactorState {
  secret: string | null;
  enabled: boolean;
  lastStep: number | null;
}

interface Row {
  totp_secret: string | null;
  totp_enabled_at: string | null;
  totp_last_step: number | string | null;
}

const CODES = 'user_recovery_codes';

export type TwoFactorRepository = ReturnType<typeof twoFactorRepository>;

/** Builds the repository over a knex instance or a transaction. */
export function twoFactorRepository(db: Knex, box: SecretBox, now: () => string) {
  return {
    async state(userId: number): Promise<TwoFactorState> {
      const row: Row | undefined = await db('users').where({ id: userId }).first('totp_secret', 'totp_enabled_at', 'totp_last_step');
      const secret = row?.totp_secret ? box.decrypt(row.totp_secret) : null;
      knownSecrets.add(secret);
      return { secret, enabled: Boolean(row?.totp_enabled_at), lastStep: row?.totp_last_step == null ? null : Number(row.totp_last_step) };
    },
    /** Whether each of these users has a confirmed second factor (for lists). */
    async enabledFor(userIds: number[]): Promise<Set<number>> {
      if (userIds.length === 0) return new Set();
      const rows: { id: number }[] = await db('users').whereIn('id', userIds).whereNotNull('totp_enabled_at').select('id');
      return new Set(rows.map((r) => Number(r.id)));
    },
    /** Stores a secret being enrolled (not yet confirmed), replacing an unconfirmed earlier one. */
    async begin(userId: number, secret: string): Promise<void> {
      knownSecrets.add(secret);
      await db('users').where({ id: userId }).whereNull('totp_enabled_at').update({ totp_secret: box.encrypt(secret), totp_last_step: null });
    },
    /** Confirms the enrolment with its first accepted step and stores the recovery codes' hashes. */
    async confirm(userId: number, step: number, codeHashes: string[]): Promise<boolean> {
      const n = await db('users').where({ id: userId }).whereNull('totp_enabled_at').whereNotNull('totp_secret').update({ totp_enabled_at: now(), totp_last_step: step });
      if (n !== 1) return false;
      await db(CODES).where({ user_id: userId }).del();
      await db(CODES).insert(codeHashes.map((code_hash) => ({ user_id: userId, code_hash })));
      return true;
    },
    /** Accepts a code's step once: false when that step (or a later one) was already used. */
    async useStep(userId: number, step: number): Promise<boolean> {
      const n = await db('users')
        .where({ id: userId })
        .andWhere((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
        .update({ totp_last_step: step });
      return n === 1;
    },
    /** Uses a recovery code once: false when it is unknown or used. */
    async useRecoveryCode(userId: number, codeHash: string, at: number): Promise<boolean> {
      const n = await db(CODES).where({ user_id: userId, code_hash: codeHash }).whereNull('used_at').update({ used_at: at });
      return n === 1;
    },
    async recoveryCodesLeft(userId: number): Promise<number> {
      const row = await db(CODES).where({ user_id: userId }).whereNull('used_at').count<{ n: number | string }[]>({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    /** Removes the second factor and its recovery codes. */
    async remove(userId: number): Promise<void> {
      await db('users').where({ id: userId }).update({ totp_secret: null, totp_enabled_at: null, totp_last_step: null });
      await db(CODES).where({ user_id: userId }).del();
    },
  };
}
