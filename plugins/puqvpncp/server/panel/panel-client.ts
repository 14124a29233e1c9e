/**
 * The ONE typed client of the puqVPNcp panel REST API (endpoints 1–19 of shared/docs/panel-api.md).
 * Every answer is read tolerantly and normalised here (panel-types.ts); every call is logged as one
 * module-log row per HTTP attempt; GETs are retried on transient failures while the time budget allows,
 * POST/PUT/DELETE never are (a lost answer must be reconciled by the caller, not repeated blindly).
 */
import type { ModuleLogWriter, RemoteCallMetrics, ServerRecord } from '../../../../server/plugins/plugin-api.js';
import { DEFAULT_ANSWER_LIMITS, type AnswerKind, type AnswerLimits } from './answer-limits.js';
import { clientListReader, type ClientListPage } from './client-list.js';
import { maskText } from './mask-secrets.js';
import { issueText, schemaReader, type DataReader } from './panel-answer.js';
import { panelRequest, type PanelConnection } from './panel-transport.js';
import type { TimeBudget } from './time-budget.js';
import * as t from './panel-types.js';

/** The panel's API port when a server record carries none. */
export const DEFAULT_PANEL_PORT = 8098;
/** TCP and TLS handshake budget. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
/** Budget from the start of an attempt to the first byte of the answer; creating a client takes the panel a while. */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 10_000;
/** First retry back-off of a GET; doubles per retry, with jitter. */
export const DEFAULT_RETRY_BASE_MS = 200;

/** Per-use options; timeouts given here beat the server record's overrides. */
export interface PanelClientOptions {
  log?: ModuleLogWriter;
  /** false: only failed calls are logged (default true) */
  logSuccess?: boolean;
  serviceId?: number | null;
  /** the module-log action; defaults to the client method's name */
  action?: string;
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
  retryBaseMs?: number;
  /** the action's time budget: every attempt, retry and back-off of every call fits in it */
  budget?: TimeBudget;
  limits?: AnswerLimits;
  /**
   * values to blank in logs and messages besides the API token (e.g. the service's VPN password); a Set
   * is shared, so what one client's answers reveal is blanked in the other clients' calls too
   */
  secrets?: Set<string> | readonly string[];
  /** told of every attempt (the portal's metrics) */
  observe?: RemoteCallMetrics['remoteCall'];
}

/** The online list as read: the rows that could be read, and what was wrong with the others. */
export interface OnlineList {
  rows: t.PanelSessionRow[];
  skipped: string[];
}

/** The readers of the plain answers, one per schema, built once when the module loads. */
const READ = {
  client: schemaReader(t.vpnClientSchema),
  status: schemaReader(t.systemStatusSchema),
  license: schemaReader(t.licenseSchema),
  networks: schemaReader(t.networkListSchema),
  network: schemaReader(t.networkSchema),
  ips: schemaReader(t.availableIpsSchema),
  deleted: schemaReader(t.deletedSchema),
  config: schemaReader(t.configTextSchema),
  qr: schemaReader(t.qrSchema),
  ovpn: schemaReader(t.openvpnProfileSchema),
  ikev2: schemaReader(t.ikev2ProfileSchema),
  otl: schemaReader(t.oneTimeLinkSchema),
  traffic: schemaReader(t.trafficListSchema),
} as const;

/** A client record whose `name` falls back to the one asked for (some answers leave it out). */
function clientReader(name: string): DataReader<t.PanelVpnClient> {
  return (data, site, status) => READ.client(withDefaultName(data, name), site, status);
}

/** The online list row by row: one odd row is skipped (and reported), the others still count. */
const onlineReader: DataReader<OnlineList> = (data) => {
  const items = data === null || data === undefined ? [] : Array.isArray(data) ? data : typeof data === 'object' ? Object.values(data) : [data];
  const rows: t.PanelSessionRow[] = [];
  const skipped: string[] = [];
  items.forEach((item, i) => {
    const row = t.sessionRowSchema.safeParse(item);
    if (row.success) rows.push(row.data);
    else skipped.push(issueText(row.error.issues, `data[${i}]`));
  });
  return { rows, skipped };
};

/** Typed access to one panel; cheap to construct, holds no connection. */
export class PanelClient {
  private readonly conn: PanelConnection;
  private readonly action?: string;

  /**
   * Resolves address, timeouts, budget, limits and logging for one server.
   * @param server the panel server, token already decrypted
   * @param options logging context, budget and timeout overrides
   * @param limits the answer limits when the options carry none
   */
  constructor(server: ServerRecord, options: PanelClientOptions = {}, limits: AnswerLimits = DEFAULT_ANSWER_LIMITS) {
    const port = server.port > 0 ? server.port : DEFAULT_PANEL_PORT;
    const host = server.hostname.includes(':') ? `[${server.hostname}]` : server.hostname;
    this.action = options.action;
    this.conn = {
      serverId: server.id,
      serverName: server.name,
      address: `${host}:${port}`,
      baseUrl: `${server.secure ? 'https' : 'http'}://${host}:${port}/api/v1`,
      token: server.apiToken,
      allowSelfSigned: server.secure && server.allowSelfSigned,
      connectTimeoutMs: options.connectTimeoutMs ?? server.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      responseTimeoutMs: options.responseTimeoutMs ?? server.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS,
      retryBaseMs: options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS,
      log: options.log,
      logSuccess: options.logSuccess ?? true,
      serviceId: options.serviceId ?? null,
      budget: options.budget,
      limits: options.limits ?? limits,
      secrets: options.secrets instanceof Set ? options.secrets : new Set((options.secrets ?? []).filter((s) => s.length > 0)),
      observe: options.observe,
    };
  }

  /** The "host:port" this client dials, for messages. */
  get address(): string {
    return this.conn.address;
  }

  /** Masks the API token and the other known secrets in a text, e.g. an error before it is shown. */
  scrub(text: string): string {
    return maskText(text, [this.conn.token, ...this.conn.secrets]);
  }

  /** Version, licence-slot usage and readiness (endpoint 1). */
  systemStatus(): Promise<t.PanelSystemStatus> {
    return this.get('systemStatus', '/system/status', READ.status);
  }

  /** The panel's licence (endpoint 2); a licence-less panel answers with an error envelope. */
  license(): Promise<t.PanelLicense> {
    return this.get('license', '/license', READ.license);
  }

  /** Every network (endpoint 3). */
  networks(): Promise<t.PanelNetwork[]> {
    return this.get('networks', '/network', READ.networks);
  }

  /** One network, with its enabled protocols (endpoint 4). */
  network(name: string): Promise<t.PanelNetwork> {
    return this.get('network', `/network/${enc(name)}`, (data, site, status) => READ.network(withDefaultName(data, name), site, status));
  }

  /** Free IPv4 addresses of a network, possibly none (endpoint 5). */
  availableIps(name: string): Promise<string[]> {
    return this.get('availableIps', `/network/${enc(name)}/available_ip`, READ.ips);
  }

  /** Creates a VPN client; the panel picks the network when none is given (endpoint 6). */
  createClient(input: t.CreateClientInput): Promise<t.PanelVpnClient> {
    // Without a ticked pair the key is left out entirely, so the panel chooses (not an empty name).
    const body = input.network_name === undefined ? { name: input.name } : { name: input.name, network_name: input.network_name };
    return this.send('createClient', 'POST', '/client', body, clientReader(input.name));
  }

  /** Changes bandwidth (Mbit/s, 0 = unlimited) and/or enables or disables a client (endpoint 7). */
  updateClient(name: string, input: t.UpdateClientInput): Promise<t.PanelVpnClient> {
    return this.send('updateClient', 'PUT', `/client/${enc(name)}`, input, clientReader(name));
  }

  /** Deletes a client; "not found" surfaces as PanelRejectedError with isNotFound() (endpoint 8). */
  async deleteClient(name: string): Promise<void> {
    await this.send('deleteClient', 'DELETE', `/client/${enc(name)}`, undefined, READ.deleted);
  }

  /** One client, with its panel-generated username and password (endpoint 9). */
  getClient(name: string): Promise<t.PanelVpnClient> {
    return this.get('getClient', `/client/${enc(name)}`, clientReader(name));
  }

  /**
   * One page of every client of the panel (endpoint 19). A panel that does not page ignores the
   * parameters and sends them all; see client-list.ts for the shapes read.
   * @param page 1-based
   * @param perPage clients asked per page
   */
  listClients(page: number, perPage: number): Promise<ClientListPage> {
    return this.get('listClients', `/client?page=${page}&per_page=${perPage}`, clientListReader, 'clients');
  }

  /**
   * Current sessions of all clients; [] when nobody is connected (endpoint 10). Rows that cannot be read
   * are left out and reported in `skipped` (and in the module log as one line).
   */
  async online(): Promise<OnlineList> {
    const list = await this.get('online', '/client/online', onlineReader, 'online');
    if (list.skipped.length > 0 && this.conn.log) {
      await this.conn
        .log({ serviceId: this.conn.serviceId, serverId: this.conn.serverId, action: this.action ?? 'online', method: 'GET', path: '/client/online', error: this.scrub(`skipped ${list.skipped.length} row(s) of the online list that could not be read: ${list.skipped.slice(0, 3).join('; ')}`) })
        .catch(() => undefined);
    }
    return list;
  }

  /** The WireGuard `.conf` text (endpoint 11). */
  wireguardConfig(name: string): Promise<string> {
    return this.get('wireguardConfig', `/client/${enc(name)}/config/text`, READ.config, 'config');
  }

  /** The WireGuard config as an image data URL (endpoint 12). */
  wireguardQr(name: string): Promise<string> {
    return this.get('wireguardQr', `/client/${enc(name)}/config/qr`, READ.qr, 'qr');
  }

  /** The OpenVPN `.ovpn` text (endpoint 13). */
  openvpnProfile(name: string): Promise<string> {
    return this.get('openvpnProfile', `/client/${enc(name)}/openvpn/profile`, READ.ovpn, 'config');
  }

  /** The strongSwan `.sswan` profile object (endpoint 14). */
  ikev2Profile(name: string): Promise<t.PanelIkev2Profile> {
    return this.get('ikev2Profile', `/client/${enc(name)}/ikev2/profile`, READ.ikev2, 'config');
  }

  /** The AmneziaWG `.conf` text (endpoint 15). */
  amneziawgConfig(name: string): Promise<string> {
    return this.get('amneziawgConfig', `/client/${enc(name)}/amneziawg/config`, READ.config, 'config');
  }

  /** The AmneziaWG config as an image data URL (endpoint 16). */
  amneziawgQr(name: string): Promise<string> {
    return this.get('amneziawgQr', `/client/${enc(name)}/amneziawg/qr`, READ.qr, 'qr');
  }

  /** Creates a one-time download link; a POST, so never retried (endpoint 17). */
  oneTimeLink(name: string): Promise<string> {
    return this.send('oneTimeLink', 'POST', `/client/${enc(name)}/otl`, undefined, READ.otl);
  }

  /**
   * The panel's own API description, `GET /api/v1/openapi.json` (OpenAPI 3, no auth needed).
   * @throws PanelProtocolError with the HTTP status when the panel does not publish it
   */
  openapi(): Promise<unknown> {
    return panelRequest(this.conn, { method: 'GET', path: '/openapi.json', read: (doc) => doc, kind: 'openapi', action: this.action ?? 'openapi', envelope: false });
  }

  /**
   * Daily traffic of one calendar month as the panel sends it (endpoint 18); see traffic-rows.ts for the
   * month's own rules (one row per day, days outside the month dropped).
   * @param name the VPN client name
   * @param year four-digit year
   * @param month 1–12; sent as two digits, which every panel version accepts
   * @throws RangeError (as a rejection) when year or month is out of range, before any call
   */
  async traffic(name: string, year: number, month: number): Promise<t.PanelTrafficRow[]> {
    if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`traffic(): year ${year} is not a four-digit year`);
    if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`traffic(): month ${month} is not 1-12`);
    const path = `/client/${enc(name)}/traffic/${year}/${String(month).padStart(2, '0')}`;
    return this.get('traffic', path, (d, site, status) => t.plainTrafficList(d) ?? READ.traffic(d, site, status), 'traffic');
  }

  private get<T>(method: string, path: string, reader: DataReader<T>, kind: AnswerKind = 'other'): Promise<T> {
    return panelRequest(this.conn, { method: 'GET', path, read: reader, kind, action: this.action ?? method });
  }

  private send<T>(method: string, verb: 'POST' | 'PUT' | 'DELETE', path: string, body: object | undefined, reader: DataReader<T>): Promise<T> {
    return panelRequest(this.conn, { method: verb, path, body, read: reader, kind: 'other', action: this.action ?? method });
  }
}

/** A client or network object that leaves out its own name gets the one asked for. */
function withDefaultName(data: unknown, name: string): unknown {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && (data as { name?: unknown }).name === undefined ? { ...data, name } : data;
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
