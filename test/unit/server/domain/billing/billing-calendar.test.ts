import { expect } from 'chai';
import {
  dayInZone, daysOfMonth, isValidTimeZone, monthOf, monthRangeUtc, monthsToPull, nextMonth, parseDate, parsePeriod,
  periodString, previousMonth, zonedMidnightUtc,
} from '../../../../../server/domain/billing/billing-calendar.js';
import { ValidationError } from '../../../../../server/errors.js';

const WARSAW = 'Europe/Warsaw';
const at = (iso: string) => new Date(iso);

describe('billing-calendar', () => {
  describe('dayInZone', () => {
    it('gives the next local day when a UTC evening is already past midnight in Warsaw', () => {
      expect(dayInZone(at('2026-01-31T22:59:59Z'), WARSAW)).to.equal('2026-01-31');
      expect(dayInZone(at('2026-01-31T23:00:00Z'), WARSAW)).to.equal('2026-02-01');
      expect(dayInZone(at('2026-07-31T22:00:00Z'), WARSAW)).to.equal('2026-08-01'); // CEST, +2
    });

    it('crosses the year boundary when New Year starts in the zone before UTC', () => {
      expect(dayInZone(at('2025-12-31T23:30:00Z'), WARSAW)).to.equal('2026-01-01');
      expect(dayInZone(at('2025-12-31T23:30:00Z'), 'UTC')).to.equal('2025-12-31');
      expect(dayInZone(at('2026-01-01T04:00:00Z'), 'America/New_York')).to.equal('2025-12-31');
    });
  });

  describe('zonedMidnightUtc', () => {
    it('returns 23:00 UTC the day before when Warsaw is on winter time', () => {
      expect(zonedMidnightUtc('2026-03-29', WARSAW).toISOString()).to.equal('2026-03-28T23:00:00.000Z');
      expect(zonedMidnightUtc('2026-10-26', WARSAW).toISOString()).to.equal('2026-10-25T23:00:00.000Z');
    });

    it('returns 22:00 UTC the day before when Warsaw is on summer time', () => {
      expect(zonedMidnightUtc('2026-03-30', WARSAW).toISOString()).to.equal('2026-03-29T22:00:00.000Z');
      expect(zonedMidnightUtc('2026-10-25', WARSAW).toISOString()).to.equal('2026-10-24T22:00:00.000Z');
    });

    it('makes the spring-forward day 23 hours and the fall-back day 25 hours long in Warsaw', () => {
      const hours = (a: string, b: string) => (zonedMidnightUtc(b, WARSAW).getTime() - zonedMidnightUtc(a, WARSAW).getTime()) / 3_600_000;
      expect(hours('2026-03-29', '2026-03-30')).to.equal(23);
      expect(hours('2026-10-25', '2026-10-26')).to.equal(25);
      expect(hours('2026-06-01', '2026-06-02')).to.equal(24);
    });

    it('returns the end of the gap when the zone skips midnight itself', () => {
      // Chile's summer time starts at 24:00 on 2026-09-05: 00:00–00:59 of the 6th does not exist.
      expect(zonedMidnightUtc('2026-09-06', 'America/Santiago').toISOString()).to.equal('2026-09-06T04:00:00.000Z');
    });

    it('starts exactly on its own day when checked over two years in several zones', () => {
      const zones = ['UTC', WARSAW, 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'];
      for (const tz of zones) {
        for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
          const date = new Date(t).toISOString().slice(0, 10);
          const start = zonedMidnightUtc(date, tz);
          expect(dayInZone(start, tz), `${tz} ${date}`).to.equal(date);
          expect(dayInZone(new Date(start.getTime() - 1), tz), `${tz} ${date} - 1 ms`).to.not.equal(date);
        }
      }
    });
  });

  describe('monthRangeUtc', () => {
    it('spans local midnights of the 1st and of the next 1st when the month crosses a DST change', () => {
      const { from, to } = monthRangeUtc({ year: 2026, month: 3 }, WARSAW);
      expect([from.toISOString(), to.toISOString()]).to.deep.equal(['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
      const dec = monthRangeUtc({ year: 2026, month: 12 }, WARSAW);
      expect(dec.to.toISOString()).to.equal('2026-12-31T23:00:00.000Z');
    });
  });

  describe('months', () => {
    it('reads the month of a date and steps across the year boundary in both directions', () => {
      expect(monthOf('2026-01-15')).to.deep.equal({ year: 2026, month: 1 });
      expect(previousMonth({ year: 2026, month: 1 })).to.deep.equal({ year: 2025, month: 12 });
      expect(previousMonth({ year: 2026, month: 3 })).to.deep.equal({ year: 2026, month: 2 });
      expect(nextMonth({ year: 2025, month: 12 })).to.deep.equal({ year: 2026, month: 1 });
    });

    it('writes and parses periods as YYYY-MM when given valid months', () => {
      expect(periodString({ year: 2026, month: 3 })).to.equal('2026-03');
      expect(parsePeriod('2026-12')).to.deep.equal({ year: 2026, month: 12 });
    });

    for (const bad of ['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01', '', '1969-12', '2026/01']) {
      it(`throws a ValidationError naming period when given "${bad}"`, () => {
        expect(() => parsePeriod(bad)).to.throw(ValidationError).with.property('fields').that.deep.equals({ period: 'must be a month as YYYY-MM' });
      });
    }

    for (const bad of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-1-01', '2026-01-00', '20260101']) {
      it(`throws a ValidationError naming date when given "${bad}"`, () => {
        expect(() => parseDate(bad)).to.throw(ValidationError).with.property('fields').that.deep.equals({ date: 'must be a date as YYYY-MM-DD' });
      });
    }

    it('accepts 29 February when the year is a leap year', () => {
      expect(parseDate('2028-02-29')).to.deep.equal({ year: 2028, month: 2, day: 29 });
    });
  });

  describe('daysOfMonth', () => {
    it('lists every day when the month has 28, 29, 30 or 31 days', () => {
      expect(daysOfMonth(2026, 2)).to.have.length(28);
      expect(daysOfMonth(2028, 2).at(-1)).to.equal('2028-02-29');
      expect(daysOfMonth(2026, 4)).to.have.length(30);
      const dec = daysOfMonth(2026, 12);
      expect([dec.length, dec[0], dec[30]]).to.deep.equal([31, '2026-12-01', '2026-12-31']);
    });
  });

  describe('monthsToPull', () => {
    it('adds the previous month while the day is within the grace days', () => {
      expect(monthsToPull('2026-01-03', 3)).to.deep.equal([{ year: 2025, month: 12 }, { year: 2026, month: 1 }]);
      expect(monthsToPull('2026-03-01', 1)).to.deep.equal([{ year: 2026, month: 2 }, { year: 2026, month: 3 }]);
    });

    it('pulls only the month of the date when the day is past the grace days or grace is 0', () => {
      expect(monthsToPull('2026-01-04', 3)).to.deep.equal([{ year: 2026, month: 1 }]);
      expect(monthsToPull('2026-01-01', 0)).to.deep.equal([{ year: 2026, month: 1 }]);
    });
  });

  describe('isValidTimeZone', () => {
    it('accepts IANA names and UTC and refuses unknown or empty names', () => {
      expect([WARSAW, 'UTC', 'America/Santiago'].map(isValidTimeZone)).to.deep.equal([true, true, true]);
      expect(['Mars/Olympus', '', 'Europe/Warsaw '].map(isValidTimeZone)).to.deep.equal([false, false, false]);
    });
  });
});
