/**
 * The panel as the customer's pages read it: every read within the page's time budget, and brief caches
 * keyed by server and client name so a page view or a status poll costs the panel at most a few calls
 * and no panel answer is parsed twice for one view. Only the panel client speaks the wire format; this
 * module decides when to ask.
 */
import type { ModuleLogWriter, PluginCache, PluginHost, ServerRecord } from '../../../../server/plugins/plugin-api.js';
import type { PanelClient, OnlineList } from '../panel/panel-client.js';
import { pageBudget, panelFor, type PanelSettings } from '../panel/panel-policy.js';
import type { PanelIkev2Profile, PanelNetwork, PanelSessionRow, PanelTrafficRow, PanelVpnClient, VpnProtocol } from '../panel/panel-types.js';
import type { TimeBudget } from '../panel/time-budget.js';
import { VpnServerUnavailableError } from './customer-errors.js';

/** A cached answer and when the panel was asked for it (epoch ms). */
export interface Cached<V> {
  value: V;
  loadedAt: number;
}

/** Lifetimes of the client area's cached panel answers, in milliseconds. */
export interface LivePanelTimings {
  /** client record, network protocols, config files */
  recordTtlMs: number;
  /** the online list */
  onlineTtlMs: number;
  /**
   * after its TTL the online list is still shown for this long while one call refreshes it, so page views
   * and status polls never queue behind that call; "Last checked" tells its age
   */
  onlineStaleMs: number;
  /** the running month's daily traffic (the days before today do not change) */
  trafficTtlMs: number;
  /** a failed call is not repeated for this long */
  failureTtlMs: number;
}

/** The lifetimes the client area runs with. */
export const PAGE_TIMINGS: LivePanelTimings = {
  recordTtlMs: 60_000,
  onlineTtlMs: 4_000,
  onlineStaleMs: 4_000,
  trafficTtlMs: 60_000,
  failureTtlMs: 5_000,
};

/** Who is asking: the service's server and VPN client name, where its calls are logged, and the page's budget. */
export interface PanelTarget {
  server: ServerRecord;
  name: string;
  log: ModuleLogWriter;
  /** false: only failed calls reach the module log (page reads and polls) */
  logSuccess: boolean;
  /** the page's (or JSON endpoint's) time budget, started when the request came in */
  budget: TimeBudget;
}

/** Cached, budget-bound reads (and the one-time link) of the client area. */
export class LivePanel {
  private readonly records: PluginCache<PanelVpnClient>;
  private readonly networks: PluginCache<PanelNetwork>;
  private readonly online: PluginCache<OnlineList>;
  private readonly files: PluginCache<string>;
  private readonly months: PluginCache<PanelTrafficRow[]>;

  /** Builds the reader with its caches (the host's cache implementation); one per plugin instance. */
  constructor(
    host: Pick<PluginHost, 'cache'>,
    private readonly settings: PanelSettings,
    timings: LivePanelTimings = PAGE_TIMINGS,
  ) {
    const records = { ttlMs: timings.recordTtlMs, failureTtlMs: timings.failureTtlMs };
    this.records = host.cache(records);
    this.networks = host.cache(records);
    this.online = host.cache({ ttlMs: timings.onlineTtlMs, staleMs: timings.onlineStaleMs, failureTtlMs: timings.failureTtlMs });
    this.files = host.cache(records);
    this.months = host.cache({ ttlMs: timings.trafficTtlMs, failureTtlMs: timings.failureTtlMs });
  }

  /** Drops the cached record of a client whose limits or status the portal just changed, so the next page shows the panel's new state. */
  forgetClient(serverId: number, name: string): void {
    this.records.forget(`${serverId}|${name}`);
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
    return { value: all.value.rows.filter((row) => row.name === t.name), loadedAt: all.loadedAt };
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

  /** The QR code (image data URL) of a WireGuard or AmneziaWG config. */
  qr(t: PanelTarget, protocol: 'wireguard' | 'amneziawg'): Promise<string> {
    const fetch = protocol === 'wireguard' ? (p: PanelClient) => p.wireguardQr(t.name) : (p: PanelClient) => p.amneziawgQr(t.name);
    return this.cached(this.files, `${key(t)}|${protocol}-qr`, t, fetch).then((c) => c.value);
  }

  /** A fresh single-use link; never cached, never retried (it is a POST). */
  oneTimeLink(t: PanelTarget): Promise<string> {
    return this.bounded(t, this.panel(t, t.budget).oneTimeLink(t.name));
  }

  /** One month of daily traffic as the panel sends it, through the same short cache as the other reads. */
  traffic(t: PanelTarget, year: number, month: number): Promise<PanelTrafficRow[]> {
    const k = `${key(t)}|${year}-${month}`;
    return this.cached(this.months, k, t, (p) => p.traffic(t.name, year, month)).then((c) => c.value);
  }

  // A load is shared by every request that wants the key meanwhile, so it runs on a budget of its own
  // (a page's, from when it started) and is not aborted when one of those requests gives up; each
  // request waits for it at most until its own budget ends.
  private cached<V>(cache: PluginCache<V>, k: string, t: PanelTarget, call: (p: PanelClient) => Promise<V>): Promise<Cached<V>> {
    return this.bounded(t, cache.get(k, () => call(this.panel(t, pageBudget(this.settings)))));
  }

  private panel(t: PanelTarget, budget: TimeBudget): PanelClient {
    return panelFor(t.server, this.settings, { budget, log: t.log, logSuccess: t.logSuccess });
  }

  private async bounded<V>(t: PanelTarget, work: Promise<V>): Promise<V> {
    try {
      return await t.budget.race(work, () => new VpnServerUnavailableError('deadline'));
    } catch (err) {
      throw VpnServerUnavailableError.from(err);
    }
  }
}

function key(t: PanelTarget): string {
  return `${t.server.id}|${t.name}`;
}

/** The strongSwan app imports the profile as a JSON file. */
export function sswanText(profile: PanelIkev2Profile): string {
  return `${JSON.stringify(profile, null, 2)}\n`;
}
