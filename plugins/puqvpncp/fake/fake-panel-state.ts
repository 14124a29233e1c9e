/**
 * The fake panel's memory: licence slots, networks, clients, sessions, traffic overrides and one-time
 * links, with the panel's own refusals (duplicate name, bad name, no slot, full network, not found).
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { PanelLicense, PanelSessionRow, PanelSystemStatus, PanelTrafficRow, VpnProtocol } from '../server/panel/panel-types.js';
import { FakeNetwork, type FakeNetworkSpec } from './fake-network.js';
import { dayOf, daysOfMonth, generatedTraffic, type DayTraffic } from './fake-traffic.js';
import { generateWgKeys, newProfileUuid, qrDataUrl, type WgKeys } from './fake-vpn-files.js';

/** A refusal the fake answers with the error envelope. */
export class FakeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A client in the adopted wire shape of panel-api.md. */
export interface FakeWireClient {
  name: string;
  network_name: string;
  ipv4: string;
  username: string;
  password: string;
  status: 'enable' | 'disable';
  b_download: number;
  b_upload: number;
}

/** A session row in the adopted wire shape. */
export interface FakeSessionRow extends Omit<PanelSessionRow, 'protocol'> {
  protocol: VpnProtocol;
}

/** A client as the fake stores it: the wire fields plus what its files and history need. */
export interface FakeClient extends FakeWireClient {
  createdAt: Date;
  keys: WgKeys;
  uuid: string;
}

/** Settings a fresh state is built from. */
export interface FakeStateSettings {
  version: string;
  slots: { used: number; total: number };
  networks: readonly FakeNetworkSpec[];
  trafficSeed: string;
  clock: () => Date;
}

const WRONG_NAME = "Wrong name (only letters, numbers and '_', '-')";

/** The state of one fake panel; FakePanel.reset() replaces it wholesale. */
export class FakePanelState {
  readonly networks = new Map<string, FakeNetwork>();
  readonly clients = new Map<string, FakeClient>();
  /** one-time link token → client name */
  readonly otls = new Map<string, string>();
  readonly serverKeys = generateWgKeys();
  slotsTotal: number;
  /** accounts the licence counts that no fake client stands for */
  phantomAccounts: number;
  /** what `system/status` reports; "Loading (…)" while starting */
  statusWord = 'running';
  /** false: GET /license answers an error envelope (the panel runs on its free accounts) */
  licensed = true;
  private readonly sessions = new Map<string, FakeSessionRow[]>();
  private readonly trafficOverrides = new Map<string, Map<string, DayTraffic>>();
  /** rows added as they are to every traffic answer of a client, whatever month is asked */
  private readonly trafficExtras = new Map<string, PanelTrafficRow[]>();
  private readonly qrCache = new Map<string, Promise<string>>();

  constructor(private readonly settings: FakeStateSettings) {
    settings.networks.forEach((spec, i) => this.networks.set(spec.name, new FakeNetwork(spec, i)));
    this.slotsTotal = settings.slots.total;
    this.phantomAccounts = settings.slots.used;
  }

  /** Endpoint 1. */
  status(): PanelSystemStatus {
    return {
      version: this.settings.version,
      count_accounts: this.usedSlots(),
      count_accounts_available: this.slotsTotal,
      status: this.statusWord,
    };
  }

  /** Endpoint 2; the licence runs for a year from "now". A licence-less panel refuses. */
  license(): PanelLicense {
    if (!this.licensed) throw new FakeHttpError(400, 'License not found: the panel runs in the free version');
    const expires = new Date(this.settings.clock().getTime() + 365 * 86_400_000);
    return { key: 'FAKE-0000-LICENCE', valid: true, accounts: this.slotsTotal, expiration_date: dayOf(expires) };
  }

  /** Accounts the licence counts as used. */
  usedSlots(): number {
    return this.phantomAccounts + this.clients.size;
  }

  /** A network by name, or the panel's 404. */
  network(name: string): FakeNetwork {
    const network = this.networks.get(name);
    if (!network) throw new FakeHttpError(404, 'Network not found');
    return network;
  }

  /** A client by name, or the panel's 404. */
  client(name: string): FakeClient {
    const client = this.clients.get(name);
    if (!client) throw new FakeHttpError(404, 'Client not found');
    return client;
  }

  /** Endpoint 6, with the panel's checks in the panel's order; `createdAt` lets a demo backdate history. */
  createClient(body: unknown, createdAt?: Date): FakeClient {
    const { name, network_name: networkName } = (body ?? {}) as { name?: unknown; network_name?: unknown };
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new FakeHttpError(422, WRONG_NAME, { name: WRONG_NAME });
    if (this.clients.has(name)) throw new FakeHttpError(409, 'The name is already in use', { name: 'The name is already in use' });
    if (networkName !== undefined && typeof networkName !== 'string') {
      throw new FakeHttpError(422, 'The network_name must be a string', { network_name: 'must be a string' });
    }
    const chosen = networkName === undefined ? undefined : this.network(networkName);
    if (this.usedSlots() >= this.slotsTotal) throw new FakeHttpError(422, 'VPN account limit exceeded');
    // Without a network the panel takes the first one that still has an address.
    const network = chosen ?? [...this.networks.values()].find((n) => n.free().length > 0);
    const ipv4 = network?.take() ?? null;
    if (!network || ipv4 === null) throw new FakeHttpError(422, 'No free IP address in network');
    const client: FakeClient = {
      name,
      network_name: network.wire.name,
      ipv4,
      username: this.newUsername(),
      password: randomBytes(12).toString('base64url'),
      status: 'enable',
      b_download: network.wire.bandwidth_download,
      b_upload: network.wire.bandwidth_upload,
      createdAt: createdAt ?? this.settings.clock(),
      keys: generateWgKeys(),
      uuid: newProfileUuid(),
    };
    this.clients.set(name, client);
    return client;
  }

  /** Endpoint 7: bandwidth and/or status. */
  updateClient(name: string, body: unknown): FakeClient {
    const client = this.client(name);
    const input = (body ?? {}) as Record<string, unknown>;
    const errors: Record<string, string> = {};
    for (const field of ['b_download', 'b_upload'] as const) {
      const value = input[field];
      if (value === undefined) continue;
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) client[field] = value;
      else errors[field] = 'must be a whole number of Mbit/s, 0 or more';
    }
    if (input.status === 'enable' || input.status === 'disable') client.status = input.status;
    else if (input.status !== undefined) errors.status = 'must be enable or disable';
    if (Object.keys(errors).length > 0) throw new FakeHttpError(422, 'The given data was invalid', errors);
    return client;
  }

  /** Endpoint 8: frees the address, the licence slot, sessions and links. */
  deleteClient(name: string): void {
    const client = this.client(name);
    this.networks.get(client.network_name)?.release(client.ipv4);
    this.clients.delete(name);
    this.sessions.delete(name);
    this.trafficOverrides.delete(name);
    this.trafficExtras.delete(name);
    for (const [token, owner] of this.otls) if (owner === name) this.otls.delete(token);
    for (const key of this.qrCache.keys()) if (key.startsWith(`${name}\n`)) this.qrCache.delete(key);
  }

  /** Replaces a client's sessions; missing fields are filled from the client. */
  setOnline(name: string, rows: Partial<FakeSessionRow>[]): void {
    const client = this.client(name);
    const handshake = this.settings.clock().toISOString().slice(0, 19).replace('T', ' ');
    this.sessions.set(
      name,
      rows.map((row) => ({
        name,
        protocol: 'wireguard',
        network: client.network_name,
        ip: client.ipv4,
        endpoint: '203.0.113.7:51820',
        latest_handshake: handshake,
        transfer_rx: 0,
        transfer_tx: 0,
        ...row,
      })),
    );
  }

  /** Endpoint 10. */
  online(): FakeSessionRow[] {
    return [...this.sessions.values()].flat();
  }

  /** Pins one day's traffic of a client; a pinned day is always reported, whatever the clock says. */
  setTraffic(name: string, day: string, download: number, upload: number): void {
    this.client(name);
    const days = this.trafficOverrides.get(name) ?? new Map<string, DayTraffic>();
    days.set(day, { download, upload });
    this.trafficOverrides.set(name, days);
  }

  /** Adds rows to every traffic answer of a client as they are: days of other months, a day twice, odd values. */
  addTrafficRows(name: string, rows: PanelTrafficRow[]): void {
    this.client(name);
    this.trafficExtras.set(name, [...(this.trafficExtras.get(name) ?? []), ...rows]);
  }

  /** Endpoint 18: pinned days, else generated ones from the creation day up to today, then any added rows. */
  traffic(name: string, year: number, month: number): PanelTrafficRow[] {
    const client = this.client(name);
    const first = dayOf(client.createdAt);
    const today = dayOf(this.settings.clock());
    const pinned = this.trafficOverrides.get(name);
    return daysOfMonth(year, month).flatMap((day) => {
      const bytes = pinned?.get(day) ?? (day >= first && day <= today ? generatedTraffic(this.settings.trafficSeed, name, day) : null);
      return bytes ? [{ date: day, traffic_download: bytes.download, traffic_upload: bytes.upload }] : [];
    }).concat(this.trafficExtras.get(name) ?? []);
  }

  /** A QR PNG of a client's config, generated once: encoding is slow enough to matter in test suites. */
  qr(name: string, kind: string, text: string): Promise<string> {
    const key = `${name}\n${kind}`;
    const cached = this.qrCache.get(key) ?? qrDataUrl(text);
    this.qrCache.set(key, cached);
    return cached;
  }

  private newUsername(): string {
    const taken = new Set([...this.clients.values()].map((c) => c.username));
    let username: string;
    do username = `user_${randomInt(1000, 100_000)}`;
    while (taken.has(username));
    return username;
  }
}

/**
 * The wire form of a client, without the fake's bookkeeping.
 * @param client the stored client
 * @returns the client object of panel-api.md
 */
export function clientToWire(client: FakeClient): FakeWireClient {
  const { name, network_name, ipv4, username, password, status, b_download, b_upload } = client;
  return { name, network_name, ipv4, username, password, status, b_download, b_upload };
}
