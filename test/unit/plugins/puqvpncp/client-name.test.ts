import { expect } from 'chai';
import {
  DEFAULT_CLIENT_NAME_RULE, MAX_PANEL_NAME_LENGTH, clientNameRuleProblem, expandClientNameRule,
  isValidPanelName, parseClientNameRule, previewClientName, withSuffix, type RandomSource,
} from '../../../../plugins/puqvpncp/server/client-name.js';
import { ValidationError } from '../../../../server/errors.js';

/** A random source that returns the given indices in turn, recording every bound it was asked for. */
function scripted(values: number[]): RandomSource & { bounds: number[] } {
  const bounds: number[] = [];
  const fn = ((max: number) => { bounds.push(max); return values[(bounds.length - 1) % values.length]; }) as RandomSource & { bounds: number[] };
  fn.bounds = bounds;
  return fn;
}

const NOW = new Date('2026-03-04T05:06:07Z');

describe('client-name', () => {
  describe('expandClientNameRule', () => {
    it('expands the default rule with ids and four lowercase letters when given a scripted random source', () => {
      const random = scripted([8, 5, 23, 19]);
      const name = expandClientNameRule(DEFAULT_CLIENT_NAME_RULE, { clientId: 1, serviceId: 5547, now: NOW, random });
      expect(name).to.equal('vpn-1-5547-ifxt');
      expect(random.bounds).to.deep.equal([26, 26, 26, 26]);
    });

    it('fills date macros from now in UTC with zero padding when the month and day are single-digit', () => {
      const name = expandClientNameRule('{year}{month}{day}-{hour}{minute}{second}-{unixtime}', { clientId: 1, serviceId: 2, now: NOW });
      expect(name).to.equal(`20260304-050607-${NOW.getTime() / 1000}`);
    });

    it('uses the UTC calendar day whatever the host zone when the instant is late evening UTC', () => {
      const lateEvening = new Date('2026-12-31T23:30:00Z');
      expect(expandClientNameRule('{year}-{month}-{day}', { clientId: 1, serviceId: 1, now: lateEvening })).to.equal('2026-12-31');
    });

    it('draws digits with bound 10 when the rule has a random_digit macro', () => {
      const random = scripted([0, 9, 3]);
      const name = expandClientNameRule('c{random_digit_3}', { clientId: 1, serviceId: 1, now: NOW, random });
      expect(name).to.equal('c093');
      expect(random.bounds).to.deep.equal([10, 10, 10]);
    });

    it('produces panel-valid names of the right length when using the crypto default source', () => {
      for (let i = 0; i < 50; i++) {
        const name = expandClientNameRule('x{random_letter_32}', { clientId: 1, serviceId: 1, now: NOW });
        expect(name).to.match(/^x[a-z]{32}$/);
        expect(isValidPanelName(name)).to.equal(true);
      }
    });

    it('throws a ValidationError naming client_name_rule when the rule has an unknown macro', () => {
      expect(() => expandClientNameRule('vpn-{username}', { clientId: 1, serviceId: 1, now: NOW }))
        .to.throw(ValidationError).with.property('fields').that.deep.equals({ client_name_rule: 'has an unknown macro {username}' });
    });
  });

  describe('parseClientNameRule', () => {
    it('splits literals, fixed macros and random macros when the rule mixes them', () => {
      const parsed = parseClientNameRule('a_{client_id}-{random_letter_2}');
      expect(parsed).to.deep.equal({ ok: true, tokens: [
        { kind: 'literal', text: 'a_' }, { kind: 'macro', name: 'client_id' }, { kind: 'literal', text: '-' },
        { kind: 'random', alphabet: 'letter', length: 2 },
      ] });
    });

    const refused: [string, string][] = [
      ['', 'must not be empty'],
      ['vpn {client_id}', 'contains " "; only letters, digits, "_" and "-" are allowed outside macros'],
      ['vpn.{client_id}', 'contains "."; only letters, digits, "_" and "-" are allowed outside macros'],
      ['vpn-{client_id', 'has an unmatched "{"'],
      ['vpn-client_id}', 'has an unmatched "}"'],
      ['{toString}', 'has an unknown macro {toString}'],
      ['{CLIENT_ID}', 'has an unknown macro {CLIENT_ID}'],
      ['{}', 'has an unknown macro {}'],
      ['{random_letter_0}', '{random_letter_0}: N must be between 1 and 32'],
      ['{random_digit_33}', '{random_digit_33}: N must be between 1 and 32'],
      ['ü{client_id}', 'contains "ü"; only letters, digits, "_" and "-" are allowed outside macros'],
    ];
    for (const [rule, error] of refused) {
      it(`refuses "${rule}" with a sentence when it cannot yield a panel name`, () => {
        expect(parseClientNameRule(rule)).to.deep.equal({ ok: false, error });
      });
    }

    it('refuses a rule when its worst-case name plus suffix exceeds the length limit', () => {
      // 10 (client_id) + 10 (service_id) + 32 + 9 literal + 4 suffix = 65
      expect(clientNameRuleProblem('abcdefghi{client_id}{service_id}{random_letter_32}'))
        .to.equal(`can produce names of 65 characters (suffix included); the limit is ${MAX_PANEL_NAME_LENGTH}`);
      expect(clientNameRuleProblem('abcdefgh{client_id}{service_id}{random_letter_32}')).to.equal(null);
    });

    it('accepts every documented macro when they appear together within the limit', () => {
      expect(clientNameRuleProblem('{client_id}{service_id}{unixtime}{year}{month}{day}{hour}{minute}{second}{random_digit_1}')).to.equal(null);
    });
  });

  describe('withSuffix', () => {
    it('returns the base for 0 and appends -n when n is positive', () => {
      expect([0, 1, 2, 10].map((n) => withSuffix('vpn-1-5547-ifxt', n)))
        .to.deep.equal(['vpn-1-5547-ifxt', 'vpn-1-5547-ifxt-1', 'vpn-1-5547-ifxt-2', 'vpn-1-5547-ifxt-10']);
    });
  });

  describe('previewClientName', () => {
    it('shows the documented sample name when given the default rule', () => {
      expect(previewClientName(DEFAULT_CLIENT_NAME_RULE)).to.deep.equal({ ok: true, name: 'vpn-1-5547-ifxt' });
    });

    it('gives the same answer on every call when the rule has random macros', () => {
      const rule = 'u{random_digit_12}{random_letter_30}';
      const first = previewClientName(rule);
      expect(previewClientName(rule)).to.deep.equal(first);
      expect(first.ok && first.name).to.match(/^u\d{12}[a-z]{30}$/);
    });

    it('uses the fixed sample time when the rule has date macros', () => {
      expect(previewClientName('{year}{month}{day}{hour}{minute}{second}')).to.deep.equal({ ok: true, name: '20260515030413' });
    });

    it('returns the problem when the rule is refused', () => {
      expect(previewClientName('{nope}')).to.deep.equal({ ok: false, error: 'has an unknown macro {nope}' });
    });
  });

  describe('isValidPanelName', () => {
    it('accepts letters, digits, underscore and dash when within 64 characters', () => {
      expect(['a', 'fra-1', 'WAW_2', 'x'.repeat(64)].every(isValidPanelName)).to.equal(true);
    });

    it('refuses empty, spaced, dotted, non-ASCII or over-long names', () => {
      expect(['', 'fra 1', 'fra.1', 'żółw', 'x'.repeat(65), 'a/b'].some(isValidPanelName)).to.equal(false);
    });
  });
});
