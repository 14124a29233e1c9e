import { expect } from 'chai';
import { decideQuota, quotaStateOf, worthKeeping, type QuotaInput } from '../../../../../server/domain/quota/quota-decision.js';
import { GB, resolveQuotaTerms } from '../../../../../server/domain/quota/quota-limit.js';
import type { QuotaPolicy } from '../../../../../server/domain/quota/quota-settings.js';
import type { QuotaRow } from '../../../../../server/repositories/quota.repository.js';

const throttle: QuotaPolicy = { monthlyGb: 10, counts: 'total', action: 'throttle', throttleMbps: 2, warnPercent: 80 };
const suspend: QuotaPolicy = { ...throttle, action: 'suspend' };

const input = (over: Partial<QuotaInput>): QuotaInput => ({ serviceId: 1, period: '2026-03', terms: resolveQuotaTerms(throttle, 0), usedBytes: 0, prior: null, status: 'active', at: '2026-03-10T00:00:00.000Z', ...over });
const row = (over: Partial<QuotaRow>): QuotaRow => ({ serviceId: 1, period: '2026-03', state: 'ok', usedBytes: 0, limitBytes: 10 * GB, warnedPeriod: null, reachedPeriod: null, applied: 'none', appliedMbps: null, pendingError: null, updatedAt: '', ...over });

describe('quota decisions', () => {
  it('resolves the limit from the product, a tier\'s own allowance and the top-ups', () => {
    expect(resolveQuotaTerms(throttle, 5)?.limitBytes).to.equal(15 * GB);
    expect(resolveQuotaTerms(throttle, 0, 40)?.limitBytes).to.equal(40 * GB);
    expect(resolveQuotaTerms({ ...throttle, monthlyGb: 0 }, 3)).to.equal(null);
    expect(resolveQuotaTerms({ ...throttle, monthlyGb: 0 }, 0, 20)?.baseGb).to.equal(20);
    expect(resolveQuotaTerms(null, 5)).to.equal(null);
  });

  it('compares exactly at the threshold and at the limit, past 2^53 too', () => {
    const terms = resolveQuotaTerms(throttle, 0);
    expect(quotaStateOf(terms, 8 * GB - 1)).to.equal('ok');
    expect(quotaStateOf(terms, 8 * GB)).to.equal('warned');
    expect(quotaStateOf(terms, 10 * GB - 1)).to.equal('warned');
    expect(quotaStateOf(terms, 10 * GB)).to.equal('limited');
    const huge = resolveQuotaTerms({ ...throttle, monthlyGb: 1_000_000 }, 0);
    expect(quotaStateOf(huge, 800_000 * GB)).to.equal('warned');
    expect(quotaStateOf(huge, 800_000 * GB - 1)).to.equal('ok');
    expect(quotaStateOf(null, 10 * GB)).to.equal('none');
  });

  it('sends the reached mail alone when the threshold and the limit are crossed at once, and throttles', () => {
    const d = decideQuota(input({ usedBytes: 11 * GB }));
    expect(d.mails).to.deep.equal(['quota_reached']);
    expect(d.steps.map((s) => s.measure)).to.deep.equal([{ kind: 'throttle', mbps: 2 }]);
    expect(d.target).to.include({ state: 'limited', warnedPeriod: '2026-03', reachedPeriod: '2026-03', applied: 'throttle', appliedMbps: 2 });
  });

  it('asks for nothing when the stored state already says it', () => {
    const prior = row({ state: 'limited', warnedPeriod: '2026-03', reachedPeriod: '2026-03', applied: 'throttle', appliedMbps: 2 });
    const d = decideQuota(input({ usedBytes: 12 * GB, prior }));
    expect(d.mails).to.deep.equal([]);
    expect(d.steps).to.deep.equal([]);
    expect(d.events).to.deep.equal([]);
  });

  it('lifts a throttle before suspending when the product switched its action', () => {
    const prior = row({ state: 'limited', reachedPeriod: '2026-03', warnedPeriod: '2026-03', applied: 'throttle', appliedMbps: 2 });
    const d = decideQuota(input({ usedBytes: 12 * GB, prior, terms: resolveQuotaTerms(suspend, 0) }));
    expect(d.steps.map((s) => s.measure)).to.deep.equal([{ kind: 'restore', from: 'throttle' }, { kind: 'suspend' }]);
  });

  it('restores at a new month, leaving a billing suspension alone, and forgets the old month\'s row', () => {
    const prior = row({ period: '2026-03', state: 'limited', reachedPeriod: '2026-03', warnedPeriod: '2026-03', applied: 'suspend' });
    const d = decideQuota(input({ period: '2026-04', usedBytes: 0, prior, terms: resolveQuotaTerms(suspend, 0), status: 'suspended' }));
    expect(d.steps).to.have.length(1);
    expect(d.steps[0]).to.deep.include({ remote: false, measure: { kind: 'restore', from: 'suspend' } });
    expect(d.target.state).to.equal('ok');
    expect(worthKeeping({ ...d.target, applied: 'none' })).to.equal(false);
  });

  it('restores whatever is applied once the product has no quota any more', () => {
    const prior = row({ state: 'limited', applied: 'throttle', appliedMbps: 2 });
    const d = decideQuota(input({ usedBytes: 50 * GB, prior, terms: null }));
    expect(d.steps.map((s) => s.measure)).to.deep.equal([{ kind: 'restore', from: 'throttle' }]);
    expect(d.mails).to.deep.equal([]);
  });
});
