import { expect } from 'chai';
import { humanBytes, humanLimit, parsePanelTime, relativeTime, utcStamp } from '../../../../../plugins/puqvpncp/server/client-area/humanise.js';

describe('client-area humanise', () => {
  it('writes bytes in decimal units with one decimal from KB up', () => {
    expect(humanBytes(0)).to.equal('0 B');
    expect(humanBytes(999)).to.equal('999 B');
    expect(humanBytes(1000)).to.equal('1.0 KB');
    expect(humanBytes(44_200_000)).to.equal('44.2 MB');
    expect(humanBytes(1_000_000_000)).to.equal('1.0 GB');
    expect(humanBytes(2.5e12)).to.equal('2.5 TB');
  });

  it('carries into the next unit when rounding would print 1000.0', () => {
    expect(humanBytes(999_960_000)).to.equal('1.0 GB');
  });

  it('says Unlimited for a cap of 0', () => {
    expect(humanLimit(0)).to.equal('Unlimited');
    expect(humanLimit(250)).to.equal('250 Mbit/s');
  });

  it('describes elapsed time in words, with "just now" for the future', () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const ago = (s: number) => relativeTime(new Date(now.getTime() - s * 1000), now);
    expect(ago(10)).to.equal('just now');
    expect(ago(-30)).to.equal('just now');
    expect(ago(5 * 60)).to.equal('5 min ago');
    expect(ago(3 * 3600)).to.equal('3 h ago');
    expect(ago(26 * 3600)).to.equal('1 day ago');
    expect(ago(5 * 86400)).to.equal('5 days ago');
  });

  it('reads the panel\'s handshake time as UTC and refuses anything else', () => {
    expect(parsePanelTime('2026-11-20 11:59:30')?.toISOString()).to.equal('2026-11-20T11:59:30.000Z');
    expect(parsePanelTime('')).to.equal(null);
    expect(parsePanelTime('never')).to.equal(null);
    expect(utcStamp(new Date('2026-11-20T12:00:05.123Z'))).to.equal('2026-11-20 12:00:05 UTC');
  });
});
