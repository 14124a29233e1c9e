/**
 * What the per-request instrumentation costs (server/http/middleware/request-log.ts): the latency
 * observation and the one log line, run through the real middleware, metrics and pino logger (its line
 * written synchronously to /dev/null, as to stdout in production), for requests shaped like a customer's
 * service page. Prints microseconds of CPU per request with the line (LOG_LEVEL=info) and without it (warn),
 * to compare with the page's own cost (about 1 ms, see README "Tests and benchmarks").
 */
import { EventEmitter } from 'node:events';
import type { Request, RequestHandler, Response } from 'express';
import pino from 'pino';
import { requestLog } from '../../server/http/middleware/request-log.js';
import { createLogger } from '../../server/logger.js';
import { createMetrics } from '../../server/metrics/portal-metrics.js';

const ROUNDS = 5;
const PER_ROUND = 50_000;
const counts = { queued: 0, sent: 0, failed: 0 };
const metrics = createMetrics({ repos: { mailOutbox: { counts: async () => counts }, webhookDeliveries: { counts: async () => counts } } as never, invoiceCount: async () => 0, memos: () => [] });

/** One fake request through the middleware, answered at once. */
function request(mw: RequestHandler, n: number): void {
  const res = Object.assign(new EventEmitter(), { statusCode: 200, set: () => res }) as unknown as Response;
  const req = { method: 'GET', baseUrl: '', path: `/services/${n}`, route: { path: '/services/:id' }, user: { id: n % 500 } } as unknown as Request;
  mw(req, res, () => undefined);
  res.emit('finish');
}

function measure(level: string): number {
  const mw = requestLog(createLogger(level, pino.destination({ dest: '/dev/null', sync: true })), metrics, () => false);
  for (let i = 0; i < 5000; i++) request(mw, i);
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < PER_ROUND; i++) request(mw, i);
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / PER_ROUND);
  }
  return times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}

const withLine = measure('info');
const withoutLine = measure('warn');
console.log(`request instrumentation, median of ${ROUNDS} rounds of ${PER_ROUND} requests:`);
console.log(`  latency histogram + one pino line: ${withLine.toFixed(1)} µs CPU per request`);
console.log(`  latency histogram only (LOG_LEVEL=warn): ${withoutLine.toFixed(1)} µs CPU per request`);
