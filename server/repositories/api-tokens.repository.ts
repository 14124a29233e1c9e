/**
 * Admin API tokens, stored as SHA-256 hashes.
 */
import type { Knex } from 'knex';
import type { AdminRole, ApiTokenInfo } from '../domain/types.js';

interface TokenRow {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
  role?: string | null;
}

const toInfo = (r: TokenRow): ApiTokenInfo => ({ id: r.id, name: r.name, role: (r.role ?? 'owner') as AdminRole, createdAt: r.created_at, lastUsedAt: r.last_used_at });

export type ApiTokensRepository = ReturnType<typeof apiTokensRepository>;

/** Builds the API token repository. */
export function apiTokensRepository(db: Knex, now: () => string) {
  return {
    async create(name: string, tokenHash: string, role: AdminRole = 'owner'): Promise<ApiTokenInfo> {
      const [row] = await db('api_tokens').insert({ name, token_hash: tokenHash, role, created_at: now() }).returning('*');
      return toInfo(row as TokenRow);
    },
    async nameTaken(name: string): Promise<boolean> {
      return Boolean(await db('api_tokens').where({ name }).first('id'));
    },
    /** Finds a token by hash and stamps its last use (at most once a minute, to spare writes). */
    async use(tokenHash: string): Promise<ApiTokenInfo | null> {
      const row = (await db('api_tokens').where({ token_hash: tokenHash }).first()) as TokenRow | undefined;
      if (!row) return null;
      const ts = now();
      if (!row.last_used_at || row.last_used_at.slice(0, 16) !== ts.slice(0, 16)) {
        await db('api_tokens').where({ id: row.id }).update({ last_used_at: ts });
      }
      return toInfo(row);
    },
    async list(): Promise<ApiTokenInfo[]> {
      return (await db<TokenRow>('api_tokens').orderBy('id')).map(toInfo);
    },
    /** Deletes a token; resolves false when no token has that name. */
    async revoke(name: string): Promise<boolean> {
      return (await db('api_tokens').where({ name }).del()) > 0;
    },
  };
}
