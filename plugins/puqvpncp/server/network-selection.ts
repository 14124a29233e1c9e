/**
 * Where a new VPN client goes: the product's ticked server→network pairs are tried top to bottom and the
 * first whose server has a free licence slot AND whose network has a free IP wins (reference-module §4).
 * Pure: the panel is reached only through the injected probe.
 */
import { ConflictError } from '../../../server/plugins/plugin-api.js';
import { notReadyReason, type PanelSystemStatus } from './panel/panel-types.js';

/** One ticked pair of the product settings, in the settings' own shape. */
export interface PlacementPair {
  server_id: number;
  network: string;
}

/** Licence-slot usage of a server (`count_accounts` / `count_accounts_available`) and whether it is ready. */
export interface SlotUsage {
  used: number;
  total: number;
  /** why the panel cannot take clients yet (e.g. still starting); absent or null when ready */
  notReady?: string | null;
}

/**
 * A server's usage as placement reads it from `system/status`.
 * @param status the panel's answer
 */
export function slotUsage(status: PanelSystemStatus): SlotUsage {
  return { used: status.count_accounts, total: status.count_accounts_available, notReady: notReadyReason(status) };
}

/**
 * Why a server cannot take a client, or null when it can.
 * @returns e.g. 'not deployable: the panel is still starting ("Loading (2/7)")' or "no licence slots (200/200)"
 */
export function unusableReason(usage: SlotUsage): string | null {
  if (usage.notReady) return `not deployable: ${usage.notReady}`;
  if (!(usage.used < usage.total)) return `no licence slots (${usage.used}/${usage.total})`;
  return null;
}

/**
 * What selection needs to know about the panels. A probe may reject (a panel error) or resolve to an Error;
 * both count as "this pair cannot be checked", which never wins.
 */
export interface PlacementProbe {
  serverSlots(serverId: number): Promise<SlotUsage | Error>;
  freeIps(serverId: number, network: string): Promise<number | Error>;
  serverName(serverId: number): string;
}

/** The outcome for one probed pair, for the error message and the admin's placement preview. */
export interface PairVerdict {
  serverId: number;
  serverName: string;
  network: string;
  deployable: boolean;
  /** e.g. "no licence slots (200/200)", "not deployable: the panel is still starting (…)", "no free IP", "panel error: timeout" or "free (12/200 slots, 3 free IPs)" */
  reason: string;
}

/** Where the next client goes: a winning pair, or no pair ticked (the panel of the assigned server picks). */
export type Placement =
  | { kind: 'pair'; serverId: number; serverName: string; network: string; verdicts: PairVerdict[] }
  | { kind: 'none-ticked' };

/** 409: pairs are ticked but none can take a client; provisioning must fail and create nothing. */
export class NoDeployablePairError extends ConflictError {
  readonly verdicts: PairVerdict[];

  constructor(verdicts: PairVerdict[]) {
    super(`No ticked server/network pair can take a new client: ${verdicts.map(verdictText).join('; ')}`, 'no_deployable_pair');
    this.verdicts = verdicts;
  }
}

/** "Frankfurt/fra-1: no free IP" */
function verdictText(v: PairVerdict): string {
  return `${v.serverName}/${v.network}: ${v.reason}`;
}

/**
 * Walks the pairs in order and returns the first deployable one. Each server's slots are probed at most
 * once per call, and nothing after the winner is probed.
 * @returns the winning pair with the verdicts up to it, or `none-ticked` for an empty list
 * @throws NoDeployablePairError listing every pair's verdict when none is deployable
 */
export async function selectPlacement(pairs: readonly PlacementPair[], probe: PlacementProbe): Promise<Placement> {
  if (pairs.length === 0) return { kind: 'none-ticked' };
  const slots = new Map<number, Promise<SlotUsage | Error>>();
  const verdicts: PairVerdict[] = [];
  for (const pair of pairs) {
    if (!slots.has(pair.server_id)) slots.set(pair.server_id, settle(() => probe.serverSlots(pair.server_id)));
    const verdict = await judge(pair, await slots.get(pair.server_id)!, probe);
    verdicts.push(verdict);
    if (verdict.deployable) {
      return { kind: 'pair', serverId: pair.server_id, serverName: verdict.serverName, network: pair.network, verdicts };
    }
  }
  throw new NoDeployablePairError(verdicts);
}

/** Checks one pair given its server's slot usage; the IP probe runs only when the server is ready and has a slot. */
async function judge(pair: PlacementPair, usage: SlotUsage | Error, probe: PlacementProbe): Promise<PairVerdict> {
  const base = { serverId: pair.server_id, serverName: nameOf(pair.server_id, probe), network: pair.network };
  if (usage instanceof Error) return { ...base, deployable: false, reason: `panel error: ${usage.message}` };
  const unusable = unusableReason(usage);
  if (unusable !== null) return { ...base, deployable: false, reason: unusable };
  const free = await settle(() => probe.freeIps(pair.server_id, pair.network));
  if (free instanceof Error) return { ...base, deployable: false, reason: `panel error: ${free.message}` };
  if (!(free > 0)) return { ...base, deployable: false, reason: 'no free IP' };
  return { ...base, deployable: true, reason: `free (${usage.used}/${usage.total} slots, ${free} free IP${free === 1 ? '' : 's'})` };
}

/** Turns a rejection (or a synchronous throw) into a resolved Error so one broken panel is just a verdict. */
async function settle<T>(call: () => Promise<T | Error>): Promise<T | Error> {
  try {
    return await call();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** The server's display name, falling back to its id when the probe does not know it. */
function nameOf(serverId: number, probe: PlacementProbe): string {
  try {
    return probe.serverName(serverId) || `server #${serverId}`;
  } catch {
    return `server #${serverId}`;
  }
}

/**
 * The sentence of the product page's placement preview.
 * @param outcome what selectPlacement returned, or the NoDeployablePairError it threw
 * @returns e.g. "The next service would be created on Frankfurt / fra-1."
 */
export function describePlacement(outcome: Placement | NoDeployablePairError): string {
  if (outcome instanceof NoDeployablePairError) {
    return `No ticked pair can take a new service right now: ${outcome.verdicts.map(verdictText).join('; ')}.`;
  }
  if (outcome.kind === 'none-ticked') {
    return "No network is ticked: the panel of the service's assigned server picks the network.";
  }
  return `The next service would be created on ${outcome.serverName} / ${outcome.network}.`;
}
