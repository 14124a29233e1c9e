import { expect } from 'chai';
import { humanLimit, parsePanelTime } from '../../../../../plugins/puqvpncp/server/client-area/humanise.js';
import { testLocale } from '../../../../support/i18n.js';

describe('client-area humanise', () => {
  const en = testLocale('en');

  it('writes bytes in decimal units with one decimal from KB up', () => {
    expect(en.bytes(0)).to.equal('0 bytes');
    expect(en.bytes(999)).to.equal('999 bytes');
    expect(en.bytes(1000)).to.equal('1.0 kB');
    expect(en.bytes(44_200_000)).to.equal('44.2 MB');
    expect(en.bytes(1_000_000_000)).to.equal('1.0 GB');
    expect(en.bytes(2.5e12)).to.equal('2.5 TB');
  });

  it('carries into the next unit when rounding would print 1000.0', () => {
    expect(en.bytes(999_960_000)).to.equal('1.0 GB');
  });

  it('says Unlimited for a cap of 0, in the customer\'s language', () => {
    expect(humanLimit(0, en)).to.equal('Unlimited');
    expect(humanLimit(250, en)).to.equal('250 Mbit/s');
    // Intl groups Russian thousands with a no-break space
    expect(humanLimit(1000, testLocale('ru'))).to.equal('1\u00a0000 Мбит/с');
  });

  it('describes elapsed time in words, with "now" for the future', () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const ago = (s: number) => en.relative(new Date(now.getTime() - s * 1000), now);
    expect(ago(10)).to.equal('now');
    expect(ago(-30)).to.equal('now');
    expect(ago(5 * 60)).to.equal('5 minutes ago');
    expect(ago(3 * 3600)).to.equal('3 hours ago');
    expect(ago(26 * 3600)).to.equal('yesterday');
    expect(ago(5 * 86400)).to.equal('5 days ago');
  });

  it('reads the panel\'s handshake time as UTC and refuses anything else', () => {
    expect(parsePanelTime('2026-11-20 11:59:30')?.toISOString()).to.equal('2026-11-20T11:59:30.000Z');
    expect(parsePanelTime('')).to.equal(null);
    expect(parsePanelTime('never')).to.equal(null);
    expect(en.dateTime(new Date('2026-11-20T12:00:05.123Z'))).to.equal('Nov 20, 2026, 12:00:05 PM UTC');
  });
});
