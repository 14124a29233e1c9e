/**
 * The module log: one row per panel call or lifecycle decision. Whatever a caller hands in (a plugin
 * is expected to mask its own secrets) is masked again here by the host (mask-secrets.ts) before it is
 * stored, and once more as it is read, so a secret learned after a row was written is not shown either.
 */
import type { Knex } from 'knex';
import type { ModuleLogEntry } from '../plugins/plugin-api.js';
import type { ModuleLogRow } from '../domain/types.js';
import { maskSecrets, maskText } from '../security/mask-secrets.js';
import { filters, type ListPage, type ListQuery } from '../domain/lists/list-query.js';
import { applyFilters, readPage, type ListFilters } from './paged-list.js';

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** action (exact), outcome (ok: no error; failed: an error), from/to (UTC days, both included). */
export const moduleLogFilters: ListFilters = {
  action: { parse: (t) => (t.length <= 64 ? t : null), message: 'is at most 64 characters', apply: (q, v) => { q.where('action', v); } },
  outcome: { ...filters.oneOf(['ok', 'failed']), apply: (q, v) => { if (v === 'ok') q.whereNull('error'); else q.whereNotNull('error'); } },
  from: { ...filters.date(), apply: (q, v) => { q.where('created_at', '>=', String(v)); } },
  to: { ...filters.date(), apply: (q, v) => { q.where('created_at', '<', nextDay(String(v))); } },
};

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
    /** One page of a service's log, newest first, filtered by moduleLogFilters. */
    async pageForService(serviceId: number, list: ListQuery): Promise<ListPage<ModuleLogRow>> {
      const query = db<LogRow>('module_log').where({ service_id: serviceId });
      applyFilters(query, moduleLogFilters, list.filters);
      const { rows, total } = await readPage<LogRow>(query, [{ column: 'id', order: 'desc' }], list);
      return { items: rows.map(toRow), page: list.page, perPage: list.perPage, total };
    },
    /** The actions a service's log holds, for the page's filter. */
    async actionsForService(serviceId: number): Promise<string[]> {
      return (await db('module_log').where({ service_id: serviceId }).distinct('action').orderBy('action')).map((r: { action: string }) => r.action);
    },
    async recent(limit = 100): Promise<ModuleLogRow[]> {
      return (await db<LogRow>('module_log').orderBy('id', 'desc').limit(limit)).map(toRow);
    },
  };
}
