/**
 * What the usage and invoice commands receive: the domain deps plus billing's own repositories, the job
 * lease and the installation's billing settings. Built once per container (server/billing-container.ts).
 */
import type { JobLease } from '../../db/job-lease.js';
import type { InvoicesRepository } from '../../repositories/invoices.repository.js';
import type { JobRunsRepository } from '../../repositories/job-runs.repository.js';
import type { UsageRepository } from '../../repositories/usage.repository.js';
import type { DomainDeps } from '../deps.js';
import type { StopSignal } from '../stop-signal.js';
import type { Observer } from '../observer.js';

/** Billing settings from the configuration, plus the collection's concurrency limits. */
export interface BillingSettings {
  /** BILLING_TZ: days and months of usage and invoices */
  timeZone: string;
  /** USAGE_GRACE_DAYS: how long the previous month is still pulled */
  graceDays: number;
  currency: string;
  /** INVOICE_DUE_DAYS */
  invoiceDueDays: number;
  /** SUSPEND_OVERDUE_DAYS; 0 = dunning does not run by itself */
  suspendOverdueDays: number;
  /** TAX_RATE, percent as a decimal string */
  taxRate: string;
  /** panel calls in flight per panel server */
  perPanelLimit: number;
  /** panel calls in flight overall */
  overallLimit: number;
}

/** A logger as billing uses it (pino-compatible: data first, then the message). */
export interface BillingLog {
  info(data: object, msg: string): void;
  warn(data: object, msg: string): void;
  error(data: object, msg: string): void;
}

/** The collaborators of every usage and invoice command. */
export interface BillingDeps extends DomainDeps {
  usage: UsageRepository;
  invoices: InvoicesRepository;
  jobRuns: JobRunsRepository;
  lease: JobLease;
  settings: BillingSettings;
  log: BillingLog;
  /** this process, as lease holders and run rows name it (host:pid) */
  processName: string;
  /** the process's shutdown: a run stops at its next safe point once it is requested */
  stop: StopSignal;
  /** the metrics: job runs and usage rows stored */
  observe: Observer;
}
