/**
 * The billing part of the composition root: billing's repositories, the job lease and settings over the
 * domain deps. container.ts builds them once; tests and the benchmark build their own with other limits.
 */
import os from 'node:os';
import type { Knex } from 'knex';
import type { AppConfig } from './config/load-config.js';
import { jobLease } from './db/job-lease.js';
import type { BillingDeps, BillingLog, BillingSettings } from './domain/billing/billing-deps.js';
import type { DomainDeps } from './domain/deps.js';
import { createStopSignal, type StopSignal } from './domain/stop-signal.js';
import { NO_OBSERVER, type Observer } from './domain/observer.js';
import { jobRunsRepository } from './repositories/job-runs.repository.js';
import { usageRepository } from './repositories/usage.repository.js';

/** Panel calls in flight per panel server during a collection. */
export const DEFAULT_PER_PANEL_LIMIT = 8;
/** Panel calls in flight overall during a collection. */
export const DEFAULT_OVERALL_LIMIT = 100;

/** What billing is built over (a Container has all of it). */
export interface BillingParts {
  deps: DomainDeps;
  db: Knex;
  config: Pick<AppConfig, 'billingTz' | 'usageGraceDays' | 'currency' | 'invoiceDueDays' | 'suspendOverdueDays' | 'taxRate'>;
  log: BillingLog;
  /** the container's shutdown signal; a fresh one when absent (tests, the benchmark) */
  stop?: StopSignal;
  /** the container's metrics; none when absent */
  observe?: Observer;
}

/**
 * Builds billing deps.
 * @param overrides settings that replace the configuration's (tests and the benchmark)
 */
export function buildBillingDeps({ deps, db, config, log, stop, observe = NO_OBSERVER }: BillingParts, overrides: Partial<BillingSettings> = {}): BillingDeps {
  const usage = usageRepository(db);
  return {
    ...deps,
    // the rows a pull stores are counted on their way in, whichever command stores them
    usage: { ...usage, store: (days, pulls, at) => usage.store(days, pulls, at).then(() => observe.usageRowsStored(days.rows)) },
    invoices: deps.repos.invoices,
    jobRuns: jobRunsRepository(db),
    lease: jobLease(db),
    settings: {
      timeZone: config.billingTz,
      graceDays: config.usageGraceDays,
      currency: config.currency,
      invoiceDueDays: config.invoiceDueDays,
      suspendOverdueDays: config.suspendOverdueDays,
      taxRate: config.taxRate,
      perPanelLimit: DEFAULT_PER_PANEL_LIMIT,
      overallLimit: DEFAULT_OVERALL_LIMIT,
      ...overrides,
    },
    log,
    // job_leases.holder holds 128 characters: host (cut), pid and an 8-character run suffix
    processName: `${os.hostname().slice(0, 100)}:${process.pid}`,
    stop: stop ?? createStopSignal(),
    observe,
  };
}
