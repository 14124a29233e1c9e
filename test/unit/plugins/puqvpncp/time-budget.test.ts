import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { durationText, TimeBudget } from '../../../../plugins/puqvpncp/server/panel/time-budget.js';

describe('TimeBudget (the one deadline of an action)', () => {
  it('counts down from its start, also from a start taken earlier by the host', async () => {
    const budget = TimeBudget.start(200);
    expect(budget.remainingMs()).to.be.within(150, 200);
    expect(budget.fits(100)).to.equal(true);
    const late = TimeBudget.start(200, performance.now() - 150);
    expect(late.remainingMs()).to.be.below(60);
    expect(late.fits(100)).to.equal(false);
    await sleep(60);
    expect(late.expired()).to.equal(true);
    expect(late.signal.aborted).to.equal(true);
  });

  it('races work against the time left, rejecting with the late error and aborting what still runs', async () => {
    const budget = TimeBudget.start(80);
    let aborted = false;
    budget.signal.addEventListener('abort', () => (aborted = true));
    const never = new Promise<string>(() => undefined);
    const err = await budget.race(never, (b) => new Error(`late after ${b.totalMs} ms`)).catch((e: Error) => e);
    expect((err as Error).message).to.equal('late after 80 ms');
    expect(aborted).to.equal(true);
    expect(await TimeBudget.start(500).race(Promise.resolve('quick'), () => new Error('late'))).to.equal('quick');
  });

  it('gives a part of itself that ends earlier, so what follows still has time; aborting the whole aborts the part', () => {
    const whole = TimeBudget.start(1000);
    const part = whole.leaving(400);
    expect(part.remainingMs()).to.be.within(550, 600);
    expect(part.signal.aborted).to.equal(false);
    whole.abort();
    expect(part.expired()).to.equal(true);
    expect(part.signal.aborted).to.equal(true);
  });

  it('words durations as an admin reads them', () => {
    expect(durationText(300)).to.equal('300 ms');
    expect(durationText(15_000)).to.equal('15 s');
    expect(durationText(2_540)).to.equal('2.5 s');
  });
});
