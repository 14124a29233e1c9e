import { expect } from 'chai';
import { configFileName, configsView, vpnClientView } from '../../../../../plugins/puqvpncp/server/client-area/vpn-client-view.js';
import { metricsView } from '../../../../../plugins/puqvpncp/server/client-area/metrics-view.js';
import { testLocale } from '../../../../support/i18n.js';
import type { PanelNetwork } from '../../../../../plugins/puqvpncp/server/panel/panel-types.js';

const network: PanelNetwork = { name: 'n', description: '', subnet: '10.0.0.0/24', wireguard: true, amneziawg: false, openvpn: true, ikev2: false, bandwidth_download: 0, bandwidth_upload: 0 };
const record = { name: 'vpn-1-2-abcd', network_name: 'n', ipv4: '10.0.0.2', username: 'user_1', password: 'p', status: 'enable' as const, b_download: 0, b_upload: 25 };

describe('client-area VPN client view', () => {
  it('names downloads after the client with the protocol\'s extension', () => {
    expect(configFileName('vpn-1-2-abcd', 'wireguard')).to.equal('vpn-1-2-abcd.conf');
    expect(configFileName('vpn-1-2-abcd', 'amneziawg')).to.equal('vpn-1-2-abcd-awg.conf');
    expect(configFileName('vpn-1-2-abcd', 'openvpn')).to.equal('vpn-1-2-abcd.ovpn');
    expect(configFileName('vpn-1-2-abcd', 'ikev2')).to.equal('vpn-1-2-abcd.sswan');
  });

  it('strips anything but letters, digits, "_" and "-" from a file name', () => {
    expect(configFileName('../a"b\r\nc d', 'wireguard')).to.equal('a-b--c-d.conf');
    expect(configFileName('"""', 'openvpn')).to.equal('vpn.ovpn');
  });

  it('builds cards only for the protocols the network enables', () => {
    const view = configsView(7, 'c', network, () => 'x');
    if (!view.available) throw new Error('unavailable');
    expect(view.cards.map((c) => c.protocol)).to.deep.equal(['wireguard', 'openvpn']);
    expect(view.cards[0]).to.include({ hasQr: true, hasText: true, downloadUrl: '/client/plugins/puqvpncp/services/7/download/wireguard' });
    expect(view.cards[1]).to.include({ hasQr: false, hasText: true });
  });

  it('keeps the locally known facts and says why the rest is missing when the panel failed', () => {
    const view = vpnClientView({ clientName: 'c', vpnIp: '10.0.0.9', password: 'secret', showPassword: 'plain', facts: { record: new Error('x'), network: new Error('y') }, unavailableMessage: () => 'later', locale: testLocale() });
    expect(view).to.include({ clientName: 'c', vpnIp: '10.0.0.9', live: null, protocols: null, unavailable: 'later' });
    expect(view.password).to.deep.equal({ mode: 'plain', value: 'secret' });
  });

  it('shows limits, username and the enabled state from the panel\'s record', () => {
    const view = vpnClientView({ clientName: 'c', vpnIp: null, password: null, showPassword: 'no', facts: { record, network }, unavailableMessage: () => 'later', locale: testLocale() });
    expect(view.live).to.deep.equal({ username: 'user_1', download: 'Unlimited', upload: '25 Mbit/s', enabled: true });
    expect(view.vpnIp).to.equal('10.0.0.2');
    expect(view.password).to.equal(null);
    expect(view.unavailable).to.equal(null);
  });

  it('writes the usage estimate\'s amounts, GB and prices as the customer\'s language does', () => {
    const estimate = { period: '2026-11', lines: [{ metric: 'download' as const, gb: '12.35', includedGb: 10, billableGb: '2.35', unitPrice: '0.0125', amountMinor: 123456 }], totalMinor: -5, currency: 'EUR', updatedAt: null, rules: '' };
    const en = metricsView(estimate as never, testLocale('en'));
    if (!en.available) throw new Error('unavailable');
    expect(en.period).to.equal('November 2026');
    expect(en.lines[0]).to.include({ label: 'Download', used: '12.35 GB', included: '10 GB', amount: '€1,234.56', price: '€0.0125 per GB' });
    expect(en.total).to.equal('-€0.05');
    const ru = metricsView(estimate as never, testLocale('ru'));
    if (!ru.available) throw new Error('unavailable');
    expect(ru.period).to.equal('ноябрь 2026 г.');
    expect(ru.lines[0]).to.include({ used: '12,35 ГБ', amount: '1\u00a0234,56\u00a0€' });
  });
});
