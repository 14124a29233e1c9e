/**
 * What every lifecycle action shares: its one time budget, a panel client logged into the service's
 * module log, and the panel server and client name a provisioned service lives under.
 */
import { ConflictError, type ServerRecord, type ServiceContext } from '../../../../server/plugins/plugin-api.js';
import type { PanelClient } from '../panel/panel-client.js';
import { actionBudget, panelFor, type PanelSettings } from '../panel/panel-policy.js';
import type { TimeBudget } from '../panel/time-budget.js';

/** What a lifecycle action gets besides the service: the installation's panel settings and the secrets to mask. */
export interface LifecycleEnv {
  settings: PanelSettings;
  /** values blanked wherever they appear in the action's logs and messages (the service's VPN password) */
  secrets: readonly string[];
}

/** One running lifecycle action: the service, its environment and the action's budget. */
export interface LifecycleRun {
  ctx: ServiceContext;
  settings: PanelSettings;
  budget: TimeBudget;
  /** the secrets to mask, grown by what the action's answers reveal, shared by all its panel calls */
  secrets: Set<string>;
}

/**
 * Starts an action's run; the budget counts from when the host began the action (if it says).
 * @param env the installation's budgets and answer limits, and the secrets to mask
 */
export function beginAction(ctx: ServiceContext, env: LifecycleEnv): LifecycleRun {
  return { ctx, settings: env.settings, budget: actionBudget(env.settings, ctx.actionStartedAt), secrets: new Set(env.secrets) };
}

/**
 * A panel client for one lifecycle action; every call becomes a module-log row of the service.
 * @param action the module-log action, e.g. "create"
 * @param budget a part of the run's budget (e.g. one that leaves time for a rollback); default all of it
 */
export function lifecyclePanel(run: LifecycleRun, server: ServerRecord, action: string, budget: TimeBudget = run.budget): PanelClient {
  return panelFor(server, run.settings, { action, budget, log: run.ctx.log, serviceId: run.ctx.service.id, secrets: run.secrets });
}

/** Where a provisioned service's VPN client lives. */
export interface RemoteClient {
  server: ServerRecord;
  name: string;
}

/**
 * The server and client name recorded for the service, or null when nothing was ever sent to a panel.
 * @throws ConflictError when the recorded server no longer exists
 */
export function recordedClient(ctx: ServiceContext): RemoteClient | null {
  const { service } = ctx;
  if (!service.username || service.serverId === null) return null;
  if (!ctx.server) throw new ConflictError(`The server #${service.serverId} of service #${service.id} no longer exists`, 'server_missing');
  return { server: ctx.server, name: service.username };
}

/**
 * Like recordedClient, for actions that need a client to act on.
 * @param verb what the action does, for the message ("suspend")
 * @throws ConflictError when the service has no VPN client recorded
 */
export function requireRecordedClient(ctx: ServiceContext, verb: string): RemoteClient {
  const remote = recordedClient(ctx);
  if (!remote) throw new ConflictError(`Cannot ${verb} service #${ctx.service.id}: it has no VPN client on a panel`, 'not_provisioned');
  return remote;
}
