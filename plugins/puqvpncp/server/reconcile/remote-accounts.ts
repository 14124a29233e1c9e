/**
 * Reconciliation's view of a panel (RemoteAccounts of the plugin API): every client of a server in the
 * host's neutral terms, read page by page through the one panel client within one action budget and the
 * `clients` answer limit; adopting one client into a service; deleting a client no service holds.
 */
import { AppError, NotFoundError, type ModuleLogWriter, type RemoteAccount, type RemoteAccountList, type RemoteAccounts, type RemoteRef, type ServerRecord } from '../../../../server/plugins/plugin-api.js';
import type { ClientListPage } from '../panel/client-list.js';
import { PanelRejectedError } from '../panel/panel-errors.js';
import { actionBudget, panelFor, type PanelSettings } from '../panel/panel-policy.js';
import type { PanelVpnClient } from '../panel/panel-types.js';

/** Clients asked per page; a page of 500 is about 125 KB. */
export const CLIENTS_PER_PAGE = 500;
/** A panel that keeps sending new pages past this is not believed (50,000 clients). */
const MAX_PAGES = 100;

/** The neutral record of a panel client; caps under the names of the module's service options. */
function toAccount(c: PanelVpnClient): RemoteAccount {
  const options: Record<string, unknown> = {};
  if (c.b_download !== null) options.b_download = c.b_download;
  if (c.b_upload !== null) options.b_upload = c.b_upload;
  return { name: c.name, enabled: c.status === null ? null : c.status === 'enable', options, networkName: c.network_name, dedicatedIp: c.ipv4 };
}

const reason = (err: unknown) => (err instanceof AppError ? err.message : `unexpected error (${(err as Error)?.name ?? 'error'})`);

/**
 * Lists every client of a server. The first page failing fails the listing; a later page failing, the
 * time running out, fewer clients than the panel announced, or a row without a name make the list
 * incomplete, with the reason.
 */
async function listAccounts(settings: PanelSettings, server: ServerRecord, log: ModuleLogWriter): Promise<RemoteAccountList> {
  const budget = actionBudget(settings);
  // only failures are logged: a listing of thousands of clients is no module-log row per page
  const panel = panelFor(server, settings, { action: 'reconcile-list', budget, log, logSuccess: false });
  const byName = new Map<string, RemoteAccount>();
  const problems: string[] = [];
  let announced: number | null = null;
  for (let page = 1; page <= MAX_PAGES; page++) {
    let answer: ClientListPage;
    try {
      // every attempt is cut to what the budget has left, so a silent page ends the listing in time
      answer = await panel.listClients(page, CLIENTS_PER_PAGE);
    } catch (err) {
      if (page === 1) throw err;
      problems.push(`page ${page} of the client list failed: ${panel.scrub(reason(err))}`);
      break;
    }
    announced = answer.total ?? announced;
    const fresh = [...answer.clients.map(toAccount), ...answer.unreadable.map((u) => ({ name: u.name, enabled: null, options: {}, networkName: null, dedicatedIp: null, unreadable: panel.scrub(u.issue) }))].filter((a) => !byName.has(a.name));
    if (answer.skipped.length > 0) problems.push(`${answer.skipped.length} row(s) on page ${page} have no readable name (${panel.scrub(answer.skipped.slice(0, 2).join('; '))})`);
    // a panel that ignores the paging parameters sends the same clients again: the list is whole
    if (page > 1 && fresh.length === 0 && answer.skipped.length === 0) break;
    for (const account of fresh) byName.set(account.name, account);
    const rows = answer.clients.length + answer.unreadable.length + answer.skipped.length;
    if (answer.pages !== null && page >= answer.pages) break;
    if (announced !== null ? byName.size >= announced || rows === 0 : rows < CLIENTS_PER_PAGE) break;
    if (page === MAX_PAGES) problems.push(`the panel still sent clients after ${MAX_PAGES} pages; the rest was not read`);
  }
  if (announced !== null && byName.size < announced) problems.push(`the panel announced ${announced} clients but sent ${byName.size}`);
  return { accounts: [...byName.values()], complete: problems.length === 0, problems };
}

/**
 * Builds the module's reconciliation support.
 * @param settings the installation's budgets and answer limits
 */
export function remoteAccounts(settings: PanelSettings): RemoteAccounts {
  return {
    list: (server, log) => listAccounts(settings, server, log),
    async adopt(server, name, log): Promise<RemoteRef> {
      const panel = panelFor(server, settings, { action: 'reconcile-adopt', budget: actionBudget(settings), log });
      try {
        const client = await panel.getClient(name);
        return { serverId: server.id, username: client.name, networkName: client.network_name, dedicatedIp: client.ipv4, password: client.password };
      } catch (err) {
        if (err instanceof PanelRejectedError && err.isNotFound()) throw new NotFoundError(`The VPN client "${name}" is no longer on ${server.name}`);
        throw err;
      }
    },
    async remove(server, name, log): Promise<void> {
      const panel = panelFor(server, settings, { action: 'reconcile-delete', budget: actionBudget(settings), log });
      try {
        await panel.deleteClient(name);
      } catch (err) {
        if (!(err instanceof PanelRejectedError && err.isNotFound())) throw err;
        await log({ serverId: server.id, action: 'reconcile-delete', response: { note: `"${name}" was already gone from ${server.name}` } });
      }
    },
  };
}
