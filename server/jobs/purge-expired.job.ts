/**
 * Hourly housekeeping: sessions past their expiry, sign-in counters whose windows, locks and strikes
 * are over, and used or expired mailed links are deleted, so no table grows with every visitor an
 * installation ever had. Deleting what is over is the same work whichever process does it, so it needs
 * no lease.
 */
import { STRIKE_DECAY_MS } from '../domain/users/login-policy.js';
import type { JobDefinition } from './job-definition.js';

/** The purge-expired job; resolves to how many rows of each kind went. */
export const purgeExpiredJob: JobDefinition = {
  name: 'purge-expired',
  schedule: () => '7 * * * *',
  async run(c, { now }) {
    const started = performance.now();
    const sessions = await c.repos.sessions.purgeExpired();
    const signInLimits = await c.repos.signInLimits.purge(now.getTime() - STRIKE_DECAY_MS);
    // used or expired reset and email-change links, kept a day for the record
    const userTokens = await c.repos.userTokens.purge(now.getTime() - 24 * 3600_000);
    const seconds = (performance.now() - started) / 1000;
    c.metrics.jobRun('purge-expired', 'succeeded', seconds);
    c.log.info({ job: 'purge-expired', status: 'succeeded', ms: Math.round(seconds * 1000), sessions, signInLimits, userTokens }, 'job run finished');
    return { sessions, signInLimits, userTokens };
  },
};
