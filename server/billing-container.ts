/**
 * The billing part of the composition root: billing's repositories, the job lease and settings over a
 * container, built once per container, and the lifecycle hook that pulls usage one last time before a
 * terminate.
 */
import os from 'node:os';
import type { Container } from './container.js';
import { jobLease } from './db/job-lease.js';
import type { BillingDeps, BillingSettings } from './domain/billing/billing-deps.js';
import { finalUsagePull } from './domain/billing/final-usage-pull.js';
import { invoicesRepository } from './repositories/invoices.repository.js';
import { jobRunsRepository } from './repositories/job-runs.repository.js';
import { usageRepository } from './repositories/usage.repository.js';

/** Panel calls in flight per panel server during a collection. */
export const DEFAULT_PER_PANEL_LIMIT = 8;
/** Panel calls in flight overall during a collection. */
export const DEFAULT_OVERALL_LIMIT = 100;

const built = new WeakMap<Container, BillingDeps>();

/**
 * Builds fresh billing deps (tests and the benchmark pass other limits).
 * @param overrides settings that replace the configuration's
 */
export function buildBillingDeps(c: Container, overrides: Partial<BillingSettings> = {}): BillingDeps {
  return {
    ...c.deps,
    usage: usageRepository(c.db),
    invoices: invoicesRepository(c.db),
    jobRuns: jobRunsRepository(c.db),
    lease: jobLease(c.db),
    settings: {
      timeZone: c.config.billingTz,
      graceDays: c.config.usageGraceDays,
      currency: c.config.currency,
      perPanelLimit: DEFAULT_PER_PANEL_LIMIT,
      overallLimit: DEFAULT_OVERALL_LIMIT,
      ...overrides,
    },
    log: c.log,
    // job_leases.holder holds 128 characters: host (cut), pid and an 8-character run suffix
    processName: `${os.hostname().slice(0, 100)}:${process.pid}`,
  };
}

/** The container's billing deps, built on first use. */
export function billingDeps(c: Container): BillingDeps {
  let deps = built.get(c);
  if (!deps) {
    deps = buildBillingDeps(c);
    built.set(c, deps);
  }
  return deps;
}

/** Adds the final usage pull to the lifecycle's beforeTerminate, after any hook already there. */
export function attachBillingHooks(c: Container): void {
  const previous = c.lifecycleDeps.hooks.beforeTerminate;
  c.lifecycleDeps.hooks.beforeTerminate = async (service, actionStartedAt) => {
    await previous?.(service, actionStartedAt);
    await finalUsagePull(billingDeps(c), service, actionStartedAt);
  };
}
