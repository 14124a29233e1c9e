/**
 * Where a service's usage comes from: its product's usage meter and metrics, and the ServiceContext the
 * meter is called with. Products, servers and groups are read once per run, not once per service, so a
 * run over thousands of services costs a handful of queries.
 */
import type { MeteredMetric, ProductRecord, ServerRecord, ServiceContext, ServiceTier, UsageMeter } from '../../plugins/plugin-api.js';
import type { UsageCandidate } from '../../repositories/usage.repository.js';
import type { DomainDeps } from '../deps.js';
import type { MetricName } from './invoice-lines.js';

/** A product that bills usage: its meter and the metrics it bills (at least one enabled). */
export interface MeteredProduct {
  product: ProductRecord;
  meter: UsageMeter;
  metrics: Record<MetricName, MeteredMetric>;
}

/** Memoises one lookup per key. */
function memo<K, V>(load: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const cache = new Map<K, Promise<V>>();
  return (key) => {
    let hit = cache.get(key);
    if (!hit) {
      hit = load(key);
      cache.set(key, hit);
    }
    return hit;
  };
}

/**
 * Builds the lookups for one run (or one request); they cache, so build a new one per run.
 * @returns `metered(productId)` (null when the product bills no usage) and `context(candidate)`
 */
export function usageSources(deps: DomainDeps) {
  const { repos } = deps;
  const metered = memo(async (productId: number): Promise<MeteredProduct | null> => {
    const product = await repos.products.findById(productId);
    const meter = product ? deps.modules.meter(product.module) : null;
    const metrics = product && meter ? meter.metrics(product) : null;
    return product && meter && metrics ? { product, meter, metrics } : null;
  });
  const server = memo((id: number): Promise<ServerRecord | null> => repos.servers.findRecord(id));
  const group = memo((id: number): Promise<ServerRecord[]> => repos.servers.enabledInGroup(id));
  const tier = memo(async (key: string): Promise<ServiceTier | null> => {
    const [productId, code] = [Number(key.slice(0, key.indexOf('/'))), key.slice(key.indexOf('/') + 1)];
    const t = await repos.plans.tier(productId, code);
    return t ? { code: t.code, name: t.name, downloadMbps: t.downloadMbps, uploadMbps: t.uploadMbps } : null;
  });
  return {
    metered,
    /** The context the meter is called with, as buildServiceContext makes it, from cached records. */
    async context(candidate: UsageCandidate, product: ProductRecord): Promise<ServiceContext> {
      const { service } = candidate;
      const [srv, groupServers, tierCaps] = await Promise.all([
        service.serverId === null ? null : server(service.serverId),
        group(product.serverGroupId),
        service.tierCode ? tier(`${service.productId}/${service.tierCode}`) : null,
      ]);
      return {
        service,
        product,
        client: candidate.client,
        server: srv,
        groupServers,
        tier: tierCaps,
        now: deps.clock(),
        // methods, not arrow properties: tsx names every arrow it assigns at run time, and a run builds thousands of these
        log(entry) {
          return repos.moduleLog.write({ ...entry, serviceId: service.id });
        },
        reserveUsername(name) {
          return repos.services.reserveUsername(service.id, name);
        },
        recordIntent(ref) {
          return repos.services.update(service.id, { serverId: ref.serverId, username: ref.username, networkName: ref.networkName });
        },
      };
    },
  };
}

/** The lookups of one run. */
export type UsageSources = ReturnType<typeof usageSources>;
