/**
 * The product page's questions to a server group: each enabled server is asked in parallel, all within
 * the page's one time budget, and every answer is asked for once, so the network tree and the placement
 * preview share it.
 */
import type { ModuleLogWriter, ServerRecord } from '../../../../server/plugins/plugin-api.js';
import { slotUsage, type PlacementProbe } from '../network-selection.js';
import type { PanelClient } from '../panel/panel-client.js';
import { pageBudget, panelFor, withinBudget, type PanelSettings } from '../panel/panel-policy.js';
import type { PanelNetwork, PanelSystemStatus } from '../panel/panel-types.js';
import type { TimeBudget } from '../panel/time-budget.js';

/** Memoised, budget-bound panel questions over the enabled servers of one group. */
export class GroupProbe {
  private readonly servers: Map<number, ServerRecord>;
  private readonly answers = new Map<string, Promise<unknown>>();
  private readonly budget: TimeBudget;

  /**
   * @param servers the enabled servers of the product's group
   * @param log module-log writer; every HTTP attempt is logged with secrets masked
   * @param settings the installation's budgets: the page's budget starts here
   */
  constructor(
    servers: readonly ServerRecord[],
    private readonly log: ModuleLogWriter,
    private readonly settings: PanelSettings,
  ) {
    this.servers = new Map(servers.map((s) => [s.id, s]));
    this.budget = pageBudget(settings);
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
      serverSlots: async (id) => slotUsage(await this.status(id)),
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
    const panel = panelFor(server, this.settings, { action: 'product-page', budget: this.budget, log: (entry) => this.log({ ...entry, serverId }) });
    return withinBudget(this.budget, panel, server, path, () => call(panel));
  }
}
