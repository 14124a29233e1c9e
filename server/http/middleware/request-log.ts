/**
 * One pino line and one latency observation per request, written when the answer is finished. The
 * line names the route pattern (`/admin/services/:id`), never the raw path: a path may carry a reset or
 * one-time token. The cost per request is a clock read, a listener and a histogram observation; a
 * customer page pays nothing else.
 */
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../../logger.js';
import type { PortalMetrics } from '../../metrics/portal-metrics.js';

/** The matched route as a pattern: the mount path and the route's own path, or what served it. */
export function routeOf(req: Request, status: number): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && route.path !== undefined) return `${req.baseUrl}${String(route.path)}` || '/';
  // no route matched: static files under their folder, everything else as one label (404s, redirects)
  if (status === 404) return 'unmatched';
  const first = /^\/[^/]*/.exec(req.path)?.[0] ?? '/';
  return ['/css', '/js', '/vendor', '/plugins'].includes(first) ? `${first}/*` : 'other';
}

/**
 * Builds the middleware.
 * @param stopping true once a shutdown began: answers then close their keep-alive connection, so the
 *   listener can close as soon as the requests in flight are answered
 */
export function requestLog(log: Logger, metrics: PortalMetrics, stopping: () => boolean): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    if (stopping()) res.set('Connection', 'close');
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req, res.statusCode);
      metrics.httpRequest(req.method, route, res.statusCode, seconds);
      if (log.isLevelEnabled('info')) {
        const user = (req.user as { id?: number } | undefined)?.id;
        log.info({ req: { method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10, user: user ?? null } }, 'request');
      }
    });
    next();
  };
}
