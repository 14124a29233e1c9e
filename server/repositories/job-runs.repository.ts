/**
 * One row per job run (started, finished, status, a JSON summary with counts and failures), for the
 * admin billing page and for anyone asking "did last night's pull happen?".
 */
import type { Knex } from 'knex';
import { maskSecrets, maskText } from '../security/mask-secrets.js';

/** A run's summary as stored: its failures quote panels' errors, which may quote a secret. */
const summaryText = (summary: object | null): string | null => (summary ? JSON.stringify(maskSecrets(summary)) : null);

/** running → succeeded | failed; skipped when another process held the lease; abandoned when its process died. */
export type JobRunStatus = 'running' | 'succeeded' | 'failed' | 'skipped' | 'abandoned';

/** A job run as the domain and the pages see it. */
export interface JobRun {
  id: number;
  job: string;
  holder: string;
  status: JobRunStatus;
  startedAt: string;
  finishedAt: string | null;
  summary: Record<string, unknown> | null;
  error: string | null;
}

interface JobRunRow {
  id: number | string;
  job: string;
  holder: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  summary: string | null;
  error: string | null;
}

function toRun(r: JobRunRow): JobRun {
  return {
    id: Number(r.id),
    job: r.job,
    holder: r.holder,
    status: r.status as JobRunStatus,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    summary: r.summary ? (JSON.parse(r.summary) as Record<string, unknown>) : null,
    error: r.error,
  };
}

/** The job-runs repository's methods. */
export type JobRunsRepository = ReturnType<typeof jobRunsRepository>;

/** Builds the job-runs repository. */
export function jobRunsRepository(db: Knex) {
  return {
    async start(job: string, holder: string, startedAt: string, status: JobRunStatus = 'running', summary: object | null = null): Promise<number> {
      const finishedAt = status === 'running' ? null : startedAt;
      const [row] = await db('job_runs')
        .insert({ job, holder, status, started_at: startedAt, finished_at: finishedAt, summary: summaryText(summary) })
        .returning('id');
      return Number(typeof row === 'object' ? (row as { id: number }).id : row);
    },
    /** Stores the progress so far of a running run. */
    async progress(id: number, summary: object): Promise<void> {
      await db('job_runs').where({ id, status: 'running' }).update({ summary: summaryText(summary) });
    },
    async finish(id: number, input: { status: JobRunStatus; finishedAt: string; summary: object | null; error?: string | null }): Promise<void> {
      await db('job_runs')
        .where({ id })
        .update({ status: input.status, finished_at: input.finishedAt, summary: summaryText(input.summary), error: input.error ? maskText(input.error) : null });
    },
    /** Marks the job's other "running" rows abandoned: whoever holds the lease now knows their process is gone. */
    async abandonOthers(job: string, exceptId: number, at: string): Promise<void> {
      await db('job_runs').where({ job, status: 'running' }).whereNot({ id: exceptId }).update({ status: 'abandoned', finished_at: at });
    },
    async findById(id: number): Promise<JobRun | null> {
      const row = await db<JobRunRow>('job_runs').where({ id }).first();
      return row ? toRun(row) : null;
    },
    /** Newest first, optionally of one job. */
    async recent(limit = 20, job?: string): Promise<JobRun[]> {
      const q = db<JobRunRow>('job_runs').orderBy('id', 'desc').limit(limit);
      if (job) q.where({ job });
      return (await q).map(toRun);
    },
  };
}
