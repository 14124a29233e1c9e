/**
 * What the domain reports as it works, for the metrics (server/metrics/portal-metrics.ts implements it):
 * plain calls with numbers, so the domain knows nothing of Prometheus and a test or a benchmark can
 * pass the no-op.
 */
export interface Observer {
  /** One attempt of a call to a remote panel. */
  panelCall(server: string, kind: string, seconds: number, ok: boolean): void;
  /** One job run that ended (succeeded, failed). */
  jobRun(job: string, status: string, seconds: number): void;
  /** Daily usage rows a pull stored. */
  usageRowsStored(n: number): void;
}

/** Reports nothing. */
export const NO_OBSERVER: Observer = {
  panelCall: () => undefined,
  jobRun: () => undefined,
  usageRowsStored: () => undefined,
};
