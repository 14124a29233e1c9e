import { expect } from 'chai';
import {
  defaultProductConfig, meteredMetrics, mergeWithDefaults, parseProductConfig, productConfigSchema,
} from '../../../../plugins/puqvpncp/server/product-config.js';
import { ValidationError } from '../../../../server/errors.js';
import { documentedProductConfig } from '../../../fixtures/product-config-example.js';

const documented = documentedProductConfig;

/** The `fields` of the ValidationError the raw document provokes. */
function fieldsOf(raw: unknown): Record<string, string> {
  try {
    parseProductConfig(raw);
  } catch (err) {
    expect(err).to.be.instanceOf(ValidationError);
    expect((err as ValidationError).status).to.equal(422);
    return (err as ValidationError).fields!;
  }
  throw new Error('expected a ValidationError');
}

/** The documented example with one change applied. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test document is edited at any path, valid or not
function withChange(change: (doc: any) => void): unknown {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  const doc = documented() as any;
  change(doc);
  return doc;
}

describe('product-config', () => {
  describe('parseProductConfig', () => {
    it('returns the document unchanged when given the documented example', () => {
      expect(parseProductConfig(documented())).to.deep.equal(documented());
    });

    it('accepts the defaults when they are parsed back', () => {
      expect(parseProductConfig(defaultProductConfig())).to.deep.equal(defaultProductConfig());
    });

    it('names every missing key when given an empty object', () => {
      expect(Object.keys(fieldsOf({})).sort()).to.deep.equal(
        ['bandwidth', 'client_name_rule', 'instruction_url', 'license_key', 'metrics', 'networks', 'show_password', 'welcome_email']);
      expect(fieldsOf({}).bandwidth).to.equal('is required');
    });

    it('reports the document itself when it is not an object', () => {
      expect(fieldsOf([1])).to.deep.equal({ config: 'must be a settings object' });
      expect(fieldsOf(null)).to.deep.equal({ config: 'must be a settings object' });
    });

    it('names unknown keys with their dotted path when they appear at any level', () => {
      const fields = fieldsOf(withChange((d) => {
        d.extra = 1; d.bandwidth.burst = 2; d.networks[1].weight = 3; d.metrics.download.currency = 'EUR'; d.metrics.total = {};
      }));
      expect(fields).to.deep.equal({
        extra: 'is not a known setting', 'bandwidth.burst': 'is not a known setting', 'networks.1.weight': 'is not a known setting',
        'metrics.download.currency': 'is not a known setting', 'metrics.total': 'is not a known setting',
      });
    });

    it('keeps a JSON "__proto__" key as a refused field when it is sent', () => {
      const raw = JSON.parse(JSON.stringify(documented()).replace('{', '{"__proto__":{"show_password":"plain"},'));
      expect(Object.hasOwn(fieldsOf(raw), '__proto__')).to.equal(true);
    });

    const badBandwidth: [unknown, string][] = [
      [-1, 'must be between 0 and 10000 Mbit/s (0 = unlimited)'],
      [10001, 'must be between 0 and 10000 Mbit/s (0 = unlimited)'],
      [1.5, 'must be a whole number of Mbit/s'],
      ['100', 'must be a whole number of Mbit/s'],
      [null, 'must be a whole number of Mbit/s'],
    ];
    for (const [value, message] of badBandwidth) {
      it(`refuses bandwidth.download_mbps = ${JSON.stringify(value)} with a message when it is not 0–10000`, () => {
        expect(fieldsOf(withChange((d) => { d.bandwidth.download_mbps = value; }))).to.deep.equal({ 'bandwidth.download_mbps': message });
      });
    }

    it('accepts the bandwidth bounds 0 and 10000 when given exactly', () => {
      const doc = withChange((d) => { d.bandwidth = { download_mbps: 0, upload_mbps: 10000 }; });
      expect(parseProductConfig(doc).bandwidth).to.deep.equal({ download_mbps: 0, upload_mbps: 10000 });
    });

    it('names client_name_rule with the reason when the rule has an unknown macro', () => {
      expect(fieldsOf(withChange((d) => { d.client_name_rule = 'vpn-{user}'; })))
        .to.deep.equal({ client_name_rule: 'has an unknown macro {user}' });
    });

    it('names client_name_rule when the rule is empty or has a character the panel refuses', () => {
      expect(fieldsOf(withChange((d) => { d.client_name_rule = ''; }))).to.deep.equal({ client_name_rule: 'must not be empty' });
      expect(fieldsOf(withChange((d) => { d.client_name_rule = 'vpn@{client_id}'; })).client_name_rule).to.match(/contains "@"/);
    });

    const urls: [string, boolean][] = [
      ['', true], ['http://example.com', true], ['https://example.com/a?b=c#d', true],
      ['ftp://example.com', false], ['javascript:alert(1)', false], ['example.com', false], ['https://', false], ['file:///etc/passwd', false],
    ];
    for (const [url, ok] of urls) {
      it(`${ok ? 'accepts' : 'refuses'} instruction_url "${url}" when validating`, () => {
        const doc = withChange((d) => { d.instruction_url = url; });
        if (ok) expect(parseProductConfig(doc).instruction_url).to.equal(url);
        else expect(fieldsOf(doc)).to.deep.equal({ instruction_url: 'must be empty or an http:// or https:// address' });
      });
    }

    it('refuses show_password and welcome_email when their values are outside the allowed set', () => {
      expect(fieldsOf(withChange((d) => { d.show_password = 'hidden'; d.welcome_email = 'yes'; }))).to.deep.equal({
        show_password: 'must be one of button, plain, no', welcome_email: 'must be true or false',
      });
    });

    it('names the index of each bad pair when networks has invalid entries', () => {
      const fields = fieldsOf(withChange((d) => {
        d.networks = [{ server_id: 2, network: 'fra-1' }, { server_id: 0, network: 'bad name' }, { server_id: 1.5, network: '' }, { network: 'x' }];
      }));
      expect(fields).to.deep.equal({
        'networks.1.server_id': 'must be a server id',
        'networks.1.network': 'must be a network name of 1–64 letters, digits, "_" or "-"',
        'networks.2.server_id': 'must be a server id',
        'networks.2.network': 'must be a network name of 1–64 letters, digits, "_" or "-"',
        'networks.3.server_id': 'is required',
      });
    });

    it('refuses a repeated server/network pair when it is ticked twice', () => {
      const doc = withChange((d) => { d.networks.push({ server_id: 2, network: 'fra-1' }); });
      expect(fieldsOf(doc)).to.deep.equal({ 'networks.2': 'repeats networks.0 (server 2, fra-1)' });
    });

    it('keeps the order of pairs when the same network name is ticked on two servers', () => {
      const pairs = [{ server_id: 3, network: 'fra-1' }, { server_id: 2, network: 'fra-1' }, { server_id: 1, network: 'waw-1' }];
      expect(parseProductConfig(withChange((d) => { d.networks = pairs; })).networks).to.deep.equal(pairs);
    });

    const prices: [unknown, string | null][] = [
      ['0', null], ['0.05', null], ['12.3456', null], ['100', null],
      ['0.00001', 'must be a decimal such as "0.05": not negative, at most 4 decimals, no exponent'],
      ['-1', 'must be a decimal such as "0.05": not negative, at most 4 decimals, no exponent'],
      ['1e-3', 'must be a decimal such as "0.05": not negative, at most 4 decimals, no exponent'],
      ['.5', 'must be a decimal such as "0.05": not negative, at most 4 decimals, no exponent'],
      ['05', 'must be a decimal such as "0.05": not negative, at most 4 decimals, no exponent'],
      [' 1', 'must be a decimal such as "0.05": not negative, at most 4 decimals, no exponent'],
      [0.05, 'must be a decimal string such as "0.05"'],
    ];
    for (const [price, message] of prices) {
      it(`${message === null ? 'accepts' : 'refuses'} price_per_gb ${JSON.stringify(price)} when validating a metric`, () => {
        const doc = withChange((d) => { d.metrics.download.price_per_gb = price; });
        if (message === null) expect(parseProductConfig(doc).metrics.download.price_per_gb).to.equal(price);
        else expect(fieldsOf(doc)).to.deep.equal({ 'metrics.download.price_per_gb': message });
      });
    }

    it('refuses a negative or fractional included_gb and a non-boolean enabled when given in metrics', () => {
      expect(fieldsOf(withChange((d) => {
        d.metrics.upload.included_gb = -1; d.metrics.download.included_gb = 0.5; d.metrics.upload.enabled = 1;
      }))).to.deep.equal({
        'metrics.download.included_gb': 'must be a whole number of GB',
        'metrics.upload.included_gb': 'must not be negative',
        'metrics.upload.enabled': 'must be true or false',
      });
    });

    it('uses the same schema as the exported zod schema when checked directly', () => {
      expect(productConfigSchema.safeParse(documented()).success).to.equal(true);
      expect(productConfigSchema.safeParse({ ...documented(), x: 1 }).success).to.equal(false);
    });
  });

  describe('mergeWithDefaults', () => {
    it('returns the defaults when no config is given', () => {
      expect(mergeWithDefaults(undefined)).to.deep.equal(defaultProductConfig());
      expect(mergeWithDefaults(null)).to.deep.equal(defaultProductConfig());
    });

    it('merges nested keys and replaces networks when given a partial document', () => {
      const merged = mergeWithDefaults({
        bandwidth: { upload_mbps: 20 }, metrics: { download: { enabled: true, price_per_gb: '0.01' } },
        networks: [{ server_id: 4, network: 'ams-1' }],
      });
      expect(merged.bandwidth).to.deep.equal({ download_mbps: 0, upload_mbps: 20 });
      expect(merged.metrics.download).to.deep.equal({ enabled: true, price_per_gb: '0.01', included_gb: 0 });
      expect(merged.metrics.upload).to.deep.equal(defaultProductConfig().metrics.upload);
      expect(merged.networks).to.deep.equal([{ server_id: 4, network: 'ams-1' }]);
    });

    it('still refuses unknown keys and bad values when they come in a partial document', () => {
      expect(() => mergeWithDefaults({ bandwidth: { turbo: true }, show_password: 'always' }))
        .to.throw(ValidationError).with.property('fields').that.deep.equals({
          'bandwidth.turbo': 'is not a known setting', show_password: 'must be one of button, plain, no',
        });
    });

    it('does not share objects between calls when a caller mutates the defaults', () => {
      const a = defaultProductConfig();
      a.metrics.download.enabled = true;
      a.networks.push({ server_id: 1, network: 'x' });
      expect(defaultProductConfig().metrics.download.enabled).to.equal(false);
      expect(mergeWithDefaults({}).networks).to.deep.equal([]);
    });
  });

  describe('meteredMetrics', () => {
    it('maps the metrics to the plugin API shape when given a document', () => {
      expect(meteredMetrics(documented())).to.deep.equal({
        download: { enabled: true, pricePerGb: '0.05', includedGb: 0 },
        upload: { enabled: false, pricePerGb: '0', includedGb: 0 },
      });
    });
  });
});
