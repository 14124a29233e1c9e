/**
 * A reconciliation run as every trigger starts it (the daily job, the admin page, the API, the CLI):
 * under the job lease, every enabled server whose module lists accounts (or the one asked for) is
 * listed and compared, a few at a time, then the findings of the kinds an admin set to auto-repair are
 * repaired. The run row keeps each server's outcome.
 */
import { AppError, ConflictError, ValidationError } from '../../errors.js';
import type { ServerRecord } from '../../plugins/plugin-api.js';
import { startExclusive, type ExclusiveStart } from '../billing/exclusive-run.js';
import { readAutoRepair } from './auto-repair.js';
import { DEFAULT_REPAIR, FINDING_KINDS, type Finding } from './finding-kinds.js';
import type { ReconcileDeps } from './reconcile-deps.js';
import { reconcileServer, type ServerOutcome } from './reconcile-server.js';
import { repairFinding } from './repair-finding.js';

/** The job's public, persisted name (lease and run rows): never renamed. */
export const RECONCILE_JOB = 'reconcile';
/** Servers listed at once; each listing is one panel's pages, one after another. */
const SERVERS_AT_ONCE = 8;
/** Up to this many missing accounts of one server are always auto-repaired (see tooManyMissing). */
const MISSING_AUTO_REPAIR_FLOOR = 3;

/** What a run did. */
export interface ReconcileResult {
  servers: ServerOutcome[];
  /** every finding of this run, as stored */
  findings: Finding[];
  /** what auto-repair did */
  repaired: { findingId: number; ok: boolean; error?: string }[];
}

/** The servers a run covers; an unknown server id is a 422 naming server_id. */
async function targets(deps: ReconcileDeps, serverId?: number): Promise<ServerRecord[]> {
  if (serverId !== undefined) {
    const server = await deps.repos.servers.findRecord(serverId);
    if (!server) throw new ValidationError({ server_id: 'Choose an existing server' });
    if (!deps.modules.provisioner(server.module)?.remoteAccounts) throw new ValidationError({ server_id: `the ${server.module} module cannot list the accounts of a server` });
    return [server];
  }
  const summaries = (await deps.repos.servers.list()).filter((s) => s.enabled && deps.modules.provisioner(s.module)?.remoteAccounts);
  const records = await Promise.all(summaries.map((s) => deps.repos.servers.findRecord(s.id)));
  return records.filter((r): r is ServerRecord => r !== null);
}

/** Reconciles the servers a few at a time; once told to stop (a shutdown, a lost lease) it starts no other. */
async function eachServer(deps: ReconcileDeps, servers: ServerRecord[], control: { progress: (done: number) => void; shouldStop: () => boolean }): Promise<ServerOutcome[]> {
  const outcomes: ServerOutcome[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < servers.length && !control.shouldStop(); i = next++) {
      outcomes[i] = await reconcileServer(deps, servers[i]);
      control.progress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SERVERS_AT_ONCE, servers.length) }, worker));
  // in the servers' order, without those a stop left out
  return outcomes.filter((o): o is ServerOutcome => o !== undefined);
}

/**
 * Servers whose missing findings are too many to repair unattended: a panel that lost (or hides) half of
 * its clients at once is more likely broken than emptied on purpose, and marking every service failed
 * would be hard to undo. An admin still repairs them by hand.
 */
function tooManyMissing(outcomes: ServerOutcome[]): Set<number> {
  const servers = new Set<number>();
  for (const o of outcomes) {
    const missing = o.findings.filter((f) => f.kind === 'missing').length;
    if (missing > MISSING_AUTO_REPAIR_FLOOR && missing * 2 >= o.held) servers.add(o.serverId);
  }
  return servers;
}

async function autoRepair(deps: ReconcileDeps, outcomes: ServerOutcome[]): Promise<ReconcileResult['repaired']> {
  const auto = await readAutoRepair(deps.repos);
  const repaired: ReconcileResult['repaired'] = [];
  const held = tooManyMissing(outcomes);
  for (const f of outcomes.flatMap((o) => o.findings).filter((x) => auto[x.kind])) {
    if (f.kind === 'missing' && held.has(f.serverId)) {
      repaired.push({ findingId: f.id, ok: false, error: 'not repaired automatically: half or more of the services of this server are missing at once; check the panel, then repair by hand' });
      continue;
    }
    try {
      // auto-repair of an orphan is the admin's standing confirmation of its deletion
      await repairFinding(deps, f.id, { action: DEFAULT_REPAIR[f.kind], confirm: f.clientName });
      repaired.push({ findingId: f.id, ok: true });
    } catch (err) {
      if (!(err instanceof AppError)) deps.log.error({ err, finding: f.id }, 'auto-repair failed unexpectedly');
      repaired.push({ findingId: f.id, ok: false, error: err instanceof AppError ? err.message : 'unexpected error' });
    }
  }
  return repaired;
}

/** What the run row keeps. */
function summary(r: ReconcileResult): object {
  const counts = Object.fromEntries(FINDING_KINDS.map((k) => [k, r.findings.filter((f) => f.kind === k).length]));
  // the plain numbers also go into the run's log line
  return {
    findings_total: r.findings.length,
    servers_incomplete: r.servers.filter((s) => !s.complete).length,
    findings: counts,
    repaired: r.repaired.filter((x) => x.ok).length,
    repair_failures: r.repaired.filter((x) => !x.ok).slice(0, 50),
    servers: r.servers.map((s) => ({ server_id: s.serverId, name: s.serverName, complete: s.complete, error: s.error, problems: s.problems.slice(0, 5), accounts: s.accounts, services: s.services, findings: s.findings.length, resolved: s.resolved })),
  };
}

/**
 * Starts a run under the lease; resolves once it is known whether it started.
 * @throws ValidationError for an unknown server (before any lease is taken)
 */
export async function startReconciliation(deps: ReconcileDeps, input: { serverId?: number } = {}): Promise<ExclusiveStart<ReconcileResult>> {
  const servers = await targets(deps, input.serverId);
  return startExclusive(
    deps,
    RECONCILE_JOB,
    async (control) => {
      const outcomes = await eachServer(deps, servers, { progress: (done) => control.progress({ servers: servers.length, done }), shouldStop: control.shouldStop });
      const found = outcomes.flatMap((o) => o.findings);
      // a run that lost its lease leaves the repairs to the next one
      const repaired = control.shouldStop() ? [] : await autoRepair(deps, outcomes);
      // what auto-repair closed is answered as it is now
      const findings = repaired.length === 0 ? found : await deps.repos.reconcileFindings.findByIds(found.map((f) => f.id));
      return { servers: outcomes, findings, repaired };
    },
    summary,
  );
}

/**
 * Runs a reconciliation to the end.
 * @throws ValidationError for an unknown server; ConflictError (409, job_running) while another run holds the lease
 */
export async function reconcileNow(deps: ReconcileDeps, input: { serverId?: number } = {}): Promise<ReconcileResult> {
  const start = await startReconciliation(deps, input);
  if (!start.started) throw new ConflictError(`A reconciliation is already running (${start.heldBy ?? 'another process'}); try again when it has finished`, 'job_running');
  return start.done;
}
