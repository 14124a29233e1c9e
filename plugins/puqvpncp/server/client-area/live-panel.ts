/**
 * The panel as the customer's pages read it: short per-call budgets so a slow panel cannot hold a page,
 * and brief caches keyed by server and client name so a page view or a status poll costs the panel at
 * most a few calls. Only the panel client speaks the wire format; this module decides when to ask.
 */
import type { ModuleLogWriter, PluginCache, PluginHost, ServerRecord } from '../../../../server/plugins/plugin-api.js';
import { PanelClient } from '../panel/panel-client.js';
import type { PanelClient as PanelVpnClient, PanelIkev2Profile, PanelNetwork, PanelSessionRow, PanelTrafficRow, VpnProtocol } from '../panel/panel-types.js';
import { withDeadline } from './deadline.js';

/** A cached answer and when the panel was asked for it (epoch ms). */
export interface Cached<V> {
  value: V;
  loadedAt: number;
}

/** Budgets and lifetimes of the client area's panel calls, in milliseconds. */
export interface LivePanelTimings {
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  /** the whole call, retries included: a page renders after this whatever the panel does */
  deadlineMs: number;
  /** client record, network protocols, config files */
  recordTtlMs: number;
  /** the online list */
  onlineTtlMs: number;
  /**
   * after its TTL the online list is still shown for this long while one call refreshes it, so page views
   * and status polls never queue behind that call; "Last checked" tells its age
   */
  onlineStaleMs: number;
  /** a failed call is not repeated for this long */
  failureTtlMs: number;
}

/** Budgets that keep a page within about 3 s against a panel that does not answer. */
export const PAGE_TIMINGS: LivePanelTimings = {
  connectTimeoutMs: 1500,
  responseTimeoutMs: 2500,
  deadlineMs: 2800,
  recordTtlMs: 60_000,
  onlineTtlMs: 4_000,
  onlineStaleMs: 4_000,
  failureTtlMs: 5_000,
};

/** Who is asking: the service's server and VPN client name, and where its calls are logged. */
export interface PanelTarget {
  server: ServerRecord;
  name: string;
  log: ModuleLogWriter;
}

/** Cached, deadline-bound reads (and the one-time link) of the client area. */
export class LivePanel {
  private readonly records: PluginCache<PanelVpnClient>;
  private readonly networks: PluginCache<PanelNetwork>;
  private readonly online: PluginCache<PanelSessionRow[]>;
  private readonly files: PluginCache<string>;

  /** Builds the reader with its caches (the host's cache implementation); one per plugin instance. */
  constructor(host: Pick<PluginHost, 'cache'>, private readonly timings: LivePanelTimings = PAGE_TIMINGS) {
    const records = { ttlMs: timings.recordTtlMs, failureTtlMs: timings.failureTtlMs };
    this.records = host.cache(records);
    this.networks = host.cache(records);
    this.online = host.cache({ ttlMs: timings.onlineTtlMs, staleMs: timings.onlineStaleMs, failureTtlMs: timings.failureTtlMs });
    this.files = host.cache(records);
  }

  /** The VPN client record (username, status, limits). */
  client(t: PanelTarget): Promise<PanelVpnClient> {
    return this.cached(this.records, key(t), t, (p) => p.getClient(t.name)).then((c) => c.value);
  }

  /** The network, for the protocols enabled on it. */
  network(t: PanelTarget, networkName: string): Promise<PanelNetwork> {
    const k = `${t.server.id}|${networkName}`;
    return this.cached(this.networks, k, t, (p) => p.network(networkName)).then((c) => c.value);
  }

  /** This client's sessions and when the panel was asked; the list is cached per server, not per client. */
  async sessions(t: PanelTarget): Promise<Cached<PanelSessionRow[]>> {
    const all = await this.cached(this.online, String(t.server.id), t, (p) => p.online());
    return { value: all.value.filter((row) => row.name === t.name), loadedAt: all.loadedAt };
  }

  /** A config file's text (the `.sswan` profile as JSON). */
  configText(t: PanelTarget, protocol: VpnProtocol): Promise<string> {
    const fetchers: Record<VpnProtocol, (p: PanelClient) => Promise<string>> = {
      wireguard: (p) => p.wireguardConfig(t.name),
      amneziawg: (p) => p.amneziawgConfig(t.name),
      openvpn: (p) => p.openvpnProfile(t.name),
      ikev2: async (p) => sswanText(await p.ikev2Profile(t.name)),
    };
    return this.cached(this.files, `${key(t)}|${protocol}`, t, fetchers[protocol]).then((c) => c.value);
  }

  /** The QR code (PNG data URL) of a WireGuard or AmneziaWG config. */
  qr(t: PanelTarget, protocol: 'wireguard' | 'amneziawg'): Promise<string> {
    const fetch = protocol === 'wireguard' ? (p: PanelClient) => p.wireguardQr(t.name) : (p: PanelClient) => p.amneziawgQr(t.name);
    return this.cached(this.files, `${key(t)}|${protocol}-qr`, t, fetch).then((c) => c.value);
  }

  /** A fresh single-use link; never cached, never retried (it is a POST). */
  oneTimeLink(t: PanelTarget): Promise<string> {
    return this.bounded(() => this.panel(t).oneTimeLink(t.name));
  }

  /** One month of daily traffic; read live on every request, as the statistics page promises. */
  traffic(t: PanelTarget, year: number, month: number): Promise<PanelTrafficRow[]> {
    return this.bounded(() => this.panel(t).traffic(t.name, year, month));
  }

  private cached<V>(cache: PluginCache<V>, k: string, t: PanelTarget, call: (p: PanelClient) => Promise<V>): Promise<Cached<V>> {
    return cache.get(k, () => this.bounded(() => call(this.panel(t))));
  }

  private panel(t: PanelTarget): PanelClient {
    const cap = (override: number | null, budget: number) => Math.min(override ?? budget, budget);
    return new PanelClient(t.server, {
      log: t.log,
      connectTimeoutMs: cap(t.server.connectTimeoutMs, this.timings.connectTimeoutMs),
      responseTimeoutMs: cap(t.server.responseTimeoutMs, this.timings.responseTimeoutMs),
    });
  }

  private bounded<V>(call: () => Promise<V>): Promise<V> {
    return withDeadline(call(), this.timings.deadlineMs);
  }
}

function key(t: PanelTarget): string {
  return `${t.server.id}|${t.name}`;
}

/** The strongSwan app imports the profile as a JSON file. */
export function sswanText(profile: PanelIkev2Profile): string {
  return `${JSON.stringify(profile, null, 2)}\n`;
}
