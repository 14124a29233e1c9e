/**
 * The admin dashboard: counts per status and the alerts modules raise for products.
 */
import type { DomainDeps } from '../../domain/deps.js';

/** Builds the dashboard's view-model. */
export async function dashboardView(deps: DomainDeps) {
  const { repos, modules } = deps;
  const [byStatus, clients, products, servers] = await Promise.all([repos.services.countByStatus(), repos.users.count('client'), repos.products.all(), repos.servers.list()]);
  const alerts: { productId: number; productName: string; text: string }[] = [];
  for (const product of products) {
    const module = modules.provisioner(product.module);
    if (!module?.productAlerts) continue;
    for (const text of await module.productAlerts(product, deps.clock())) alerts.push({ productId: product.id, productName: product.name, text });
  }
  const [groups, services] = [await repos.serverGroups.list(), Object.values(byStatus).reduce((a, b) => a + b, 0)];
  return {
    counts: { clients, products: products.length, servers: servers.length, ...byStatus },
    alerts,
    guide: firstRunGuide({ groups: groups.length, servers: servers.length, products: products.length, clients, services }),
  };
}

/**
 * The first-run guide: the steps of setting up, in order, each with where to do it, until all are done
 * (then the dashboard shows none). A step is done when its kind of record exists.
 */
export function firstRunGuide(n: { groups: number; servers: number; products: number; clients: number; services: number }) {
  const steps = [
    { label: 'Create a server group', detail: 'a set of panels that products place services on', href: '/admin/server-groups', done: n.groups > 0 },
    { label: 'Add a panel server', detail: 'its address and API token; Test Connection checks it', href: '/admin/servers/new', done: n.servers > 0 },
    { label: 'Create a product', detail: 'what customers buy: its group, bandwidth and billing', href: '/admin/products/new', done: n.products > 0 },
    { label: 'Add a customer', detail: 'they sign in at /login', href: '/admin/clients/new', done: n.clients > 0 },
    { label: 'Create their first service', detail: '"Create and provision" sets up the VPN client at once', href: '/admin/services/new', done: n.services > 0 },
  ];
  return steps.every((s) => s.done) ? null : steps;
}
