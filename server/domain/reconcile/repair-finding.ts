/**
 * Repairs one finding, through the lifecycle and the module log: the portal's status or caps pushed to
 * the panel, the panel's network and IP taken, a service whose client is gone marked failed, an orphan
 * adopted into a new service or deleted (after a confirmation naming it). A finding already resolved is
 * not repaired again, and two repairs of one finding never run at once, so a repair is idempotent.
 */
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';
import { runLifecycleAction } from '../services/run-lifecycle-action.js';
import { emitEvent } from '../webhooks/emit-event.js';
import { serviceEventData } from '../webhooks/event-data.js';
import { DEFAULT_REPAIR, REPAIRS, type Finding, type RepairAction } from './finding-kinds.js';
import { adoptOrphan, deleteOrphan } from './orphan-repairs.js';
import type { ReconcileDeps } from './reconcile-deps.js';
import { repairService } from './service-repair.js';

/** A repair claim older than this belongs to a process that died mid-repair. */
const STALE_REPAIR_MS = 2 * 60 * 1000;

/** What the admin chose; `action` defaults to the kind's own repair. */
export interface RepairRequest {
  action?: RepairAction;
  /** adopt: the customer and product of the new service */
  clientId?: number;
  productId?: number;
  /** delete: the orphan's name, typed again */
  confirm?: string;
}

/** What a repair came to. */
export interface RepairOutcome {
  finding: Finding;
  /** false when the finding was already resolved and nothing was done */
  repaired: boolean;
  /** the service adopted into, for an adoption */
  serviceId?: number;
}

async function serviceStep(deps: ReconcileDeps, f: Finding, action: RepairAction): Promise<void> {
  const serviceId = f.serviceId;
  if (serviceId === null) throw new ConflictError('The finding names no service', 'no_service');
  switch (action) {
    case 'push-caps':
      await runLifecycleAction(deps, serviceId, 'change-package', { notify: false });
      return;
    case 'push-status':
      return repairService(deps, serviceId, 'reconcile-status', async (ctx, service) => {
        const module = deps.modules.provisioner(ctx.product.module);
        if (!module) throw new ConflictError(`Service #${service.id} has no provisioning module`, 'no_module');
        // the portal's status wins: enabled while active, disabled while suspended, gone once terminated or failed
        if (service.status === 'active') await module.unsuspend(ctx);
        else if (service.status === 'suspended') await module.suspend(ctx);
        else if (service.status === 'terminated' || service.status === 'failed') await module.terminate(ctx);
        else throw new ConflictError(`A ${service.status} service has no status to push`, 'invalid_transition');
        return { pushed: service.status, client: f.clientName };
      });
    case 'mark-failed':
      return repairService(deps, serviceId, 'reconcile-missing', async (_ctx, service) => {
        if (service.status !== 'active' && service.status !== 'suspended') throw new ConflictError(`Service #${service.id} is ${service.status}, not active or suspended`, 'invalid_transition');
        const server = service.serverId === null ? null : await deps.repos.servers.findSummary(service.serverId);
        const reason = `reconcile: the VPN client "${f.clientName}" is gone from ${server?.name ?? `server #${f.serverId}`}`;
        // the status and its event commit together, as for a create that failed
        await deps.inTransaction(async (tx) => {
          await tx.repos.services.update(service.id, { status: 'failed', lastError: reason });
          await emitEvent(tx, 'service.failed', async () => serviceEventData((await tx.repos.services.findById(service.id)) as ServiceEntity));
        });
        return { status: 'failed', reason };
      });
    case 'take-panel':
      return repairService(deps, serviceId, 'reconcile-network', async (_ctx, service) => {
        const panel = f.panel ?? {};
        const networkName = typeof panel.network_name === 'string' ? panel.network_name : service.networkName;
        const dedicatedIp = typeof panel.dedicated_ip === 'string' ? panel.dedicated_ip : service.dedicatedIp;
        await deps.repos.services.update(service.id, { networkName, dedicatedIp });
        return { network_name: networkName, dedicated_ip: dedicatedIp, before: { network_name: service.networkName, dedicated_ip: service.dedicatedIp } };
      });
    default:
      throw new ValidationError({ action: `is not a repair of a ${f.kind} finding` });
  }
}

/**
 * Repairs a finding.
 * @throws NotFoundError; ValidationError (422) naming a bad action, customer, product or confirmation;
 *   ConflictError (409) while another repair or action runs; the module's errors (502/504)
 */
export async function repairFinding(deps: ReconcileDeps, findingId: number, request: RepairRequest = {}): Promise<RepairOutcome> {
  const findings = deps.repos.reconcileFindings;
  const finding = await findings.findById(findingId);
  if (!finding) throw new NotFoundError('No such finding');
  if (finding.resolvedAt !== null) return { finding, repaired: false };
  const action = request.action ?? DEFAULT_REPAIR[finding.kind];
  if (!(REPAIRS[finding.kind] as readonly string[]).includes(action)) throw new ValidationError({ action: `must be one of ${REPAIRS[finding.kind].join(', ')} for a ${finding.kind} finding` });
  if (!(await findings.claim(finding.id, STALE_REPAIR_MS))) {
    const again = (await findings.findById(finding.id)) as Finding;
    if (again.resolvedAt !== null) return { finding: again, repaired: false };
    throw new ConflictError(`Finding #${finding.id} is being repaired right now`, 'repair_in_progress');
  }
  try {
    let serviceId: number | undefined;
    if (action === 'adopt') serviceId = await adoptOrphan(deps, finding, request);
    else if (action === 'delete') await deleteOrphan(deps, finding, request.confirm);
    else await serviceStep(deps, finding, action);
    await findings.resolve([finding.id], `repaired: ${action}${serviceId ? ` into service #${serviceId}` : ''}`);
    return { finding: (await findings.findById(finding.id)) as Finding, repaired: true, serviceId };
  } finally {
    await findings.release(finding.id);
  }
}
