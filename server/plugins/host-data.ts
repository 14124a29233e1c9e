/**
 * HostData, the records a plugin reads and writes, over the composition root's dependencies. Admin and
 * provisioning reads go to the database; what a customer's page reads (a service with the customer's
 * id) comes through the page view of the caching layer.
 */
import type { BillingDeps } from '../domain/billing/billing-deps.js';
import { usageEstimate } from '../domain/billing/usage-estimate.js';
import { updateProductConfig } from '../domain/catalogue/products.js';
import type { DomainDeps } from '../domain/deps.js';
import { buildServiceContext } from '../domain/services/service-context.js';
import type { SecretBox } from '../security/secret-box.js';
import type { HostData } from './plugin-api.js';
import { knownSecrets } from '../security/mask-secrets.js';

/** What HostData is built over. */
export interface HostDataParts {
  deps: DomainDeps;
  /** the same commands over the page view of the repositories */
  pageDeps: DomainDeps;
  billing: BillingDeps;
  box: SecretBox;
}

/** Builds the plugins' HostData. */
export function hostData({ deps, pageDeps, billing, box }: HostDataParts): HostData {
  const { repos } = deps;
  return {
    product: (id) => repos.products.findById(id),
    saveProductConfig: (id, config) => updateProductConfig(deps, id, config),
    serverGroup: (id) => repos.serverGroups.findById(id),
    groupServers: (groupId) => repos.servers.enabledInGroup(groupId),
    server: (id) => repos.servers.findRecord(id),
    async serviceContext(serviceId, clientId) {
      if (clientId === undefined) {
        const service = await repos.services.findById(serviceId);
        return service ? buildServiceContext(deps, service) : null;
      }
      // a customer's own service, as their pages read it; the client is the signed-in user
      const [service, client] = await Promise.all([pageDeps.repos.services.findForClient(serviceId, clientId), pageDeps.repos.users.findById(clientId)]);
      return service && client ? buildServiceContext(pageDeps, service, { client }) : null;
    },
    async servicePassword(serviceId) {
      // decrypted on each use: the plaintext is never kept beyond the page that shows it
      const sealed = await pageDeps.repos.services.sealedPassword(serviceId);
      if (!sealed) return null;
      const password = box.decrypt(sealed);
      // a password set by another process is masked here from its first use on
      knownSecrets.add(password);
      return password;
    },
    async usageEstimate(serviceId, clientId) {
      if (!(await pageDeps.repos.services.findForClient(serviceId, clientId))) return null;
      const e = await usageEstimate(billing, serviceId, deps.clock());
      if (!e) return null;
      const lines = e.lines.map((l) => ({ metric: l.metric, gb: l.gb, includedGb: l.included_gb, billableGb: l.billable_gb, unitPrice: l.unit_price, amountMinor: l.amount_minor }));
      return { period: e.period, lines, totalMinor: e.total_minor, currency: e.currency, rules: e.rules, updatedAt: e.updated_at };
    },
    async storedUsage(serviceId, clientId, period) {
      if (!(await pageDeps.repos.services.findForClient(serviceId, clientId))) return null;
      const days = await billing.usage.daysOf(serviceId, `${period.year}-${String(period.month).padStart(2, '0')}`);
      return days.map((d) => ({ date: d.day, downloadBytes: d.downloadBytes, uploadBytes: d.uploadBytes }));
    },
    moduleLog: (entry) => repos.moduleLog.write(entry),
  };
}
