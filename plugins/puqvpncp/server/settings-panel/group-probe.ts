/**
 * The product page's questions to a server group: each enabled server is asked in parallel and bounded by
 * its own timeout, and every answer is asked for once, so the network tree and the placement preview share it.
 */
import type { ModuleLogWriter, ServerRecord } from '../../../../server/plugins/plugin-api.js';
import type { PlacementProbe } from '../network-selection.js';
import { DEFAULT_PANEL_PORT, PanelClient } from '../panel/panel-client.js';
import { PanelUnreachableError } from '../panel/panel-errors.js';
import type { PanelNetwork, PanelSystemStatus } from '../panel/panel-types.js';
import { withDeadline } from './with-deadline.js';

/** Longest the product page waits for one server (its own, lower response timeout wins). */
export const PAGE_TIMEOUT_MS = 3000;

/** The page's wait for one server: its response timeout when set lower, else PAGE_TIMEOUT_MS. */
export function pageTimeoutMs(server: ServerRecord): number {
  return Math.min(server.responseTimeoutMs ?? PAGE_TIMEOUT_MS, PAGE_TIMEOUT_MS);
}

/** Memoised, deadline-bound panel questions over the enabled servers of one group. */
export class GroupProbe {
  private readonly servers: Map<number, ServerRecord>;
  private readonly answers = new Map<string, Promise<unknown>>();

  /**
   * @param servers the enabled servers of the product's group
   * @param log module-log writer; every HTTP attempt is logged with secrets masked
   */
  constructor(servers: readonly ServerRecord[], private readonly log: ModuleLogWriter) {
    this.servers = new Map(servers.map((s) => [s.id, s]));
  }

  /** Version and licence slots of one server. */
  status(serverId: number): Promise<PanelSystemStatus> {
    return this.ask(serverId, '/system/status', (panel) => panel.systemStatus());
  }

  /** Every network of one server. */
  networks(serverId: number): Promise<PanelNetwork[]> {
    return this.ask(serverId, '/network', (panel) => panel.networks());
  }

  /** How many addresses a network of one server has free. */
  freeIps(serverId: number, network: string): Promise<number> {
    const path = `/network/${encodeURIComponent(network)}/available_ip`;
    return this.ask(serverId, path, async (panel) => (await panel.availableIps(network)).length);
  }

  /** The probe selectPlacement walks, answering from (and adding to) the same memo. */
  placementProbe(): PlacementProbe {
    return {
      serverSlots: async (id) => {
        const status = await this.status(id);
        return { used: status.count_accounts, total: status.count_accounts_available };
      },
      freeIps: (id, network) => this.freeIps(id, network),
      serverName: (id) => this.servers.get(id)?.name ?? `server #${id}`,
    };
  }

  private ask<T>(serverId: number, path: string, call: (panel: PanelClient) => Promise<T>): Promise<T> {
    const key = `${serverId} ${path}`;
    let answer = this.answers.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = this.askNow(serverId, path, call);
      this.answers.set(key, answer);
    }
    return answer;
  }

  private askNow<T>(serverId: number, path: string, call: (panel: PanelClient) => Promise<T>): Promise<T> {
    const server = this.servers.get(serverId);
    if (!server) return Promise.reject(new Error(`server #${serverId} is not an enabled server of this product's group`));
    const ms = pageTimeoutMs(server);
    const panel = new PanelClient(server, {
      log: (entry) => this.log({ ...entry, serverId }),
      action: 'product-page',
      connectTimeoutMs: Math.min(server.connectTimeoutMs ?? ms, ms),
      responseTimeoutMs: ms,
      // short back-offs keep a refused connection's retries inside the wait, so its own error is shown
      retryBaseMs: Math.max(5, Math.floor(ms / 30)),
    });
    const port = server.port > 0 ? server.port : DEFAULT_PANEL_PORT;
    const host = server.hostname.includes(':') ? `[${server.hostname}]` : server.hostname;
    const site = { serverName: server.name, address: `${host}:${port}`, method: 'GET', path };
    return withDeadline(call(panel), ms, () => new PanelUnreachableError('timeout', site, `no answer within ${ms} ms`));
  }
}
