/**
 * The portal's Prometheus metrics (prom-client), one registry per container: tests build many apps in
 * one process, and each must count only its own. In-process events (requests, panel calls, job runs,
 * usage rows) are counted as they happen with a few label lookups; what the database knows across every
 * process (mails and webhook deliveries by status, invoices) is read when /metrics is scraped.
 */
import client from 'prom-client';
import type { Repositories } from '../domain/deps.js';
import type { Observer } from '../domain/observer.js';

/** A read memo's counters, by the repository method it caches. */
export interface MemoCounters {
  name: string;
  hits: number;
  misses: number;
}

/** What the scrape-time gauges read. */
export interface MetricsSources {
  repos: Pick<Repositories, 'mailOutbox' | 'webhookDeliveries'>;
  invoiceCount: () => Promise<number>;
  memos: () => MemoCounters[];
}

/** The registry and the recorders the app and the domain call. */
export interface PortalMetrics extends Observer {
  registry: client.Registry;
  /** One finished HTTP request; `route` is the matched route pattern, never the raw path. */
  httpRequest(method: string, route: string, status: number, seconds: number): void;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const JOB_BUCKETS = [0.1, 1, 5, 15, 60, 300, 900, 3600];

/**
 * Builds the metrics of one container.
 * @param options.processMetrics also the Node process's own series (CPU, memory, event loop): the
 *   portal process only, as they describe the process rather than the container
 */
export function createMetrics(sources: MetricsSources, options: { processMetrics?: boolean } = {}): PortalMetrics {
  const registry = new client.Registry();
  if (options.processMetrics) client.collectDefaultMetrics({ register: registry, prefix: 'portal_' });
  const http = new client.Histogram({ name: 'portal_http_request_duration_seconds', help: 'HTTP request latency by route pattern, method and status', labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const panel = new client.Histogram({ name: 'portal_panel_call_duration_seconds', help: 'Panel call latency (one attempt) by server and kind', labelNames: ['server', 'kind'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const panelErrors = new client.Counter({ name: 'portal_panel_call_errors_total', help: 'Panel calls (attempts) that failed, by server and kind', labelNames: ['server', 'kind'], registers: [registry] });
  const jobRuns = new client.Counter({ name: 'portal_job_runs_total', help: 'Job runs by job and outcome', labelNames: ['job', 'status'], registers: [registry] });
  const jobDuration = new client.Histogram({ name: 'portal_job_run_duration_seconds', help: 'Job run duration by job', labelNames: ['job'], buckets: JOB_BUCKETS, registers: [registry] });
  const usageRows = new client.Counter({ name: 'portal_usage_rows_stored_total', help: 'Daily usage rows stored by usage pulls', registers: [registry] });
  new client.Gauge({
    name: 'portal_mails',
    help: 'Mails in the outbox by status (queued, sent, failed)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      for (const [status, n] of Object.entries(await sources.repos.mailOutbox.counts())) this.set({ status }, n);
    },
  });
  new client.Gauge({
    name: 'portal_webhook_deliveries',
    help: 'Webhook deliveries by status (queued, sent, failed)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      for (const [status, n] of Object.entries(await sources.repos.webhookDeliveries.counts())) this.set({ status }, n);
    },
  });
  new client.Gauge({
    name: 'portal_invoices_issued',
    help: 'Invoices issued',
    registers: [registry],
    async collect() {
      this.set(await sources.invoiceCount());
    },
  });
  const memoHits = new client.Gauge({ name: 'portal_memo_hits', help: 'Reads answered from the page-view cache since start, by cached read', labelNames: ['memo'], registers: [registry] });
  new client.Gauge({
    name: 'portal_memo_misses',
    help: 'Reads the page-view cache had to load since start, by cached read',
    labelNames: ['memo'],
    registers: [registry],
    collect() {
      for (const m of sources.memos()) {
        this.set({ memo: m.name }, m.misses);
        memoHits.set({ memo: m.name }, m.hits);
      }
    },
  });
  return {
    registry,
    httpRequest(method, route, status, seconds) {
      http.observe({ method, route, status }, seconds);
    },
    panelCall(server, kind, seconds, ok) {
      panel.observe({ server, kind }, seconds);
      if (!ok) panelErrors.inc({ server, kind });
    },
    jobRun(job, status, seconds) {
      jobRuns.inc({ job, status });
      jobDuration.observe({ job }, seconds);
    },
    usageRowsStored(n) {
      usageRows.inc(n);
    },
  };
}
