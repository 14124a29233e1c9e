/**
 * How the plugin's features use a panel: the installation's time budgets and answer limits, and the one
 * place a panel client is built for an action, a page or the daily pull, so that every caller gets the
 * same rules (budget, limits, what is logged, which secrets are masked).
 */
import type { ModuleLogWriter, PluginSettings, RemoteCallMetrics, ServerRecord } from '../../../../server/plugins/plugin-api.js';
import { DEFAULT_ANSWER_LIMITS, type AnswerLimits } from './answer-limits.js';
import { PanelClient } from './panel-client.js';
import { PanelUnreachableError } from './panel-errors.js';
import { DEFAULT_ACTION_BUDGET_MS, DEFAULT_PAGE_BUDGET_MS, durationText, TimeBudget, type Budgets } from './time-budget.js';

/** What the installation decides about panel calls. */
export interface PanelSettings {
  budgets: Budgets;
  limits: AnswerLimits;
  /** where every attempt is counted (the host's metrics); nowhere when absent */
  observe?: RemoteCallMetrics['remoteCall'];
}

/**
 * The panel settings: the host's time budgets and the plugin's own answer limits.
 * @param settings the host's settings (budgets); absent values take the defaults
 * @param limits PANEL_ANSWER_LIMITS as validateConfig read it; absent = the defaults
 */
export function panelSettingsFrom(settings: Partial<Pick<PluginSettings, 'actionBudgetMs' | 'pageBudgetMs'>>, limits: AnswerLimits = DEFAULT_ANSWER_LIMITS, observe?: RemoteCallMetrics['remoteCall']): PanelSettings {
  return {
    budgets: { actionMs: settings.actionBudgetMs ?? DEFAULT_ACTION_BUDGET_MS, pageMs: settings.pageBudgetMs ?? DEFAULT_PAGE_BUDGET_MS },
    limits,
    observe,
  };
}

/** The defaults, for code paths and tests that were given no settings. */
export const DEFAULT_PANEL_SETTINGS: PanelSettings = panelSettingsFrom({});

/** One use of a panel. */
export interface PanelUse {
  /** the module-log action; default: the client method's name */
  action?: string;
  /** the action's or page's budget; none = per-attempt timeouts only (the daily pull) */
  budget?: TimeBudget;
  log?: ModuleLogWriter;
  /** false: only failures are logged (pages, polls) */
  logSuccess?: boolean;
  serviceId?: number | null;
  /** values to mask besides the token; a Set is shared with (and filled by) every client given it */
  secrets?: Set<string> | readonly string[];
}

/**
 * The panel client for one use.
 * @param server the panel server, token decrypted
 * @param settings the installation's budgets and limits
 * @param use what the calls are for
 */
export function panelFor(server: ServerRecord, settings: PanelSettings, use: PanelUse): PanelClient {
  return new PanelClient(server, settings.observe ? { ...use, observe: settings.observe } : use, settings.limits);
}

/** A budget for an admin action or API call. */
export function actionBudget(settings: PanelSettings, startedAt?: number): TimeBudget {
  return TimeBudget.start(settings.budgets.actionMs, startedAt);
}

/** What a page keeps of its budget for itself (rendering), so the whole page is answered within the budget. */
export const PAGE_RENDER_MARGIN_MS = 200;

/** The panel calls' share of a page's (or a page's JSON endpoint's) budget, from now. */
export function pageBudget(settings: PanelSettings): TimeBudget {
  const { pageMs } = settings.budgets;
  return TimeBudget.start(pageMs - Math.min(PAGE_RENDER_MARGIN_MS, pageMs / 10));
}

/**
 * Bounds work made of several calls of one panel by the budget; when the time is up the calls still in
 * flight are aborted and the caller gets a 504 naming the panel.
 * @param what the calls, for the message (e.g. "GET /client/alice")
 * @returns what `work` resolved to
 * @throws PanelUnreachableError (timeout) once the budget is used up; the work's own error before that
 */
export function withinBudget<T>(budget: TimeBudget, panel: PanelClient, server: ServerRecord, what: string, work: Promise<T> | (() => Promise<T>)): Promise<T> {
  return budget.race(work, (b) => {
    const site = { serverName: server.name, address: panel.address, method: 'GET', path: what };
    return new PanelUnreachableError('timeout', site, `no answer within ${durationText(b.totalMs)}, the time budget of this page`);
  });
}
