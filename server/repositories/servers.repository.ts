/**
 * Panel servers. The API token is encrypted on the way in and decrypted only into a ServerRecord,
 * which goes to the plugin and never to a page.
 */
import type { Knex } from 'knex';
import type { ServerRecord, ServerSummary } from '../domain/types.js';
import { knownSecrets } from '../security/mask-secrets.js';
import type { SecretBox } from '../security/secret-box.js';

interface ServerRow {
  id: number;
  name: string;
  module: string;
  hostname: string;
  port: number;
  secure: boolean | number;
  allow_self_signed: boolean | number;
  api_token_enc: string;
  server_group_id: number;
  enabled: boolean | number;
  connect_timeout_ms: number | null;
  response_timeout_ms: number | null;
  settings: string;
}

export interface ServerInput {
  name: string;
  module: string;
  hostname: string;
  port: number;
  secure: boolean;
  allowSelfSigned: boolean;
  serverGroupId: number;
  enabled: boolean;
  connectTimeoutMs: number | null;
  responseTimeoutMs: number | null;
  /** the module's settings document, already validated by its schema */
  settings: unknown;
  /** undefined keeps the stored token */
  apiToken?: string;
}

function toSummary(r: ServerRow): ServerSummary {
  return {
    id: r.id,
    name: r.name,
    module: r.module,
    hostname: r.hostname,
    port: r.port,
    secure: Boolean(r.secure),
    allowSelfSigned: Boolean(r.allow_self_signed),
    serverGroupId: r.server_group_id,
    enabled: Boolean(r.enabled),
    connectTimeoutMs: r.connect_timeout_ms,
    responseTimeoutMs: r.response_timeout_ms,
    settings: JSON.parse(r.settings) as unknown,
    tokenSet: Boolean(r.api_token_enc),
  };
}

/** The last Test Connection of a server, as the servers list shows it. */
export interface ServerHealth {
  at: string | null;
  ok: boolean | null;
  summary: string | null;
  version: string | null;
  slotsUsed: number | null;
  slotsTotal: number | null;
}

export type ServersRepository = ReturnType<typeof serversRepository>;

/** Builds the servers repository. */
export function serversRepository(db: Knex, box: SecretBox, now: () => string) {
  const toRecord = (r: ServerRow): ServerRecord => {
    const { tokenSet: _unused, ...summary } = toSummary(r);
    const apiToken = box.decrypt(r.api_token_enc);
    // from here on the token is masked wherever this process logs or shows a text
    knownSecrets.add(apiToken);
    return { ...summary, apiToken };
  };
  const columns = (input: ServerInput) => ({
    name: input.name,
    module: input.module,
    hostname: input.hostname,
    port: input.port,
    secure: input.secure,
    allow_self_signed: input.allowSelfSigned,
    server_group_id: input.serverGroupId,
    enabled: input.enabled,
    connect_timeout_ms: input.connectTimeoutMs,
    response_timeout_ms: input.responseTimeoutMs,
    settings: JSON.stringify(input.settings ?? {}),
    updated_at: now(),
  });
  const enabledInGroup = async (groupId: number): Promise<ServerRecord[]> => {
    const rows = await db<ServerRow>('servers').where({ server_group_id: groupId, enabled: true }).orderBy('id');
    return rows.map(toRecord);
  };
  return {
    async list(): Promise<ServerSummary[]> {
      return (await db<ServerRow>('servers').orderBy('name')).map(toSummary);
    },
    async findSummary(id: number): Promise<ServerSummary | null> {
      const row = await db<ServerRow>('servers').where({ id }).first();
      return row ? toSummary(row) : null;
    },
    /** The server with its decrypted token, for panel calls only. */
    async findRecord(id: number): Promise<ServerRecord | null> {
      const row = await db<ServerRow>('servers').where({ id }).first();
      return row ? toRecord(row) : null;
    },
    /** The enabled servers of a group with their decrypted tokens, for panel calls only. */
    enabledInGroup,
    /**
     * Decrypts every stored token once, so the masking knows them before any is used (start-up).
     * @returns how many could not be decrypted (a changed APP_KEY: their use will say so)
     */
    async registerSecrets(): Promise<number> {
      let unreadable = 0;
      for (const row of await db<ServerRow>('servers').select('api_token_enc')) {
        try {
          knownSecrets.add(box.decrypt(row.api_token_enc));
        } catch {
          unreadable++;
        }
      }
      return unreadable;
    },
    async create(input: ServerInput & { apiToken: string }): Promise<ServerSummary> {
      knownSecrets.add(input.apiToken);
      const [row] = await db('servers')
        .insert({ ...columns(input), api_token_enc: box.encrypt(input.apiToken), created_at: now() })
        .returning('*');
      return toSummary(row as ServerRow);
    },
    async nameTaken(name: string, exceptId?: number): Promise<boolean> {
      const q = db('servers').whereRaw('lower(name) = ?', [name.toLowerCase()]);
      if (exceptId !== undefined) q.whereNot({ id: exceptId });
      return Boolean(await q.first('id'));
    },
    /** The names of a group's servers. */
    async namesInGroup(groupId: number): Promise<string[]> {
      return (await db('servers').where({ server_group_id: groupId }).orderBy('name').select('name')).map((r: { name: string }) => r.name);
    },
    async remove(id: number): Promise<void> {
      await db('servers').where({ id }).delete();
    },
    async recordTest(id: number, health: Omit<ServerHealth, 'at'>): Promise<void> {
      await db('servers').where({ id }).update({
        last_test_at: now(), last_test_ok: health.ok, last_test_summary: health.summary?.slice(0, 500) ?? null,
        panel_version: health.version?.slice(0, 64) ?? null, slots_used: health.slotsUsed, slots_total: health.slotsTotal,
      });
    },
    /** Every server's last test, by server id. */
    async health(): Promise<Map<number, ServerHealth>> {
      const rows = await db('servers').select('id', 'last_test_at', 'last_test_ok', 'last_test_summary', 'panel_version', 'slots_used', 'slots_total');
      return new Map(rows.map((r: Record<string, unknown>) => [Number(r.id), {
        at: (r.last_test_at as string | null) ?? null,
        ok: r.last_test_ok === null || r.last_test_ok === undefined ? null : Boolean(r.last_test_ok),
        summary: (r.last_test_summary as string | null) ?? null,
        version: (r.panel_version as string | null) ?? null,
        slotsUsed: r.slots_used === null ? null : Number(r.slots_used),
        slotsTotal: r.slots_total === null ? null : Number(r.slots_total),
      }]));
    },
    async update(id: number, input: ServerInput): Promise<void> {
      const patch: Record<string, unknown> = columns(input);
      if (input.apiToken) patch.api_token_enc = box.encrypt(input.apiToken);
      knownSecrets.add(input.apiToken);
      await db('servers').where({ id }).update(patch);
    },
  };
}
