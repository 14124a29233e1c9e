/**
 * The comparison of one server's services with the accounts its panel listed: plain data in, findings
 * out. A client is matched to a service by its name. Which findings a listing may report follows its
 * completeness: an incomplete list never says an account is missing, and a service with an action in
 * flight is not judged at all (its action is changing exactly what would be compared).
 */
import type { RemoteAccount, RemoteAccountList, ServiceStatus } from '../../plugins/plugin-api.js';
import type { DetectedFinding } from './finding-kinds.js';

/** A service as the comparison needs it. */
export interface ComparedService {
  id: number;
  status: ServiceStatus;
  username: string;
  networkName: string | null;
  dedicatedIp: string | null;
  /** the module's declared options in effect (its own value, else the product default) */
  effectiveOptions: Record<string, unknown>;
  /** an action runs on it right now */
  inFlight: boolean;
}

/** What one comparison found, and which names it judged (the others' open findings are left as they are). */
export interface Comparison {
  findings: DetectedFinding[];
  /** names whose stored findings this comparison settles: seen, or (complete list) known not to be there */
  judged: (name: string) => boolean;
}

/** Statuses whose account must exist on the panel; a pending service's create decides it by itself. */
const HELD: ReadonlySet<ServiceStatus> = new Set(['active', 'suspended']);
/** Statuses whose account must not exist any more. */
const GONE: ReadonlySet<ServiceStatus> = new Set(['terminated', 'failed']);

function statusFinding(serverId: number, s: ComparedService, a: RemoteAccount): DetectedFinding | null {
  if (a.enabled === null) return null;
  const differs = GONE.has(s.status) || (s.status === 'active' && !a.enabled) || (s.status === 'suspended' && a.enabled);
  if (!differs) return null;
  return { kind: 'status', serverId, serviceId: s.id, clientName: s.username, portal: { status: s.status }, panel: { enabled: a.enabled } };
}

function capsFinding(serverId: number, s: ComparedService, a: RemoteAccount): DetectedFinding | null {
  const portal: Record<string, unknown> = {};
  const panel: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(a.options)) {
    if (!(name in s.effectiveOptions)) continue;
    portal[name] = s.effectiveOptions[name];
    panel[name] = value;
  }
  const differs = Object.keys(panel).some((name) => panel[name] !== portal[name]);
  return differs ? { kind: 'caps', serverId, serviceId: s.id, clientName: s.username, portal, panel } : null;
}

function networkFinding(serverId: number, s: ComparedService, a: RemoteAccount): DetectedFinding | null {
  // only what the panel reports can differ; the portal's null is a difference too (never recorded)
  const network = a.networkName !== null && a.networkName !== s.networkName;
  const ip = a.dedicatedIp !== null && a.dedicatedIp !== s.dedicatedIp;
  if (!network && !ip) return null;
  return { kind: 'network', serverId, serviceId: s.id, clientName: s.username, portal: { network_name: s.networkName, dedicated_ip: s.dedicatedIp }, panel: { network_name: a.networkName, dedicated_ip: a.dedicatedIp } };
}

/**
 * Compares one server.
 * @param serverId the server listed
 * @param services its services that hold an account name
 * @param list what its panel listed
 */
export function compareServer(serverId: number, services: readonly ComparedService[], list: RemoteAccountList): Comparison {
  const accounts = new Map(list.accounts.map((a) => [a.name, a]));
  const byName = new Map(services.map((s) => [s.username, s]));
  const findings: DetectedFinding[] = [];
  for (const a of list.accounts) {
    if (byName.has(a.name)) continue;
    findings.push({ kind: 'orphan', serverId, serviceId: null, clientName: a.name, portal: null, panel: { enabled: a.enabled, ...a.options, network_name: a.networkName, dedicated_ip: a.dedicatedIp } });
  }
  for (const s of services) {
    if (s.inFlight) continue;
    const a = accounts.get(s.username);
    if (!a) {
      if (list.complete && HELD.has(s.status)) findings.push({ kind: 'missing', serverId, serviceId: s.id, clientName: s.username, portal: { status: s.status }, panel: null });
      continue;
    }
    if (a.unreadable !== undefined || !(HELD.has(s.status) || GONE.has(s.status))) continue;
    const status = statusFinding(serverId, s, a);
    if (status) findings.push(status);
    if (!HELD.has(s.status)) continue;
    for (const found of [capsFinding(serverId, s, a), networkFinding(serverId, s, a)]) if (found) findings.push(found);
  }
  // an account read only in part settles nothing but its presence, so its other findings stay as they are
  const unjudged = new Set([...services.filter((s) => s.inFlight).map((s) => s.username), ...list.accounts.filter((a) => a.unreadable !== undefined).map((a) => a.name)]);
  return { findings, judged: (name) => !unjudged.has(name) && (list.complete || accounts.has(name)) };
}
