/**
 * The customer's client area of the plugin: one object that holds the panel reader and its caches, and
 * the one lookup every customer route goes through (the service must be the signed-in customer's own).
 */
import type { Request } from 'express';
import { NotFoundError, type PluginCache, type PluginHost, type ServiceContext, type UsageEstimate } from '../../../../server/plugins/plugin-api.js';
import { pageBudget, type PanelSettings } from '../panel/panel-policy.js';
import { serviceNotActiveError } from './customer-errors.js';
import { LivePanel, PAGE_TIMINGS, type LivePanelTimings, type PanelTarget } from './live-panel.js';

/** What the client area's views and routes share. */
export interface ClientArea {
  host: PluginHost;
  live: LivePanel;
  settings: PanelSettings;
  timings: LivePanelTimings;
  /** running-month estimates by service id: the stored usage behind them changes once a day */
  estimates: PluginCache<UsageEstimate | null>;
}

/**
 * Builds the client area around the host, once per plugin at register(): its service view and its
 * routes get this one object, so they share the caches.
 * @param settings the installation's budgets and answer limits
 * @param timings cache lifetimes; tests shorten them
 */
export function createClientArea(host: PluginHost, settings: PanelSettings, timings: LivePanelTimings = PAGE_TIMINGS): ClientArea {
  const estimates = host.cache<UsageEstimate | null>({ ttlMs: timings.recordTtlMs, failureTtlMs: timings.failureTtlMs });
  return { host, settings, live: new LivePanel(host, settings, timings), timings, estimates };
}

/**
 * Where a service's VPN client lives, or null while it has none (not placed or not named yet). The
 * page's time budget starts here. Only failed calls reach the module log unless `logSuccess`: the status
 * card is polled every few seconds, and a row per successful read would bury the rows an admin looks for.
 * @param options.logSuccess also log successful calls (state-changing ones such as the one-time link)
 */
export function panelTarget(area: ClientArea, ctx: ServiceContext, options: { logSuccess?: boolean } = {}): PanelTarget | null {
  if (!ctx.server || !ctx.service.username) return null;
  return { server: ctx.server, name: ctx.service.username, log: ctx.log, logSuccess: options.logSuccess ?? false, budget: pageBudget(area.settings) };
}

/**
 * The signed-in customer's service named by the route's `:id`.
 * @returns its context
 * @throws NotFoundError for a malformed id or a service that is not the customer's (never telling which)
 */
export async function ownService(area: ClientArea, req: Request): Promise<ServiceContext> {
  const raw = req.params.id;
  const id = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  const clientId = (req.user as { id?: unknown } | undefined)?.id;
  const ctx = id > 0 && typeof clientId === 'number' ? await area.host.data.serviceContext(id, clientId) : null;
  if (!ctx) throw new NotFoundError('No such service');
  return ctx;
}

/**
 * The customer's service, which must be active and have a VPN client: what every live endpoint needs.
 * @returns the context and the panel target
 * @throws NotFoundError as ownService; ConflictError (409, service_<status>) when it is not active
 */
export async function activeService(area: ClientArea, req: Request, options: { logSuccess?: boolean } = {}): Promise<{ ctx: ServiceContext; target: PanelTarget }> {
  const ctx = await ownService(area, req);
  const { status } = ctx.service;
  if (status !== 'active') throw serviceNotActiveError(status);
  const target = panelTarget(area, ctx, options);
  if (!target) throw serviceNotActiveError('pending');
  return { ctx, target };
}
