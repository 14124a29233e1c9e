import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { describeModuleContract } from './module-contract.js';

describeModuleContract({
  type: 'puqvpncp',
  async startRemote() {
    const panel = new FakePanel();
    await panel.start();
    return {
      hostname: '127.0.0.1',
      port: panel.port,
      token: panel.token,
      account: (name) => {
        const client = panel.state.clients.get(name);
        return client ? (client.status === 'enable' ? 'enabled' : 'disabled') : 'absent';
      },
      accountOptions: (name) => {
        const client = panel.state.client(name);
        return { b_download: client.b_download, b_upload: client.b_upload };
      },
      stop: () => panel.stop(),
    };
  },
  productConfig: () => ({ ...defaultProductConfig(), bandwidth: { download_mbps: 100, upload_mbps: 50 } }),
  options: { b_download: { valid: 20, invalid: -1 }, b_upload: { valid: 0, invalid: 20_000 } },
});
