/**
 * The CLI's reconciliation (`npm run admin -- reconcile [--server ID|NAME]`): the same run as the daily
 * job, the API and the admin page, under the same lease; prints each server's outcome and the findings.
 */
import { findingJson } from '../domain/reconcile/finding-kinds.js';
import { reconcileNow } from '../domain/reconcile/run-reconciliation.js';
import { ValidationError } from '../errors.js';
import { sideText } from '../http/view-models/reconcile-view.js';
import type { CliCommand } from './cli-command.js';

/** reconcile. */
export const RECONCILE_CLI_COMMANDS: Record<string, CliCommand> = {
  reconcile: {
    usage: '[--server ID|NAME]   compare the panels\' clients with the services now (default: every server)',
    async run(c, flags, print) {
      let serverId: number | undefined;
      if (flags.server !== undefined) {
        const ref = flags.server;
        const server = (await c.repos.servers.list()).find((s) => String(s.id) === ref || s.name === ref);
        if (!server) throw new ValidationError({ server: `no server has the id or name "${ref}"` });
        serverId = server.id;
      }
      const result = await reconcileNow(c.reconcile, { serverId });
      for (const s of result.servers) {
        const state = s.error ? `NOT COMPARED: ${s.error}` : s.complete ? 'complete' : `INCOMPLETE (no "missing" findings this run): ${s.problems.join('; ')}`;
        print(`${s.serverName}: ${s.accounts} clients, ${s.services} services, ${s.findings.length} findings, ${s.resolved} resolved; ${state}`);
      }
      for (const f of result.findings.map(findingJson)) {
        print(`  #${f.id}\t${f.kind}\tserver #${f.server_id}\t${f.client_name}\t${f.service_id === null ? '-' : `service #${f.service_id}`}\tportal: ${sideText(f.portal)}\tpanel: ${sideText(f.panel)}${f.resolved_at ? `\t(${f.resolution ?? 'resolved'})` : ''}`);
      }
      print(`${result.findings.length} finding(s); ${result.repaired.filter((r) => r.ok).length} repaired automatically`);
    },
  },
};
