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
  return {
    counts: { clients, products: products.length, servers: servers.length, ...byStatus },
    alerts,
  };
}
