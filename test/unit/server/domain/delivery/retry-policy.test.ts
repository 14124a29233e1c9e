import { expect } from 'chai';
import { nextTryAt, retryDelayMs, retryPolicy } from '../../../../../server/domain/delivery/retry-policy.js';

describe('retry policy', () => {
  const policy = retryPolicy(60_000);

  it('waits the first delay, then twice as long each time, never more than an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 40].map((n) => retryDelayMs(policy, n) / 60_000)).to.deep.equal([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('gives up on a permanent failure at once, and on any failure whose next try would fall after a day', () => {
    const first = 0;
    expect(nextTryAt(policy, { firstAttemptAt: first, failures: 1, at: first, permanent: true })).to.equal(null);
    expect(nextTryAt(policy, { firstAttemptAt: first, failures: 3, at: 1000, permanent: false })).to.equal(1000 + 240_000);
    const late = 24 * 3600_000 - 30 * 60_000;
    expect(nextTryAt(policy, { firstAttemptAt: first, failures: 20, at: late, permanent: false })).to.equal(null);
  });
});
