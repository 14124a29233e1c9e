/**
 * Every route of an Express 5 app, read from its router: a route added anywhere (host, API, plugin)
 * shows up here without anyone listing it.
 */
import type { Express } from 'express';

/** One method and path pattern, e.g. { method: 'post', path: '/admin/services/:id/actions/:action' }. */
export interface AppRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string;
}

/** Lists the routes, mount prefixes included, in the order they are matched. */
export function appRoutes(app: Express): AppRoute[] {
  const out: AppRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) out.push({ method, path: `${prefix}${layer.route.path}`.replace(/(.)\/$/, '$1') });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}
