/**
 * PluginHost.cache: the host's one cache implementation (read-memo.ts) in the shape the plugin API
 * names, for the plugins' own answers (e.g. panel reads of the customer's pages).
 */
import type { CacheOptions, PluginCache } from '../plugins/plugin-api.js';
import { ReadMemo } from './read-memo.js';

/** A new cache with the given lifetimes; stale answers only when `staleMs` is set. */
export function pluginCache<V>(options: CacheOptions, now?: () => number): PluginCache<V> {
  const memo = new ReadMemo<string, V>({ ttlMs: options.ttlMs, staleMs: options.staleMs ?? 0, failureTtlMs: options.failureTtlMs, maxEntries: options.maxEntries, now });
  return {
    async get(key, load) {
      const hit = await memo.read(key, load);
      return { value: hit.value as V, loadedAt: hit.loadedAt };
    },
    forget: (key) => memo.forget(key),
  };
}
