/**
 * The panel as the customer's pages read it: every read within the page's time budget, and brief caches
 * keyed by server and client name so a page view or a status poll costs the panel at most a few calls
 * and no panel answer is parsed twice for one view. Only the panel client speaks the wire format; this
 * module decides when to ask.
 */
import type { ModuleLogWriter, ServerRecord } from '../../../../server/plugins/plugin-api.js';
import type { PanelClient, OnlineList } from '../panel/panel-client.js';
import { pageBudget, panelFor, type PanelSettings } from '../panel/panel-policy.js';
import type { PanelIkev2Profile, PanelNetwork, PanelSessionRow, PanelTrafficRow, PanelVpnClient, VpnProtocol } from '../panel/panel-types.js';
import type { TimeBudget } from '../panel/time-budget.js';
import { VpnServerUnavailableError } from './customer-errors.js';
import { TtlCache, type Cached } from './ttl-cache.js';

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
  private readonly records: TtlCache<PanelVpnClient>;
  private readonly networks: TtlCache<PanelNetwork>;
  private readonly online: TtlCache<OnlineList>;
  private readonly files: TtlCache<string>;
  private readonly months: TtlCache<PanelTrafficRow[]>;

  /** Builds the reader with its caches; one per plugin instance. */
  constructor(
    private readonly settings: PanelSettings,
    private readonly timings: LivePanelTimings = PAGE_TIMINGS,
  ) {
    const options = { failureTtlMs: timings.failureTtlMs };
    this.records = new TtlCache(options);
    this.networks = new TtlCache(options);
    this.online = new TtlCache(options);
    this.files = new TtlCache(options);
    this.months = new TtlCache(options);
  }

  /** The VPN client record (username, status, limits). */
  client(t: PanelTarget): Promise<PanelVpnClient> {
    return this.cached(this.records, key(t), this.timings.recordTtlMs, t, (p) => p.getClient(t.name)).then((c) => c.value);
  }

  /** The network, for the protocols enabled on it. */
  network(t: PanelTarget, networkName: string): Promise<PanelNetwork> {
    const k = `${t.server.id}|${networkName}`;
    return this.cached(this.networks, k, this.timings.recordTtlMs, t, (p) => p.network(networkName)).then((c) => c.value);
  }

  /** This client's sessions and when the panel was asked; the list is cached per server, not per client. */
  async sessions(t: PanelTarget): Promise<Cached<PanelSessionRow[]>> {
    const all = await this.cached(this.online, String(t.server.id), this.timings.onlineTtlMs, t, (p) => p.online(), this.timings.onlineStaleMs);
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
    return this.cached(this.files, `${key(t)}|${protocol}`, this.timings.recordTtlMs, t, fetchers[protocol]).then((c) => c.value);
  }

  /** The QR code (image data URL) of a WireGuard or AmneziaWG config. */
  qr(t: PanelTarget, protocol: 'wireguard' | 'amneziawg'): Promise<string> {
    const fetch = protocol === 'wireguard' ? (p: PanelClient) => p.wireguardQr(t.name) : (p: PanelClient) => p.amneziawgQr(t.name);
    return this.cached(this.files, `${key(t)}|${protocol}-qr`, this.timings.recordTtlMs, t, fetch).then((c) => c.value);
  }

  /** A fresh single-use link; never cached, never retried (it is a POST). */
  oneTimeLink(t: PanelTarget): Promise<string> {
    return this.bounded(t, this.panel(t, t.budget).oneTimeLink(t.name));
  }

  /** One month of daily traffic as the panel sends it, through the same short cache as the other reads. */
  traffic(t: PanelTarget, year: number, month: number): Promise<PanelTrafficRow[]> {
    const k = `${key(t)}|${year}-${month}`;
    return this.cached(this.months, k, this.timings.trafficTtlMs, t, (p) => p.traffic(t.name, year, month)).then((c) => c.value);
  }

  // A load is shared by every request that wants the key meanwhile, so it runs on a budget of its own
  // (a page's, from when it started) and is not aborted when one of those requests gives up; each
  // request waits for it at most until its own budget ends.
  private cached<V>(cache: TtlCache<V>, k: string, ttlMs: number, t: PanelTarget, call: (p: PanelClient) => Promise<V>, staleMs = 0): Promise<Cached<V>> {
    return this.bounded(t, cache.get(k, ttlMs, () => call(this.panel(t, pageBudget(this.settings))), staleMs));
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
function sswanText(profile: PanelIkev2Profile): string {
  return `${JSON.stringify(profile, null, 2)}\n`;
}
