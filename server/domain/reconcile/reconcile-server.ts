/**
 * Reconciles one server: its module lists the panel's accounts, the services recorded on the server are
 * compared with them, and the findings are stored. A listing that fails stores nothing; one that is
 * incomplete stores what it could see and says why (no account is reported missing from it).
 */
import { AppError } from '../../errors.js';
import type { ModuleLogWriter, RemoteAccountList, ServerRecord } from '../../plugins/plugin-api.js';
import type { DomainDeps } from '../deps.js';
import { optionsView } from '../services/service-options.js';
import { compareServer, type ComparedService } from './compare-server.js';
import type { Finding } from './finding-kinds.js';
import { recordFindings } from './record-findings.js';

/** What one server's reconciliation came to. */
export interface ServerOutcome {
  serverId: number;
  serverName: string;
  /** false when the list may lack accounts (or could not be read at all): no "missing" findings then */
  complete: boolean;
  /** why the list was incomplete */
  problems: string[];
  /** why nothing could be compared (the panel could not be listed), else null */
  error: string | null;
  accounts: number;
  services: number;
  /** services that should have their account there (active or suspended) */
  held: number;
  findings: Finding[];
  /** earlier findings this run no longer found */
  resolved: number;
}

/** The services of a server in the comparison's terms, with the options in effect from their products. */
async function comparedServices(deps: DomainDeps, serverId: number): Promise<ComparedService[]> {
  const services = await deps.repos.services.listOnServer(serverId);
  const products = new Map((await deps.repos.products.findByIds([...new Set(services.map((s) => s.productId))])).map((p) => [p.id, p]));
  // a service's speed tier beats the product's caps, as change package pushes them
  const tiers = new Map<string, Awaited<ReturnType<typeof deps.repos.plans.tier>>>();
  for (const s of services) {
    const key = `${s.productId}:${s.tierCode ?? ''}`;
    if (s.tierCode !== null && !tiers.has(key)) tiers.set(key, await deps.repos.plans.tier(s.productId, s.tierCode));
  }
  return services.map((s) => {
    const product = products.get(s.productId) ?? null;
    const module = product ? deps.modules.provisioner(product.module) : null;
    const tier = s.tierCode === null ? null : (tiers.get(`${s.productId}:${s.tierCode}`) ?? null);
    return {
      id: s.id,
      status: s.status,
      username: s.username as string,
      networkName: s.networkName,
      dedicatedIp: s.dedicatedIp,
      effectiveOptions: optionsView(module, product, s.options, tier).effective,
      inFlight: s.pendingAction !== null,
    };
  });
}

/**
 * Lists, compares and records one server.
 * @returns the outcome; a failure to list is an outcome with `error`, never a throw
 */
export async function reconcileServer(deps: DomainDeps, server: ServerRecord): Promise<ServerOutcome> {
  const outcome: ServerOutcome = { serverId: server.id, serverName: server.name, complete: false, problems: [], error: null, accounts: 0, services: 0, held: 0, findings: [], resolved: 0 };
  const remote = deps.modules.provisioner(server.module)?.remoteAccounts;
  if (!remote) return { ...outcome, error: `the ${server.module} module cannot list the accounts of a server` };
  const log: ModuleLogWriter = (entry) => deps.repos.moduleLog.write({ ...entry, serverId: server.id });
  let list: RemoteAccountList;
  try {
    list = await remote.list(server, log);
  } catch (err) {
    const error = err instanceof AppError ? err.message : `unexpected error while listing the accounts (${(err as Error)?.name ?? 'error'})`;
    await log({ action: 'reconcile:failed', error: `nothing compared: ${error}` });
    return { ...outcome, error };
  }
  const services = await comparedServices(deps, server.id);
  const comparison = compareServer(server.id, services, list);
  const { findings, resolved } = await recordFindings(deps, server.id, comparison);
  if (!list.complete) await log({ action: 'reconcile:incomplete', error: `the account list was incomplete, so no service is reported missing this run: ${list.problems.join('; ')}` });
  return { ...outcome, complete: list.complete, problems: list.problems, accounts: list.accounts.length, services: services.length, held: services.filter((s) => s.status === 'active' || s.status === 'suspended').length, findings, resolved };
}
