/**
 * The repairs of an account on a panel that no service holds: adopting it into a new service of a
 * customer and product the admin chose (so it is billed from now on), or deleting it from the panel once
 * the admin has typed its name.
 */
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { ModuleLogWriter, RemoteAccounts, ServerRecord } from '../../plugins/plugin-api.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';
import type { DomainDeps } from '../deps.js';
import { emitEvent } from '../webhooks/emit-event.js';
import { serviceEventData } from '../webhooks/event-data.js';
import type { Finding } from './finding-kinds.js';

/** The finding's server and its module's account support. */
async function orphanSite(deps: DomainDeps, f: Finding): Promise<{ server: ServerRecord; remote: RemoteAccounts; log: ModuleLogWriter }> {
  const server = await deps.repos.servers.findRecord(f.serverId);
  if (!server) throw new NotFoundError(`Server #${f.serverId} no longer exists`);
  const remote = deps.modules.provisioner(server.module)?.remoteAccounts;
  if (!remote) throw new ConflictError(`The ${server.module} module cannot manage the accounts of a server`, 'no_module');
  return { server, remote, log: (entry) => deps.repos.moduleLog.write({ ...entry, serverId: server.id }) };
}

/**
 * Names are unique across services: a name a service holds elsewhere cannot be adopted here, but the
 * copy left on this server (a service moved away) may be deleted; one held on this server is no orphan.
 */
async function assertStillOrphan(deps: DomainDeps, f: Finding, forAdoption: boolean): Promise<void> {
  const holder = await deps.repos.services.holderOf(f.clientName);
  if (!holder || (!forAdoption && holder.serverId !== f.serverId)) return;
  const where = holder.serverId === f.serverId ? 'on this server' : `on server #${holder.serverId ?? '?'}`;
  throw new ConflictError(`Service #${holder.id} holds "${f.clientName}" ${where}; ${forAdoption ? 'a name can belong to one service only' : 'run the reconciliation again'}`, 'not_orphan');
}

/**
 * Adopts the orphan into a new service (active, or suspended when the account is disabled there).
 * @returns the new service's id
 * @throws ValidationError naming client_id or product_id; ConflictError when a service holds the name
 */
export async function adoptOrphan(deps: DomainDeps, f: Finding, choice: { clientId?: number; productId?: number }): Promise<number> {
  const { server, remote, log } = await orphanSite(deps, f);
  const fields: Record<string, string> = {};
  const client = choice.clientId === undefined ? null : await deps.repos.users.findById(choice.clientId);
  if (!client || client.role !== 'client') fields.client_id = 'Choose an existing client';
  const product = choice.productId === undefined ? null : await deps.repos.products.findById(choice.productId);
  if (!product) fields.product_id = 'Choose an existing product';
  else if (product.module !== server.module || product.serverGroupId !== server.serverGroupId) fields.product_id = `Choose a ${server.module} product of the group of ${server.name}`;
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  await assertStillOrphan(deps, f, true);
  const ref = await remote.adopt(server, f.clientName, log);
  const status = f.panel?.enabled === false ? 'suspended' : 'active';
  const serviceId = await deps.inTransaction(async (tx) => {
    const { repos } = tx;
    const service = await repos.services.create({ clientId: (client as NonNullable<typeof client>).id, productId: (product as NonNullable<typeof product>).id, serverId: server.id, options: {} });
    // the unique index on the name decides a race with another adoption: the transaction is undone
    if (!(await repos.services.reserveUsername(service.id, ref.username))) throw new ConflictError(`A service now holds "${ref.username}"`, 'not_orphan');
    await repos.services.update(service.id, { status, serverId: server.id, networkName: ref.networkName, dedicatedIp: ref.dedicatedIp, password: ref.password });
    // a service that exists from now on, as after a create
    await emitEvent(tx, 'service.created', async () => serviceEventData((await repos.services.findById(service.id)) as ServiceEntity));
    return service.id;
  });
  await deps.repos.moduleLog.write({ serviceId, serverId: server.id, action: 'reconcile-adopt:success', response: { client: f.clientName, status, network_name: ref.networkName, dedicated_ip: ref.dedicatedIp } });
  return serviceId;
}

/**
 * Deletes the orphan from its panel.
 * @param confirm the name typed again by the admin; auto-repair passes the name itself
 * @throws ValidationError (confirm) unless it names the orphan; ConflictError when a service holds the name
 */
export async function deleteOrphan(deps: DomainDeps, f: Finding, confirm: string | undefined): Promise<void> {
  if (confirm !== f.clientName) throw new ValidationError({ confirm: `type the client's name, "${f.clientName}", to delete it from the panel` });
  const { server, remote, log } = await orphanSite(deps, f);
  await assertStillOrphan(deps, f, false);
  await remote.remove(server, f.clientName, log);
  await log({ action: 'reconcile-delete:success', response: { client: f.clientName, note: 'deleted from the panel: no service held it' } });
}
