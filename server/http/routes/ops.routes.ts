/**
 * What monitoring reads (admin-api.md "Operations"): `GET /healthz` (the process answers), `GET /readyz`
 * (the database answers within 2 s; 503 otherwise, and while the process is stopping) and `GET /metrics`
 * in the Prometheus text format, for a bearer METRICS_TOKEN or an address in METRICS_ALLOW.
 */
import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import proxyAddr from 'proxy-addr';
import type { Container } from '../../container.js';

/** How long /readyz waits for the database. */
export const READY_TIMEOUT_MS = 2000;

/** Whether the database answers `select 1` in time; the error otherwise. */
async function databaseAnswers(c: Container): Promise<{ ok: true } | { ok: false; error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([c.db.raw('select 1'), late]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error)?.message?.split('\n')[0] ?? String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Builds the check of who may read /metrics. */
function metricsAccess(c: Container): (req: Request) => boolean {
  const token = c.config.metricsToken ? Buffer.from(c.config.metricsToken) : null;
  const allowed = c.config.metricsAllow.length > 0 ? proxyAddr.compile(c.config.metricsAllow) : null;
  return (req) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (token && match) {
      const given = Buffer.from(match[1]);
      if (given.length === token.length && crypto.timingSafeEqual(given, token)) return true;
    }
    // the connection's own address: a forwarded one could be anything the client wrote
    return allowed !== null && allowed(req.socket.remoteAddress ?? '', 0);
  };
}

/** Builds the routes; mounted before the session, so a probe never creates or reads one. */
export function opsRoutes(c: Container): Router {
  const router = Router();
  const mayReadMetrics = metricsAccess(c);
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (c.stop.requested) return void res.status(503).json({ status: 'stopping' });
    const db = await databaseAnswers(c);
    if (db.ok) res.json({ status: 'ready', database: 'ok' });
    else res.status(503).json({ status: 'unavailable', database: db.error });
  });
  router.get('/metrics', async (req, res) => {
    if (!mayReadMetrics(req)) {
      res.status(c.config.metricsToken || c.config.metricsAllow.length > 0 ? 401 : 403).json({ error: 'Set METRICS_TOKEN (and send it as a bearer token) or METRICS_ALLOW to read /metrics' });
      return;
    }
    res.set('Content-Type', c.metrics.registry.contentType).set('Cache-Control', 'no-store').send(await c.metrics.registry.metrics());
  });
  return router;
}
