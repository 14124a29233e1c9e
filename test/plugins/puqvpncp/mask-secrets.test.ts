import { expect } from 'chai';
import { collectSecrets, isSecretKey, MASK, maskSecrets, maskText } from '../../../plugins/puqvpncp/server/panel/mask-secrets.js';

const WG_CONFIG = '[Interface]\nPrivateKey = mLLdcH8Z4XsxqaDyKIG+8oHNGsdHEoUnoBvLIgI6p3g=\nAddress = 10.0.6.2/32\n';

describe('maskSecrets', () => {
  it('masks values under secret keys, whatever their spelling', () => {
    const masked = maskSecrets({
      token: 't0ken-value',
      Authorization: 'Bearer abc',
      password: 'hunter22',
      private_key: 'k1',
      PrivateKey: 'k2',
      api_token: 'k3',
      apiToken: 'k4',
      psk: 'k5',
      client_secret: 'k6',
      config: 'anything',
      profile: { uuid: 'u' },
      qr: 'data',
      url: 'http://panel/otl/abc',
      key: 'LICENCE-KEY',
    });
    expect(Object.values(masked as Record<string, unknown>).every((v) => v === MASK)).to.equal(true);
  });

  it('keeps ordinary values and the shape, and leaves the input untouched', () => {
    const input = { name: 'vpn-1', ipv4: '10.0.6.2', b_download: 50, enabled: true, missing: null, list: [{ password: 'p4ss', name: 'x' }] };
    const snapshot = structuredClone(input);
    expect(maskSecrets(input)).to.deep.equal({ ...input, list: [{ password: MASK, name: 'x' }] });
    expect(input).to.deep.equal(snapshot);
  });

  it('leaves null and undefined secrets as they are, so "no password" stays visible', () => {
    expect(maskSecrets({ password: null, token: undefined })).to.deep.equal({ password: null, token: undefined });
  });

  it('masks configs, PEM blocks, QR images and one-time links under innocent keys', () => {
    const masked = maskSecrets({
      data: WG_CONFIG,
      body: '-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----',
      image: 'data:image/png;base64,iVBORw0KGgo=',
      message: 'link: https://panel:8098/otl/4f2a9c0d1e2b3c4d',
      ovpn: 'client\n<key>\nsecret\n</key>',
    }) as Record<string, unknown>;
    expect(Object.values(masked)).to.deep.equal([MASK, MASK, MASK, MASK, MASK]);
  });

  it('blanks listed literals wherever they appear, ignoring very short ones', () => {
    const masked = maskSecrets({ error: 'token s3cr3t-tok was refused', note: 'abc' }, { literals: ['s3cr3t-tok', 'abc'] });
    expect(masked).to.deep.equal({ error: `token ${MASK} was refused`, note: 'abc' });
  });

  it('copes with cycles, buffers, dates, errors and functions', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    const masked = maskSecrets({
      loop,
      buf: Buffer.from('1234'),
      at: new Date('2026-01-02T03:04:05Z'),
      err: new Error('Bearer abc.def failed'),
      fn: () => 1,
    }) as Record<string, unknown>;
    expect(masked.loop).to.deep.equal({ name: 'loop', self: '[circular]' });
    expect(masked.buf).to.equal('[4 bytes]');
    expect(masked.at).to.equal('2026-01-02T03:04:05.000Z');
    const err = masked.err as { type: string; message: string; stack: string };
    expect([err.type, err.message]).to.deep.equal(['Error', `Bearer ${MASK} failed`]);
    expect(err.stack).to.include(`Bearer ${MASK} failed`).and.not.include('abc.def');
    expect(masked.fn).to.equal(undefined);
  });

  it('copies an object reached twice without calling it circular', () => {
    const shared = { ip: '10.0.0.2' };
    expect(maskSecrets({ a: shared, b: shared })).to.deep.equal({ a: shared, b: shared });
  });
});

describe('maskText', () => {
  it('masks Bearer and Basic credentials but keeps the rest of the sentence', () => {
    expect(maskText('sent Authorization: Bearer eyJhbGciOi.x.y to panel')).to.equal(`sent Authorization: Bearer ${MASK} to panel`);
    expect(maskText('Basic dXNlcjpwYXNz')).to.equal(`Basic ${MASK}`);
  });

  it('masks a whole WireGuard config', () => {
    expect(maskText(WG_CONFIG)).to.equal(MASK);
  });

  it('keeps harmless text', () => {
    expect(maskText('VPN account limit exceeded')).to.equal('VPN account limit exceeded');
  });
});

describe('isSecretKey', () => {
  it('tells secret keys from ordinary ones', () => {
    for (const key of ['password', 'X-Api-Token', 'authorization', 'preshared_key', 'set-cookie', 'otl']) expect(isSecretKey(key), key).to.equal(true);
    for (const key of ['name', 'username', 'ipv4', 'network_name', 'b_download', 'subnet', 'endpoint', 'latest_handshake', 'status']) expect(isSecretKey(key), key).to.equal(false);
  });

  it('knows the broader names secrets go by: pass, pwd, passphrase, auth, private, psk, pre_shared, credential, key', () => {
    for (const key of ['pass', 'pwd', 'db_pwd', 'passphrase', 'auth', 'authKey', 'private', 'private_data', 'psk', 'pre_shared', 'PreShared-Key', 'credentials', 'credential', 'wg_key', 'secret']) expect(isSecretKey(key), key).to.equal(true);
  });
});

describe('masking by value', () => {
  it('masks a whole object under a credential key, nested secrets included', () => {
    expect(maskSecrets({ credentials: { user: 'u', pass: 'p4ssw0rd' }, peer: { pre_shared: 'psk-value', auth: 'x', name: 'peer-1' } })).to.deep.equal({ credentials: MASK, peer: { pre_shared: MASK, auth: MASK, name: 'peer-1' } });
  });

  it('collects the secrets an answer carries, so they are blanked where they turn up again', () => {
    const answer = { name: 'vpn-1', password: 'Xy7-secret-pass', keys: { private_key: 'cHJpdmF0ZS1rZXktdmFsdWU=' }, config: WG_CONFIG, profile: { remote: { addr: '127.0.0.1' } } };
    const secrets = collectSecrets(answer);
    expect(secrets).to.include.members(['Xy7-secret-pass', 'cHJpdmF0ZS1rZXktdmFsdWU=', WG_CONFIG, 'mLLdcH8Z4XsxqaDyKIG+8oHNGsdHEoUnoBvLIgI6p3g=']);
    // a host name inside a profile is no secret of its own: the admin still needs it in messages
    expect(secrets).not.to.include('127.0.0.1');
    expect(maskText('client vpn-1 refused: password Xy7-secret-pass, key mLLdcH8Z4XsxqaDyKIG+8oHNGsdHEoUnoBvLIgI6p3g= rejected', secrets)).to.equal(`client vpn-1 refused: password ${MASK}, key ${MASK} rejected`);
  });
});
