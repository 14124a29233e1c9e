/**
 * What a collection works through: every pullable service whose product bills usage, with its meter,
 * queued per panel server in id order. Only ids are held for the whole run; each service's record is read
 * a page at a time as its panel's workers get to it (the next page while the current one is worked on),
 * so the run's memory stays flat however many thousands of services there are.
 */
import type { UsageCandidate } from '../../repositories/usage.repository.js';
import type { BillingDeps } from './billing-deps.js';
import type { MeteredProduct, UsageSources } from './usage-sources.js';

/** One service to pull, with its meter. */
export interface UsageTarget {
  candidate: UsageCandidate;
  metered: MeteredProduct;
}

/** Services read per query while a queue is worked through. */
export const TARGETS_PER_PAGE = 100;

/**
 * Plans a run.
 * @returns how many services it covers and one queue per panel server
 */
export async function usageTargets(deps: BillingDeps, sources: UsageSources, pageSize = TARGETS_PER_PAGE): Promise<{ total: number; queues: AsyncIterable<UsageTarget>[] }> {
  const idsByServer = new Map<number, number[]>();
  let total = 0;
  for (const key of await deps.usage.pullableKeys()) {
    if (!(await sources.metered(key.productId))) continue;
    const ids = idsByServer.get(key.serverId) ?? [];
    ids.push(key.id);
    idsByServer.set(key.serverId, ids);
    total++;
  }
  return { total, queues: [...idsByServer.values()].map((ids) => targetsOf(deps, sources, ids, pageSize)) };
}

async function* targetsOf(deps: BillingDeps, sources: UsageSources, ids: number[], pageSize: number): AsyncGenerator<UsageTarget> {
  for await (const page of candidatePages(deps, ids, pageSize)) {
    for (const candidate of page) {
      // the product may have changed since the run was planned
      const metered = await sources.metered(candidate.service.productId);
      if (metered) yield { candidate, metered };
    }
  }
}

/**
 * The candidates of `ids` a page at a time, the next page read while the current one is worked on (the
 * usage pull and the quota run both walk their queues this way).
 */
export async function* candidatePages(deps: Pick<BillingDeps, 'usage'>, ids: readonly number[], pageSize = TARGETS_PER_PAGE): AsyncGenerator<UsageCandidate[]> {
  const load = (from: number) => {
    const page = deps.usage.candidatesByIds(ids.slice(from, from + pageSize));
    // a failed read-ahead surfaces when its page is awaited, not as an unhandled rejection before that
    page.catch(() => undefined);
    return page;
  };
  let next = load(0);
  for (let from = 0; from < ids.length; from += pageSize) {
    const page = await next;
    if (from + pageSize < ids.length) next = load(from + pageSize);
    yield page;
  }
}
