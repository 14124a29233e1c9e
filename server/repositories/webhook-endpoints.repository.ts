/**
 * The webhook endpoints admins register: a URL, the secret that signs each delivery (encrypted at rest
 * with APP_KEY, known to the masking once read) and the event types it receives.
 */
import type { Knex } from 'knex';
import { knownSecrets } from '../security/mask-secrets.js';
import type { SecretBox } from '../security/secret-box.js';

interface EndpointRow {
  id: number;
  url: string;
  secret_enc: string;
  events: string;
  enabled: boolean | number;
  created_at: string;
  updated_at: string;
}

/** An endpoint as admins see it: never its secret. */
export interface WebhookEndpoint {
  id: number;
  url: string;
  events: string[];
  enabled: boolean;
  createdAt: string;
}

/** A new endpoint, or the fields an edit changes. */
export interface EndpointInput {
  url: string;
  secret: string;
  events: string[];
  enabled?: boolean;
}

const TABLE = 'webhook_endpoints';

const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: Number(r.id),
  url: r.url,
  events: JSON.parse(r.events) as string[],
  enabled: Boolean(r.enabled),
  createdAt: r.created_at,
});

export type WebhookEndpointsRepository = ReturnType<typeof webhookEndpointsRepository>;

/** Builds the endpoints over a knex instance or a transaction. */
export function webhookEndpointsRepository(db: Knex, box: SecretBox, now: () => string) {
  return {
    async list(): Promise<WebhookEndpoint[]> {
      return (await db<EndpointRow>(TABLE).orderBy('id')).map(toEndpoint);
    },
    async find(id: number): Promise<WebhookEndpoint | null> {
      const row = await db<EndpointRow>(TABLE).where({ id }).first();
      return row ? toEndpoint(row) : null;
    },
    /** The enabled endpoints that receive `type`. */
    async subscribedTo(type: string): Promise<WebhookEndpoint[]> {
      // a handful of rows: filtered here rather than with each dialect's JSON operators
      const rows = await db<EndpointRow>(TABLE).where({ enabled: true });
      return rows.map(toEndpoint).filter((e) => e.events.includes(type));
    },
    /** The endpoint's signing secret, decrypted (and masked everywhere from now on). */
    async secret(id: number): Promise<string | null> {
      const row = await db<EndpointRow>(TABLE).where({ id }).first('secret_enc');
      if (!row) return null;
      const secret = box.decrypt(row.secret_enc);
      knownSecrets.add(secret);
      return secret;
    },
    /** Registers every stored secret with the masking (start-up); returns how many could not be read. */
    async registerSecrets(): Promise<number> {
      let unreadable = 0;
      for (const row of await db<EndpointRow>(TABLE).select('secret_enc')) {
        try {
          knownSecrets.add(box.decrypt(row.secret_enc));
        } catch {
          unreadable++;
        }
      }
      return unreadable;
    },
    async create(input: EndpointInput): Promise<WebhookEndpoint> {
      knownSecrets.add(input.secret);
      const at = now();
      const [row] = await db(TABLE)
        .insert({ url: input.url, secret_enc: box.encrypt(input.secret), events: JSON.stringify(input.events), enabled: input.enabled ?? true, created_at: at, updated_at: at })
        .returning('id');
      const id = Number(typeof row === 'object' ? (row as { id: number }).id : row);
      return (await this.find(id)) as WebhookEndpoint;
    },
    /** Changes the given fields; an absent secret keeps the stored one. */
    async update(id: number, patch: Partial<EndpointInput>): Promise<void> {
      const fields: Record<string, unknown> = { updated_at: now() };
      if (patch.url !== undefined) fields.url = patch.url;
      if (patch.events !== undefined) fields.events = JSON.stringify(patch.events);
      if (patch.enabled !== undefined) fields.enabled = patch.enabled;
      if (patch.secret) {
        knownSecrets.add(patch.secret);
        fields.secret_enc = box.encrypt(patch.secret);
      }
      await db(TABLE).where({ id }).update(fields);
    },
    /** Removes the endpoint and its deliveries. */
    async remove(id: number): Promise<boolean> {
      await db('webhook_deliveries').where({ endpoint_id: id }).del();
      return (await db(TABLE).where({ id }).del()) === 1;
    },
  };
}
