import { expect } from 'chai';
import { freshDatabase } from '../../support/test-db.js';
import { runProvisioningRace, type RaceOutcome } from './provisioning-race.js';

describe('puqVPNcp provisioning race', function () {
  this.timeout(120_000);
  let outcome: RaceOutcome;

  before(async () => {
    outcome = await runProvisioningRace(await freshDatabase(), { services: 200, slots: 100 });
  });

  it('activates exactly as many services as the licence has slots when 200 are created at once on 100 slots', () => {
    expect(outcome.active).to.equal(100);
  });

  it('fails every other service for lack of a licence slot and nothing else', () => {
    expect(outcome.otherFailures).to.deep.equal([]);
    expect(outcome.failedForSlots).to.equal(100);
  });

  it('gives every service a different client name when 200 names from 100 bases are raced for', () => {
    expect(outcome.suffixed).to.be.above(0);
    expect(new Set(outcome.storedNames).size).to.equal(outcome.storedNames.length);
    expect(new Set(outcome.activeNames).size).to.equal(100);
  });

  it('leaves no client on the panel without an active service, and no active service without its client', () => {
    expect(outcome.orphans).to.deep.equal([]);
    expect(outcome.missing).to.deep.equal([]);
  });
});
