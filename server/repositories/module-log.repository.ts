/**
 * The module log: one row per panel call or lifecycle decision. Whatever a caller hands in (a plugin
 * is expected to mask its own secrets) is masked again here by the host (mask-secrets.ts) before it is
 * stored, and once more as it is read, so a secret learned after a row was written is not shown either.
 */
import type { Knex } from 'knex';
import type { ModuleLogEntry } from '../plugins/plugin-api.js';
import type { ModuleLogRow } from '../domain/types.js';
import { maskSecrets, maskText } from '../security/mask-secrets.js';

interface LogRow {
  id: number;
  service_id: number | null;
  server_id: number | null;
  action: string;
  method: string | null;
  path: string | null;
  request: string | null;
  response: string | null;
  http_status: number | null;
  duration_ms: number | null;
  error: string | null;
  created_at: string;
}

const MAX_BODY = 20_000;

function serialise(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === 'string' ? maskText(value) : JSON.stringify(maskSecrets(value));
  return text.length > MAX_BODY ? text.slice(0, MAX_BODY) + '…[truncated]' : text;
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return maskSecrets(JSON.parse(text) as unknown);
  } catch {
    return maskText(text);
  }
}

const toRow = (r: LogRow): ModuleLogRow => ({
  id: Number(r.id),
  at: r.created_at,
  serviceId: r.service_id,
  serverId: r.server_id,
  action: r.action,
  method: r.method,
  path: r.path === null ? null : maskText(r.path),
  request: parse(r.request),
  response: parse(r.response),
  httpStatus: r.http_status,
  durationMs: r.duration_ms,
  error: r.error === null ? null : maskText(r.error),
});

export type ModuleLogRepository = ReturnType<typeof moduleLogRepository>;

/** Builds the module log repository. */
export function moduleLogRepository(db: Knex, now: () => string) {
  return {
    async write(entry: ModuleLogEntry): Promise<void> {
      await db('module_log').insert({
        service_id: entry.serviceId ?? null,
        server_id: entry.serverId ?? null,
        action: entry.action.slice(0, 64),
        method: entry.method ?? null,
        path: entry.path ? maskText(entry.path).slice(0, 300) : null,
        request: serialise(entry.request),
        response: serialise(entry.response),
        http_status: entry.httpStatus ?? null,
        duration_ms: entry.durationMs === undefined || entry.durationMs === null ? null : Math.round(entry.durationMs),
        error: entry.error ? maskText(entry.error) : null,
        created_at: now(),
      });
    },
    /** Newest first. */
    async forService(serviceId: number, limit = 100): Promise<ModuleLogRow[]> {
      return (await db<LogRow>('module_log').where({ service_id: serviceId }).orderBy('id', 'desc').limit(limit)).map(toRow);
    },
    async recent(limit = 100): Promise<ModuleLogRow[]> {
      return (await db<LogRow>('module_log').orderBy('id', 'desc').limit(limit)).map(toRow);
    },
  };
}
