import { expect } from 'chai';
import { connectionStatus, humanBytes } from '../../../../plugins/puqvpncp/server/admin-service/connection-status.js';
import type { PanelSessionRow } from '../../../../plugins/puqvpncp/server/panel/panel-types.js';

describe('connection status', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  const row = (name: string, extra: Partial<PanelSessionRow> = {}): PanelSessionRow => ({
    name, protocol: 'wireguard', network: 'fra-1', ip: '10.1.0.2', endpoint: '203.0.113.7:51820', latest_handshake: '2026-11-27 11:58:30', transfer_rx: 0, transfer_tx: 0, ...extra,
  });

  it('is offline with no sessions when the online list is empty', () => {
    expect(connectionStatus([], 'alice', now)).to.deep.equal({ online: false, checked_at: now.toISOString(), sessions: [] });
  });

  it("keeps only the client's own rows, one per protocol", () => {
    const status = connectionStatus([row('alice'), row('bob', { protocol: 'ikev2' }), row('alice', { protocol: 'openvpn' })], 'alice', now);
    expect(status.online).to.equal(true);
    expect(status.sessions.map((s) => [s.protocol, s.label])).to.deep.equal([['wireguard', 'WireGuard'], ['openvpn', 'OpenVPN']]);
  });

  it('says how long ago the last handshake was, and nothing when the time cannot be read', () => {
    expect(connectionStatus([row('a', { latest_handshake: '2026-11-27 11:59:50' })], 'a', now).sessions[0].handshake_ago).to.equal('just now');
    expect(connectionStatus([row('a')], 'a', now).sessions[0].handshake_ago).to.equal('1 min ago');
    expect(connectionStatus([row('a', { latest_handshake: 'never' })], 'a', now).sessions[0].handshake_ago).to.equal('');
  });

  it('writes bytes in B, KB, MB, GB and TB', () => {
    expect([0, 1023, 1024, 1536, 5 * 1024 ** 2, 3 * 1024 ** 3, 2 * 1024 ** 4].map(humanBytes)).to.deep.equal(['0 B', '1023 B', '1.0 KB', '1.5 KB', '5.0 MB', '3.0 GB', '2.0 TB']);
  });
});
