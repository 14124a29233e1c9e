/**
 * Reconciliation's series for the portal's Prometheus registry: the open findings per kind, read from the
 * database when the registry is scraped (every process sees the same findings). The composition root
 * adds it to the container's registry.
 */
import client from 'prom-client';
import type { ReconcileFindingsRepository } from '../repositories/reconcile-findings.repository.js';

/** The series' name. */
export const OPEN_FINDINGS_METRIC = 'portal_reconcile_open_findings';

/**
 * Adds the gauge of open findings by kind to a registry.
 * @returns the gauge
 */
export function registerReconcileMetrics(registry: client.Registry, findings: Pick<ReconcileFindingsRepository, 'countOpen'>): client.Gauge {
  return new client.Gauge({
    name: OPEN_FINDINGS_METRIC,
    help: 'Open reconciliation findings (differences between the panels and the portal) by kind',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      for (const [kind, n] of Object.entries(await findings.countOpen())) this.set({ kind }, n);
    },
  });
}
