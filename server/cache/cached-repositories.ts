/**
 * The caching layer: wrappers over the repositories, built once in the composition root. Each
 * repository's plan names every one of its methods as a read, a write or a cached read (the type makes
 * a new method impossible to forget), and every write drops that repository's cached reads before and
 * after it runs, so a change made in this process is seen by the next request by construction.
 *
 * Two views share the caches: `repos`, whose reads all go to the database (commands, provisioning,
 * billing, admin pages), and `pageRepos`, whose cached reads answer from a few-seconds memo (what every
 * customer page view reads: its session's user, the service, its product and group servers). On SQLite
 * every query queues behind everyone else's on one connection, so a page view's own rows are the ones
 * worth keeping; a change made by another process is seen within two MEMO_TTL_MS (read-memo.ts).
 */
import { deepFreeze, ReadMemo, type ReadMemoOptions } from './read-memo.js';
import type { Repositories } from '../domain/deps.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any method of any repository
type AsyncMethod = (...args: any[]) => Promise<unknown>;

/** A read answered from the memo under `key(args)`; the value is frozen, as every reader shares it. */
export interface CachedRead<A extends unknown[]> {
  key: (...args: A) => string | number;
}

/** What the layer does with each method of a repository. */
export type CachePlan<R> = {
  [M in keyof R]: R[M] extends (...args: infer A) => Promise<unknown> ? 'read' | 'write' | CachedRead<A> : never;
};

/** One repository as both views see it. */
export interface CachedRepository<R> {
  repos: R;
  pageRepos: R;
  /** drops every cached read of this repository */
  dropAll: () => void;
  /** each cached read's memo, by method name (the metrics read their counters) */
  memos: Map<string, ReadMemo<string | number, unknown>>;
}

/**
 * Wraps one repository according to its plan.
 * @param options the memo's lifetimes (tests shorten them)
 */
export function cachedRepository<R extends object>(raw: R, plan: CachePlan<R>, options: ReadMemoOptions<unknown> = {}): CachedRepository<R> {
  const memos = new Map<string, ReadMemo<string | number, unknown>>();
  const dropAll = () => memos.forEach((m) => m.clear());
  const repos: Record<string, AsyncMethod> = {};
  const pageRepos: Record<string, AsyncMethod> = {};
  for (const [name, role] of Object.entries(plan) as [string, 'read' | 'write' | CachedRead<unknown[]>][]) {
    const method = (raw as Record<string, AsyncMethod>)[name];
    if (typeof method !== 'function') throw new TypeError(`cache plan names ${name}(), which the repository does not have`);
    const call: AsyncMethod = (...args) => method.apply(raw, args);
    if (role === 'write') {
      // before: a page must not be answered from the old row while the write runs; after: a read that
      // started during the write may have seen the old row
      const write: AsyncMethod = async (...args) => {
        dropAll();
        try {
          return await call(...args);
        } finally {
          dropAll();
        }
      };
      repos[name] = write;
      pageRepos[name] = write;
    } else if (role === 'read') {
      repos[name] = call;
      pageRepos[name] = call;
    } else {
      const memo = new ReadMemo<string | number, unknown>(options);
      memos.set(name, memo);
      repos[name] = call;
      pageRepos[name] = (...args) => memo.get(role.key(...args), () => call(...args).then(deepFreeze));
    }
  }
  const missing = Object.keys(raw).filter((name) => !(name in plan));
  if (missing.length > 0) throw new TypeError(`cache plan does not name ${missing.join(', ')}`);
  return { repos: repos as R, pageRepos: pageRepos as R, dropAll, memos };
}

const byId = { key: (id: number) => id };

/** The repositories with cached reads; the others have nothing to invalidate and pass through as they are. */
type Cached = 'users' | 'servers' | 'products' | 'services' | 'sessions' | 'settings' | 'plans';

/** The plan of each cached repository: which reads a customer page view may take from the memo. */
const PLANS: { [N in Cached]: CachePlan<Repositories[N]> } = {
  users: { findById: byId, findCredentials: 'read', emailTaken: 'read', create: 'write', update: 'write', findByIds: 'read', list: 'read', searchClients: 'read', countActiveOwners: 'read', invitedAmong: 'read', count: 'read' },
  servers: { list: 'read', findSummary: 'read', findRecord: byId, enabledInGroup: byId, registerSecrets: 'read', create: 'write', update: 'write', nameTaken: 'read', namesInGroup: 'read', remove: 'write', recordTest: 'write', health: 'read' },
  products: { list: 'read', all: 'read', findByIds: 'read', findById: byId, create: 'write', update: 'write', saveConfig: 'write', nameTaken: 'read', namesInGroup: 'read', remove: 'write', autoProvision: 'read', setAutoProvision: 'write' },
  sessions: { read: { key: (sid: string) => sid }, write: 'write', destroy: 'write', endForUser: 'write', listForUser: 'read', purgeExpired: 'write', clear: 'write' },
  // a customer's service page shows its product's price and tiers
  plans: {
    pricing: byId,
    pricingOf: 'read',
    setPricing: 'write',
    tiers: { key: (productId: number, options?: { withRetired?: boolean }) => `${productId}:${options?.withRetired ? 'all' : 'live'}` },
    tiersOf: 'read',
    tier: 'read',
    replaceTiers: 'write',
    servicesUsingTiers: 'read',
    servicesWithProductInHistory: 'read',
    recordPeriod: 'write',
    periods: 'read',
    periodsOf: 'read',
    changes: 'read',
  },
  // every page reads the company profile (the brand and the support contact)
  settings: { get: { key: (key: string) => key }, getOrCreate: 'write', set: 'write' },
  services: {
    findById: 'read',
    findForClient: { key: (id: number, clientId: number) => `${id}:${clientId}` },
    listForClient: 'read',
    listForClients: 'read',
    suspendedFor: 'read',
    list: 'read',
    search: 'read',
    referencing: 'read',
    slotsByServer: 'read',
    retire: 'write',
    listOnServer: 'read',
    countByStatus: 'read',
    create: 'write',
    setOptions: 'write',
    update: 'write',
    sealedPassword: byId,
    registerSecrets: 'read',
    reserveUsername: 'write',
    claimAction: 'write',
    releaseAction: 'write',
    usernameTaken: 'read',
    holderOf: 'read',
  },
};

/**
 * Builds both views over the raw repositories.
 * @param options the memos' lifetimes (default MEMO_TTL_MS)
 */
export function cachedRepositories(
  raw: Repositories,
  options: ReadMemoOptions<unknown> = {},
): { repos: Repositories; pageRepos: Repositories; asWrite: <T>(work: () => Promise<T>) => Promise<T>; memoCounters: () => { name: string; hits: number; misses: number }[] } {
  const repos: Record<string, unknown> = { ...raw };
  const pageRepos: Record<string, unknown> = { ...raw };
  const drops: (() => void)[] = [];
  const memos: [string, ReadMemo<string | number, unknown>][] = [];
  for (const name of Object.keys(PLANS) as Cached[]) {
    const wrapped = cachedRepository<object>(raw[name], PLANS[name] as CachePlan<object>, options);
    repos[name] = wrapped.repos;
    pageRepos[name] = wrapped.pageRepos;
    drops.push(wrapped.dropAll);
    for (const [method, memo] of wrapped.memos) memos.push([`${name}.${method}`, memo]);
  }
  const memoCounters = () => memos.map(([name, m]) => ({ name, hits: m.hits, misses: m.misses }));
  const dropAll = () => drops.forEach((drop) => drop());
  // a transaction writes through repositories of its own, past the wrappers: it drops every cached read
  // before and after, as each write method does
  const asWrite = async <T>(work: () => Promise<T>): Promise<T> => {
    dropAll();
    try {
      return await work();
    } finally {
      dropAll();
    }
  };
  return { repos: repos as unknown as Repositories, pageRepos: pageRepos as unknown as Repositories, asWrite, memoCounters };
}
