import { expect } from 'chai';
import * as t from '../../../../plugins/puqvpncp/server/panel/panel-types.js';

const ok = <T>(schema: { safeParse(v: unknown): { success: boolean; data?: T; error?: { issues: { path: PropertyKey[] }[] } } }, value: unknown): T => {
  const parsed = schema.safeParse(value);
  expect(parsed.success, JSON.stringify(value)).to.equal(true);
  return parsed.data as T;
};
const failingPaths = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } }, value: unknown) => {
  const parsed = schema.safeParse(value);
  expect(parsed.success, JSON.stringify(value)).to.equal(false);
  return parsed.error!.issues.map((i) => i.path.map(String).join('.'));
};

describe('panel wire shapes (the tolerant reader)', () => {
  it('reads numbers written as strings and keeps refusing what is no count', () => {
    expect(ok(t.systemStatusSchema, { version: '2.3.0', count_accounts: '12', count_accounts_available: ' 50 ', status: 'OK' })).to.include({ count_accounts: 12, count_accounts_available: 50 });
    expect(ok(t.trafficRowSchema, { date: '2026-03-01', traffic_download: '1000', traffic_upload: 7 })).to.deep.equal({ date: '2026-03-01', traffic_download: 1000, traffic_upload: 7 });
    for (const bad of [-1, 1.5, '1.5', '-3', 'lots', null, 2 ** 53]) {
      expect(new Set(failingPaths(t.trafficRowSchema, { date: '2026-03-01', traffic_download: bad, traffic_upload: 1 })), String(bad)).to.deep.equal(new Set(['traffic_download']));
    }
  });

  it('reads a client in any of the published shapes, with unknown keys dropped', () => {
    const adopted = { name: 'a', network_name: 'main', ipv4: '10.0.6.7', username: 'u', password: 'p', status: 'enable', b_download: 10, b_upload: 5 };
    const v1 = { id: 9, name: 'a', network: 'main', ipv4: '10.0.6.7/32', ipv6: null, username: 'u', password: 'p', status: 'Enable', bandwidth_download: '10', bandwidth_upload: '5', extra: { deep: true } };
    expect(ok(t.vpnClientSchema, v1)).to.deep.equal(ok(t.vpnClientSchema, adopted));
    expect(ok(t.vpnClientSchema, { ...adopted, status: 'DISABLE' }).status).to.equal('disable');
    expect(ok(t.vpnClientSchema, { name: 'old', allowed_IPs: '10.0.110.17' }).ipv4).to.equal('10.0.110.17');
  });

  it('leaves a client field the panel does not send empty, and names a field it sends unreadable', () => {
    expect(ok(t.vpnClientSchema, { name: 'bare' })).to.deep.equal({ name: 'bare', network_name: null, ipv4: null, username: null, password: null, status: null, b_download: null, b_upload: null });
    expect(failingPaths(t.vpnClientSchema, { name: 'x', ipv4: 'banana', b_upload: 'fast', status: 'maybe' })).to.have.members(['ipv4', 'b_upload', 'status']);
  });

  it('reads booleans as true/1/"true"/"on" and their opposites', () => {
    for (const on of [true, 1, 'true', 'on', 'ON', '1', 'yes']) expect(ok(t.networkSchema, { name: 'n', wireguard: on }).wireguard, String(on)).to.equal(true);
    for (const off of [false, 0, 'false', 'off', '0', '', null, undefined]) expect(ok(t.networkSchema, { name: 'n', wireguard: off }).wireguard, String(off)).to.equal(false);
    expect(failingPaths(t.networkSchema, { name: 'n', openvpn: 'perhaps' })).to.deep.equal(['openvpn']);
  });

  it('reads the network list as a list, as an object keyed by name, or as null', () => {
    const keyed = ok(t.networkListSchema, { office: { wireguard: 1, subnet: '10.0.6.0/24' }, home: { name: 'home', ikev2: 'on' } });
    expect(keyed.map((n) => [n.name, n.wireguard, n.ikev2])).to.deep.equal([['office', true, false], ['home', false, true]]);
    expect(ok(t.networkListSchema, null)).to.deep.equal([]);
    expect(ok(t.networkListSchema, [{ name: 'x' }])).to.have.length(1);
  });

  it('reads null lists as empty and strips address prefixes', () => {
    expect(ok(t.availableIpsSchema, null)).to.deep.equal([]);
    expect(ok(t.availableIpsSchema, ['10.0.0.2/32', '10.0.0.3'])).to.deep.equal(['10.0.0.2', '10.0.0.3']);
    expect(ok(t.trafficListSchema, null)).to.deep.equal([]);
  });

  it('reads wrapped texts bare too, and QR codes with or without the data-URL prefix', () => {
    expect(ok(t.configTextSchema, { config: '[Interface]' })).to.equal('[Interface]');
    expect(ok(t.configTextSchema, '[Interface]')).to.equal('[Interface]');
    expect(ok(t.openvpnProfileSchema, 'client\nremote x')).to.equal('client\nremote x');
    expect(ok(t.oneTimeLinkSchema, 'https://panel:8098/otl/abcdef0123')).to.equal('https://panel:8098/otl/abcdef0123');
    expect(ok(t.qrSchema, { qr: 'data:image/png;base64,iVBORw0KGgo=' })).to.equal('data:image/png;base64,iVBORw0KGgo=');
    expect(ok(t.qrSchema, 'iVBORw0KGgo=')).to.equal('data:image/png;base64,iVBORw0KGgo=');
    // the whole value is wrong: the issue's path is `data` itself
    expect(failingPaths(t.qrSchema, 'data:image/svg+xml;base64,PHN2Zz4=')).to.deep.equal(['']);
    expect(failingPaths(t.configTextSchema, { config: '' })).to.deep.equal(['']);
  });

  it('reads an IKEv2 profile as an object or as a JSON-encoded string, keeping keys beyond the documented ones', () => {
    const profile = { uuid: 'u', name: 'n', type: 'ikev2-eap', remote: { addr: 'vpn.example', id: 'vpn.example', cert: 'PEM', port: 4500 }, local: { eap_id: 'user_1' } };
    expect(ok(t.ikev2ProfileSchema, { profile })).to.deep.equal(profile);
    expect(ok(t.ikev2ProfileSchema, { profile: JSON.stringify(profile) })).to.deep.equal(profile);
    expect(ok(t.ikev2ProfileSchema, JSON.stringify(profile))).to.deep.equal(profile);
    expect(failingPaths(t.ikev2ProfileSchema, { profile: { type: 'ikev2-eap', remote: {} } })).to.deep.equal(['remote.addr']);
  });

  it('reads a licence expiry given as a date-time, and lets nothing in the licence fail the call', () => {
    expect(ok(t.licenseSchema, { key: 'K', valid: 'true', accounts: '50', expiration_date: '2027-01-31T23:59:59Z' })).to.deep.equal({ key: 'K', valid: true, accounts: 50, expiration_date: '2027-01-31' });
    expect(ok(t.licenseSchema, { valid: 'unknown word', expiration_date: 'soon' })).to.deep.equal({ key: null, valid: null, accounts: null, expiration_date: null });
  });

  it('reads online rows with any protocol case and numbers as strings; an unknown protocol is shown as none', () => {
    expect(ok(t.sessionRowSchema, { name: 'a', protocol: 'WireGuard', transfer_rx: '3892', ip: '10.0.0.2/32', wg_name: 'wg0' })).to.deep.equal({ name: 'a', protocol: 'wireguard', network: 'wg0', ip: '10.0.0.2', endpoint: '', latest_handshake: '', transfer_rx: 3892, transfer_tx: 0 });
    expect(ok(t.sessionRowSchema, { name: 'a', protocol: 'pptp' }).protocol).to.equal(null);
    expect(failingPaths(t.sessionRowSchema, { protocol: 'wireguard' })).to.deep.equal(['name']);
  });

  it('accepts DELETE answers whatever they carry', () => {
    for (const data of [null, {}, 'success', undefined, [1]]) expect(ok(t.deletedSchema, data)).to.equal(null);
  });

  it('tells a panel that is still starting from a ready one by its status word', () => {
    const status = (word: string | null) => ({ version: '2', count_accounts: 0, count_accounts_available: 1, status: word });
    for (const ready of ['OK', 'running', 'Ready', 'active', null, '']) expect(t.notReadyReason(status(ready)), String(ready)).to.equal(null);
    expect(t.notReadyReason(status('Loading (3/7)'))).to.equal('the panel is still starting ("Loading (3/7)")');
    expect(t.notReadyReason(status('starting'))).to.contain('still starting');
    expect(t.notReadyReason(status('maintenance'))).to.equal('the panel reports its status as "maintenance"');
  });

  it('reads the success envelope with result in any case and the error envelope with missing parts', () => {
    expect(t.okEnvelopeSchema.safeParse({ result: 'ok', data: 1 }).success).to.equal(true);
    expect(t.okEnvelopeSchema.safeParse({ result: 'ERROR', message: 'x' }).success).to.equal(false);
    expect(t.errorEnvelopeSchema.parse({ result: 'ERROR', message: null, errors: null })).to.deep.equal({ result: 'ERROR', message: '', errors: {} });
    expect(t.errorEnvelopeSchema.parse({ result: 'ERROR', message: 'm', errors: { name: ['a', 'b'], n: 3 } }).errors).to.deep.equal({ name: 'a; b', n: '3' });
  });

  it('reads the plain case of a traffic month by hand exactly as the schema does, and leaves every other case to the schema', () => {
    const row = (date: unknown, down: unknown = 1, up: unknown = 2) => ({ date, traffic_download: down, traffic_upload: up });
    const plain = [row('2026-03-01', 0, Number.MAX_SAFE_INTEGER), { ...row('2024-02-29', 3e9, 7), extra: 'dropped' }];
    expect(t.plainTrafficList(plain)).to.deep.equal(t.trafficListSchema.parse(plain));
    expect(t.plainTrafficList([])).to.deep.equal([]);
    // tolerated by the schema, not plain: left to it
    for (const data of [null, [row('2026-03-01', '5')], [row('2026-03-01T00:00:00Z')]]) {
      expect(t.plainTrafficList(data), JSON.stringify(data)).to.equal(undefined);
      expect(t.trafficListSchema.safeParse(data).success, JSON.stringify(data)).to.equal(true);
    }
    // refused by both
    for (const data of [{}, 'rows', [null], [row('2026-02-29')], [row('2026-03-01', -1)], [row('2026-03-01', 1.5)], [row('2026-03-01', 1, NaN)], [{ date: '2026-03-01', traffic_download: 1 }]]) {
      expect(t.plainTrafficList(data), JSON.stringify(data)).to.equal(undefined);
      expect(t.trafficListSchema.safeParse(data).success, JSON.stringify(data)).to.equal(false);
    }
  });
});
