/**
 * Where a new VPN client goes, asked of the real panels: the ticked pairs through selectPlacement, or,
 * with no tick, the service's own server (the panel picks the network) or else the first server of the
 * group with a free licence slot. Nothing is created here.
 */
import { AppError, ConflictError, type ServerRecord, type ServiceContext } from '../../../../server/plugins/plugin-api.js';
import { NoDeployablePairError, selectPlacement, slotUsage, unusableReason, type PairVerdict, type PlacementProbe } from '../network-selection.js';
import type { ProductConfig } from '../product-config.js';
import { lifecyclePanel, type LifecycleRun } from './lifecycle-panel.js';

/** The server the client is created on, and the network to ask for (null: the panel picks). */
export interface Target {
  server: ServerRecord;
  networkName: string | null;
}

/** Probes the group's enabled servers, remembering each panel failure for the "all down" case. */
function panelProbe(run: LifecycleRun, failures: AppError[]): PlacementProbe {
  const byId = new Map(run.ctx.groupServers.map((s) => [s.id, s]));
  const panelOf = (serverId: number) => {
    const server = byId.get(serverId);
    if (!server) throw new Error(`server #${serverId} is disabled or not in the product's group`);
    return lifecyclePanel(run, server, 'create');
  };
  const remember = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      if (err instanceof AppError) failures.push(err);
      throw err;
    }
  };
  return {
    serverName: (id) => byId.get(id)?.name ?? `server #${id}`,
    serverSlots: (id) => remember(async () => slotUsage(await panelOf(id).systemStatus())),
    freeIps: (id, network) => remember(async () => (await panelOf(id).availableIps(network)).length),
  };
}

/**
 * When no pair could even be checked, the panels are down rather than full: answer 502/504 like the
 * panel error itself, with every pair's verdict.
 */
function unreachableOrFull(verdicts: PairVerdict[], failures: AppError[], full: AppError, list: string): AppError {
  const first = failures[0];
  if (!first || verdicts.some((v) => !v.reason.startsWith('panel error'))) return full;
  return new AppError(first.status, first.code, `No panel could be asked where to create the client, so nothing was created: ${list}`);
}

/** "Frankfurt/fra-1: no free IP; Warsaw/waw-1: no licence slots (200/200)" */
function pairList(verdicts: PairVerdict[]): string {
  return verdicts.map((v) => `${v.serverName}/${v.network}: ${v.reason}`).join('; ');
}

/**
 * Chooses the target of a create.
 * @throws NoDeployablePairError (409) when pairs are ticked but none can take a client; 409
 *   no_server_available when no group server has a free slot; 502/504 when no panel answered
 */
export async function chooseTarget(run: LifecycleRun, config: ProductConfig): Promise<Target> {
  const { ctx } = run;
  const failures: AppError[] = [];
  const probe = panelProbe(run, failures);
  if (config.networks.length === 0) {
    if (ctx.server) return { server: ctx.server, networkName: null };
    return { server: await firstServerWithSlot(ctx, probe, failures), networkName: null };
  }
  try {
    const placement = await selectPlacement(config.networks, probe);
    if (placement.kind === 'none-ticked') throw new ConflictError('No network is ticked', 'no_deployable_pair');
    const server = ctx.groupServers.find((s) => s.id === placement.serverId) as ServerRecord;
    return { server, networkName: placement.network };
  } catch (err) {
    if (err instanceof NoDeployablePairError) throw unreachableOrFull(err.verdicts, failures, err, pairList(err.verdicts));
    throw err;
  }
}

/** No tick and no assigned server: the first enabled, ready group server whose licence has a free slot. */
async function firstServerWithSlot(ctx: ServiceContext, probe: PlacementProbe, failures: AppError[]): Promise<ServerRecord> {
  if (ctx.groupServers.length === 0) {
    throw new ConflictError(`The server group of "${ctx.product.name}" has no enabled server to create the client on`, 'no_server_available');
  }
  const verdicts: PairVerdict[] = [];
  for (const server of ctx.groupServers) {
    const base = { serverId: server.id, serverName: server.name, network: '' };
    try {
      const slots = await probe.serverSlots(server.id);
      if (slots instanceof Error) throw slots;
      const unusable = unusableReason(slots);
      if (unusable === null) return server;
      verdicts.push({ ...base, deployable: false, reason: unusable });
    } catch (err) {
      verdicts.push({ ...base, deployable: false, reason: `panel error: ${(err as Error).message}` });
    }
  }
  const list = verdicts.map((v) => `${v.serverName}: ${v.reason}`).join('; ');
  const full = new ConflictError(`No server of the product's group has a free licence slot, so nothing was created: ${list}`, 'no_server_available');
  throw unreachableOrFull(verdicts, failures, full, list);
}
