/**
 * The ONE typed client of the puqVPNcp panel REST API (endpoints 1–18 of shared/docs/panel-api.md).
 * Every call is logged as one module-log row per HTTP attempt; GETs are retried on transient failures,
 * POST/PUT/DELETE never are (a lost answer must be reconciled by the caller, not repeated blindly).
 */
import type { ModuleLogWriter, ServerRecord } from '../../../../server/plugins/plugin-api.js';
import { panelRequest, type PanelCall, type PanelConnection } from './panel-transport.js';
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
  serviceId?: number | null;
  /** the module-log action; defaults to the client method's name */
  action?: string;
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
  retryBaseMs?: number;
}

/** Typed access to one panel; cheap to construct, holds no connection. */
export class PanelClient {
  private readonly conn: PanelConnection;
  private readonly action?: string;

  /**
   * Resolves address, timeouts and logging for one server.
   * @param server the panel server, token already decrypted
   * @param options logging context and timeout overrides
   */
  constructor(server: ServerRecord, options: PanelClientOptions = {}) {
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
      serviceId: options.serviceId ?? null,
    };
  }

  /** Version and licence-slot usage (endpoint 1). */
  systemStatus(): Promise<t.PanelSystemStatus> {
    return this.call('systemStatus', { method: 'GET', path: '/system/status', schema: t.systemStatusSchema });
  }

  /** The panel's licence (endpoint 2). */
  license(): Promise<t.PanelLicense> {
    return this.call('license', { method: 'GET', path: '/license', schema: t.licenseSchema });
  }

  /** Every network (endpoint 3). */
  networks(): Promise<t.PanelNetwork[]> {
    return this.call('networks', { method: 'GET', path: '/network', schema: t.networkListSchema });
  }

  /** One network, with its enabled protocols (endpoint 4). */
  network(name: string): Promise<t.PanelNetwork> {
    return this.call('network', { method: 'GET', path: `/network/${enc(name)}`, schema: t.networkSchema });
  }

  /** Free IPv4 addresses of a network, possibly none (endpoint 5). */
  availableIps(name: string): Promise<string[]> {
    const path = `/network/${enc(name)}/available_ip`;
    return this.call('availableIps', { method: 'GET', path, schema: t.availableIpsSchema });
  }

  /** Creates a VPN client; the panel picks the network when none is given (endpoint 6). */
  createClient(input: t.CreateClientInput): Promise<t.PanelClient> {
    // Without a ticked pair the key is left out entirely, so the panel chooses (not an empty name).
    const body = input.network_name === undefined ? { name: input.name } : { name: input.name, network_name: input.network_name };
    return this.call('createClient', { method: 'POST', path: '/client', body, schema: t.clientSchema });
  }

  /** Changes bandwidth (Mbit/s, 0 = unlimited) and/or enables or disables a client (endpoint 7). */
  updateClient(name: string, input: t.UpdateClientInput): Promise<t.PanelClient> {
    return this.call('updateClient', { method: 'PUT', path: `/client/${enc(name)}`, body: input, schema: t.clientSchema });
  }

  /** Deletes a client; a 404 surfaces as PanelRejectedError with isNotFound() (endpoint 8). */
  async deleteClient(name: string): Promise<void> {
    await this.call('deleteClient', { method: 'DELETE', path: `/client/${enc(name)}`, schema: t.deletedSchema });
  }

  /** One client, with its panel-generated username and password (endpoint 9). */
  getClient(name: string): Promise<t.PanelClient> {
    return this.call('getClient', { method: 'GET', path: `/client/${enc(name)}`, schema: t.clientSchema });
  }

  /** Current sessions of all clients; [] when nobody is connected (endpoint 10). */
  online(): Promise<t.PanelSessionRow[]> {
    return this.call('online', { method: 'GET', path: '/client/online', schema: t.sessionListSchema });
  }

  /** The WireGuard `.conf` text (endpoint 11). */
  async wireguardConfig(name: string): Promise<string> {
    const path = `/client/${enc(name)}/config/text`;
    return (await this.call('wireguardConfig', { method: 'GET', path, schema: t.configTextSchema })).config;
  }

  /** The WireGuard config as a PNG data URL (endpoint 12). */
  async wireguardQr(name: string): Promise<string> {
    const path = `/client/${enc(name)}/config/qr`;
    return (await this.call('wireguardQr', { method: 'GET', path, schema: t.qrSchema })).qr;
  }

  /** The OpenVPN `.ovpn` text (endpoint 13). */
  async openvpnProfile(name: string): Promise<string> {
    const path = `/client/${enc(name)}/openvpn/profile`;
    return (await this.call('openvpnProfile', { method: 'GET', path, schema: t.openvpnProfileSchema })).profile;
  }

  /** The strongSwan `.sswan` profile object (endpoint 14). */
  async ikev2Profile(name: string): Promise<t.PanelIkev2Profile> {
    const path = `/client/${enc(name)}/ikev2/profile`;
    return (await this.call('ikev2Profile', { method: 'GET', path, schema: t.ikev2ProfileSchema })).profile;
  }

  /** The AmneziaWG `.conf` text (endpoint 15). */
  async amneziawgConfig(name: string): Promise<string> {
    const path = `/client/${enc(name)}/amneziawg/config`;
    return (await this.call('amneziawgConfig', { method: 'GET', path, schema: t.configTextSchema })).config;
  }

  /** The AmneziaWG config as a PNG data URL (endpoint 16). */
  async amneziawgQr(name: string): Promise<string> {
    const path = `/client/${enc(name)}/amneziawg/qr`;
    return (await this.call('amneziawgQr', { method: 'GET', path, schema: t.qrSchema })).qr;
  }

  /** Creates a one-time download link; a POST, so never retried (endpoint 17). */
  async oneTimeLink(name: string): Promise<string> {
    const path = `/client/${enc(name)}/otl`;
    return (await this.call('oneTimeLink', { method: 'POST', path, schema: t.oneTimeLinkSchema })).url;
  }

  /**
   * Daily traffic of one calendar month, one row per day with data (endpoint 18).
   * @param name the VPN client name
   * @param year four-digit year
   * @param month 1–12; sent as two digits, which every panel version accepts
   * @throws RangeError (as a rejection) when year or month is out of range, before any call
   */
  async traffic(name: string, year: number, month: number): Promise<t.PanelTrafficRow[]> {
    if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`traffic(): year ${year} is not a four-digit year`);
    if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`traffic(): month ${month} is not 1-12`);
    const path = `/client/${enc(name)}/traffic/${year}/${String(month).padStart(2, '0')}`;
    return this.call('traffic', { method: 'GET', path, schema: t.trafficListSchema, fast: t.parseTrafficList });
  }

  private call<T>(method: string, call: Omit<PanelCall<T>, 'action'>): Promise<T> {
    // the action is added to the caller's fresh literal: a spread copy with one key more is a four times
    // larger object, and the daily pull makes one per call
    return panelRequest(this.conn, Object.assign(call, { action: this.action ?? method }));
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
