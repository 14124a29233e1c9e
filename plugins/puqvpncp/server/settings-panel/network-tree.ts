/**
 * The "VPN Networks" section as data: one branch per enabled server of the group (its licence slots and
 * networks, or its exact error), the ticked pairs in their order, and the banners (reference-module §3).
 */
import type { ServerRecord } from '../../../../server/plugins/plugin-api.js';
import { notReadyReason, type PanelNetwork } from '../panel/panel-types.js';
import type { GroupProbe } from './group-probe.js';
import { parsePairValue } from './settings-form.js';

/** One network checkbox (a server→network pair). */
export interface TreeNetwork {
  value: string;
  name: string;
  description: string;
  protocols: { key: string; label: string; on: boolean }[];
  checked: boolean;
  /** ticked earlier, but the panel no longer lists it */
  missing: boolean;
}

/** One server's branch; an unreachable server keeps its saved ticks as hidden inputs. */
export interface TreeServer {
  id: number;
  name: string;
  error: string | null;
  /** "used / total" licence slots */
  slots: string | null;
  /** why the panel cannot take clients yet (e.g. still starting); null when ready */
  notReady: string | null;
  networks: TreeNetwork[];
  kept: { value: string; network: string }[];
}

/** Everything the section draws. */
export interface NetworkTree {
  banners: { kind: 'ok' | 'warn' | 'error'; text: string }[];
  servers: TreeServer[];
  /** ticked pairs whose server is not an enabled server of the group (or that do not name one) */
  outside: { value: string; label: string }[];
  /** the ticked pairs, first = preferred */
  order: { value: string; label: string }[];
}

const PROTOCOLS = [['wireguard', 'WireGuard'], ['amneziawg', 'AmneziaWG'], ['openvpn', 'OpenVPN'], ['ikev2', 'IKEv2']] as const;

/**
 * Asks every server (through the shared probe, all at once) and lays out the tree.
 * @param pairs the ticked pairs, saved or as just submitted
 */
export async function loadNetworkTree(groupName: string, servers: readonly ServerRecord[], probe: GroupProbe, pairs: readonly string[]): Promise<NetworkTree> {
  const ticked = new Set(pairs);
  const placed = new Set<string>();
  const branches = await Promise.all(servers.map(async (server): Promise<TreeServer> => {
    const mine = pairs.filter((v) => parsePairValue(v).server_id === server.id);
    mine.forEach((v) => placed.add(v));
    try {
      const [status, networks] = await Promise.all([probe.status(server.id), probe.networks(server.id)]);
      const listed = new Set(networks.map((n) => `${server.id}:${n.name}`));
      const gone = mine.filter((v) => !listed.has(v)).map((v) => missingNetwork(v));
      return { id: server.id, name: server.name, error: null, slots: `${status.count_accounts} / ${status.count_accounts_available}`, notReady: notReadyReason(status), networks: [...networks.map((n) => treeNetwork(server.id, n, ticked)), ...gone], kept: [] };
    } catch (err) {
      const kept = mine.map((value) => ({ value, network: String(parsePairValue(value).network) }));
      return { id: server.id, name: server.name, error: (err as Error).message, slots: null, notReady: null, networks: [], kept };
    }
  }));
  const nameOf = new Map(servers.map((s) => [s.id, s.name]));
  const label = (value: string) => {
    const { server_id, network } = parsePairValue(value);
    return `${(typeof server_id === 'number' && nameOf.get(server_id)) || `server #${server_id}`} / ${network}`;
  };
  return {
    banners: banners(groupName, branches),
    servers: branches,
    outside: pairs.filter((v) => !placed.has(v)).map((value) => ({ value, label: label(value) })),
    order: pairs.map((value) => ({ value, label: label(value) })),
  };
}

function treeNetwork(serverId: number, n: PanelNetwork, ticked: Set<string>): TreeNetwork {
  const value = `${serverId}:${n.name}`;
  const protocols = PROTOCOLS.map(([key, label]) => ({ key, label, on: n[key] }));
  return { value, name: n.name, description: n.description, protocols, checked: ticked.has(value), missing: false };
}

function missingNetwork(value: string): TreeNetwork {
  return { value, name: String(parsePairValue(value).network), description: '', protocols: [], checked: true, missing: true };
}

function banners(groupName: string, branches: TreeServer[]): NetworkTree['banners'] {
  const group = `group "${groupName}"`;
  if (branches.length === 0) return [{ kind: 'warn', text: `There is no enabled server in ${group}; the panel picks nothing until one is added.` }];
  const down = branches.filter((b) => b.error !== null).length;
  if (down === branches.length) {
    return [{ kind: 'error', text: `No server of ${group} could be reached, so its networks cannot be shown. Ticks saved earlier are kept when you save.` }];
  }
  const networks = branches.reduce((n, b) => n + b.networks.filter((x) => !x.missing).length, 0);
  const list: NetworkTree['banners'] = [{ kind: 'ok', text: `Loaded ${networks} network(s) from ${branches.length - down} server(s) in ${group}` }];
  if (down > 0) list.push({ kind: 'warn', text: `${down} of ${branches.length} server(s) could not be reached; their saved ticks are kept when you save.` });
  return list;
}
