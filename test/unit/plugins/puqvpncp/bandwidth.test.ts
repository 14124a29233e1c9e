import { expect } from 'chai';
import { bandwidthText, resolveBandwidth } from '../../../../plugins/puqvpncp/server/lifecycle/bandwidth.js';
import { defaultProductConfig } from '../../../../plugins/puqvpncp/server/product-config.js';

describe('bandwidth', () => {
  const config = { ...defaultProductConfig(), bandwidth: { download_mbps: 100, upload_mbps: 50 } };

  it('takes the product default when the service has no speed option', () => {
    expect(resolveBandwidth({ options: {} }, config)).to.deep.equal({ b_download: 100, b_upload: 50 });
  });

  it('takes the service option over the product default, also when the option is 0', () => {
    expect(resolveBandwidth({ options: { b_download: 0, b_upload: 250 } }, config)).to.deep.equal({ b_download: 0, b_upload: 250 });
  });

  it('says Unlimited when both caps are 0 and names each direction otherwise', () => {
    expect(bandwidthText({ b_download: 0, b_upload: 0 })).to.equal('Unlimited');
    expect(bandwidthText({ b_download: 100, b_upload: 0 })).to.equal('Down: 100 Mbit/s · Up: Unlimited');
  });
});
