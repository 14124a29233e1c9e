import { expect } from 'chai';
import {
  BILLING_RULES_TEXT, GB_BASE, PRICE_SCALE, ROUNDING, amountMinor, billableBytes, formatGb, formatMinor, formatPrice,
  normalisePrice, parseDecimalPrice,
} from '../../../../../server/domain/billing/money.js';
import { AppError, ValidationError } from '../../../../../server/errors.js';

/** splitmix64: a seeded generator of 64-bit BigInts, so the "random" cases are the same on every run. */
function seeded(seed: bigint) {
  let state = seed;
  const mask = (1n << 64n) - 1n;
  return (bound: bigint): bigint => {
    state = (state + 0x9e3779b97f4a7c15n) & mask;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
    return (z ^ (z >> 31n)) % bound;
  };
}

/** Writes a 4-decimal scaled integer as a price string, independently of formatPrice. */
function priceText(scaled: bigint): string {
  const s = scaled.toString().padStart(5, '0');
  return `${BigInt(s.slice(0, -4))}.${s.slice(-4)}`;
}

/** Reference rounding: quotient plus one when the remainder is at least half the divisor. */
function referenceHalfUp(numerator: bigint, divisor: bigint): bigint {
  const q = numerator / divisor;
  return 2n * (numerator % divisor) >= divisor ? q + 1n : q;
}

describe('money', () => {
  it('states the GB base and the rounding rule when invoices need them', () => {
    expect(GB_BASE).to.equal(10n ** 9n);
    expect(ROUNDING).to.equal('half-up');
    expect(BILLING_RULES_TEXT).to.contain('10^9 bytes').and.contain('half up');
  });

  describe('parseDecimalPrice', () => {
    it('scales prices by 10^4 when given up to four decimals', () => {
      expect(['0', '0.05', '1', '12.3456', '0.0500', '7.1'].map((p) => parseDecimalPrice(p)))
        .to.deep.equal([0n, 500n, 10000n, 123456n, 500n, 71000n]);
    });

    for (const bad of ['-1', '1e3', '0.00001', '', ' 1', '1.', '.5', '01', 'abc', '1,5', 'Infinity']) {
      it(`throws a ValidationError when given ${JSON.stringify(bad)}`, () => {
        expect(() => parseDecimalPrice(bad)).to.throw(ValidationError).with.property('fields')
          .that.has.property('price_per_gb');
      });
    }
  });

  describe('formatPrice and normalisePrice', () => {
    it('writes the shortest decimal when the price has trailing zeros', () => {
      expect(['0.0500', '2.0', '0', '10.1000', '0.0001'].map(normalisePrice)).to.deep.equal(['0.05', '2', '0', '10.1', '0.0001']);
      expect(formatPrice(123456n)).to.equal('12.3456');
    });
  });

  describe('billableBytes', () => {
    it('subtracts the included GB and floors at zero when usage is below the quota', () => {
      expect(billableBytes(10_000_000_000, 3)).to.equal(7_000_000_000n);
      expect(billableBytes(3_000_000_000n, 3)).to.equal(0n);
      expect(billableBytes(2_999_999_999, 3)).to.equal(0n);
      expect(billableBytes(3_000_000_001, 3)).to.equal(1n);
      expect(billableBytes(5, 0)).to.equal(5n);
    });

    it('throws an AppError when bytes are negative or not integers', () => {
      expect(() => billableBytes(-1, 0)).to.throw(AppError, 'negative');
      expect(() => billableBytes(1.5, 0)).to.throw(AppError, 'not a safe integer');
      expect(() => billableBytes(2 ** 53, 0)).to.throw(AppError, 'not a safe integer');
    });
  });

  describe('amountMinor', () => {
    it('charges 5 cents per GB when the price is 0.05 and usage is whole GB', () => {
      expect(amountMinor(12_000_000_000, '0.05')).to.equal(60);
      expect(amountMinor(0, '0.05')).to.equal(0);
    });

    it('rounds an exact half cent up when the product lands on .5', () => {
      expect(amountMinor(50_000_000_000, '0.0001')).to.equal(1);      // 0.5 cent
      expect(amountMinor(150_000_000_000, '0.0001')).to.equal(2);     // 1.5 cents
      expect(amountMinor(500_000_000, '0.01')).to.equal(1);           // 0.5 cent
      expect(amountMinor(250_000_000n, '0.02')).to.equal(1);          // 0.5 cent
    });

    it('rounds down when the product is one byte short of a half cent', () => {
      expect(amountMinor(49_999_999_999, '0.0001')).to.equal(0);
      expect(amountMinor(149_999_999_999, '0.0001')).to.equal(1);
      expect(amountMinor(499_999_999, '0.01')).to.equal(0);
    });

    it('rounds up exactly at every constructed half cent when given 500 seeded amounts', () => {
      const next = seeded(42n);
      for (let i = 0; i < 500; i++) {
        const cents = next(10n ** 9n);
        const halfBytes = (2n * cents + 1n) * 5n * 10n ** 10n;        // exactly cents + 0.5 at 0.0001 per GB
        expect(amountMinor(halfBytes, '0.0001')).to.equal(Number(cents + 1n));
        expect(amountMinor(halfBytes - 1n, '0.0001')).to.equal(Number(cents));
      }
    });

    it('stays exact when bytes exceed the safe-integer range as a BigInt', () => {
      expect(amountMinor(10n ** 18n + 5n * 10n ** 8n, '0.01')).to.equal(1_000_000_001); // 10^9 GB + half a cent
    });

    it('throws when the amount would not fit a safe integer', () => {
      expect(() => amountMinor(10n ** 24n, '1000')).to.throw(AppError, 'too large');
    });

    it('matches an independent BigInt computation when given 5000 seeded random cases', () => {
      const next = seeded(20260515n);
      for (let i = 0; i < 5000; i++) {
        const bytes = next(10n ** BigInt(1 + Number(next(16n))));   // 1 byte … 10^16 bytes
        const scaled = next(i % 10 === 0 ? 10n : 10n ** 7n);        // includes tiny prices that hit halves often
        const expected = referenceHalfUp(bytes * scaled * 100n, GB_BASE * PRICE_SCALE);
        expect(amountMinor(bytes, priceText(scaled)), `${bytes} B at ${priceText(scaled)}`).to.equal(Number(expected));
      }
    });
  });

  describe('formatGb', () => {
    it('shows two decimals rounded half up when bytes fall between hundredths', () => {
      expect([12_345_000_000, 12_344_999_999, 5_000_000, 4_999_999, 0, 1_000_000_000].map(formatGb))
        .to.deep.equal(['12.35', '12.34', '0.01', '0.00', '0.00', '1.00']);
      expect(formatGb(10n ** 18n)).to.equal('1000000000.00');
    });

    it('agrees with an independent computation when given 2000 seeded random byte counts', () => {
      const next = seeded(7n);
      for (let i = 0; i < 2000; i++) {
        const bytes = next(10n ** 15n);
        const h = referenceHalfUp(bytes * 100n, GB_BASE);
        expect(formatGb(bytes)).to.equal(`${h / 100n}.${String(h % 100n).padStart(2, '0')}`);
      }
    });
  });

  describe('formatMinor', () => {
    it('writes major units with two decimals and the currency when given cents', () => {
      expect([1234, 5, 0, 100, -5, -1234].map((m) => formatMinor(m, 'USD')))
        .to.deep.equal(['12.34 USD', '0.05 USD', '0.00 USD', '1.00 USD', '-0.05 USD', '-12.34 USD']);
      expect(formatMinor(123_456_789_012n, 'EUR')).to.equal('1234567890.12 EUR');
    });
  });
});
