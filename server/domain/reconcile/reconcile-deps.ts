/**
 * What reconciliation is built over: the lifecycle (repairs go through it) and the job machinery of
 * billing (the lease, the run rows, the process name), built once by the composition root.
 */
import type { BillingDeps } from '../billing/billing-deps.js';
import type { LifecycleDeps } from '../services/run-lifecycle-action.js';

export interface ReconcileDeps extends BillingDeps, LifecycleDeps {}
