import { expect } from 'chai';
import { defaultProductConfig, parseProductConfig } from '../../../../plugins/puqvpncp/server/product-config.js';
import { documentFromForm, formFromBody, formFromConfig, parsePairValue } from '../../../../plugins/puqvpncp/server/settings-panel/settings-form.js';

describe('product settings form', () => {
  const config = {
    ...defaultProductConfig(),
    license_key: 'abc.def',
    bandwidth: { download_mbps: 100, upload_mbps: 50 },
    welcome_email: true,
    networks: [{ server_id: 2, network: 'fra-1' }, { server_id: 1, network: 'waw-1' }],
    metrics: { download: { enabled: true, price_per_gb: '0.05', included_gb: 10 }, upload: { enabled: false, price_per_gb: '0', included_gb: 0 } },
  };

  it('turns a saved document into the form and back unchanged', () => {
    expect(parseProductConfig(documentFromForm(formFromConfig(config)))).to.deep.equal(config);
  });

  it('keeps the order list order and appends ticks the list lacks when the browser ran no script', () => {
    const form = formFromBody({ pair: ['1:waw-1', '2:fra-1', '3:x'], order: ['2:fra-1', '9:gone', '1:waw-1'] });
    expect(form.pairs).to.deep.equal(['2:fra-1', '1:waw-1', '3:x']);
  });

  it('drops a pair that was ticked twice (checkbox and hidden input) instead of saving it twice', () => {
    expect(formFromBody({ pair: ['1:a', '1:a'], order: '1:a' }).pairs).to.deep.equal(['1:a']);
  });

  it('reads an unticked checkbox as off and a missing field as empty text', () => {
    const form = formFromBody({ 'metrics.download.enabled': 'on' });
    expect(form.values['metrics.download.enabled']).to.equal('on');
    expect(form.values.welcome_email).to.equal('');
    expect(form.values.client_name_rule).to.equal('');
  });

  it('passes numbers as numbers and anything else as text, so the schema names the field', () => {
    const form = formFromConfig(config);
    form.values['bandwidth.download_mbps'] = ' 12 ';
    form.values['bandwidth.upload_mbps'] = '1e3';
    form.values['metrics.upload.included_gb'] = '';
    const doc = documentFromForm(form) as { bandwidth: Record<string, unknown>; metrics: { upload: Record<string, unknown> } };
    expect(doc.bandwidth).to.deep.equal({ download_mbps: 12, upload_mbps: '1e3' });
    expect(doc.metrics.upload.included_gb).to.equal(undefined);
  });

  it('splits a pair value at the first colon and keeps a non-numeric server id as text', () => {
    expect(parsePairValue('12:a:b')).to.deep.equal({ server_id: 12, network: 'a:b' });
    expect(parsePairValue('x:net')).to.deep.equal({ server_id: 'x', network: 'net' });
    expect(parsePairValue('nocolon')).to.deep.equal({ server_id: 'nocolon', network: '' });
  });
});
