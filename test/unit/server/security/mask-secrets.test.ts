import { expect } from 'chai';
import { isSecretKey, MASK, maskSecrets, maskText, SecretRegistry } from '../../../../server/security/mask-secrets.js';

describe('mask-secrets', () => {
  it('replaces every known secret wherever it appears, the longest of overlapping ones whole', () => {
    const r = new SecretRegistry();
    for (const s of ['tok-123456', 'tok-123456-long', 'pw-abcdef', 'short']) r.add(s);
    expect(r.size).to.equal(3);
    expect(maskText('a tok-123456-long, a tok-123456 and pw-abcdefpw-abcdef; short stays', { registry: r })).to.equal(`a ${MASK}, a ${MASK} and ${MASK}${MASK}; short stays`);
    expect(maskText('nothing known here', { registry: r })).to.equal('nothing known here');
  });

  it('names secrets by key, nested and in any spelling, and keeps booleans and empty values', () => {
    for (const key of ['pass', 'password', 'PWD', 'passphrase', 'client_secret', 'apiToken', 'X-Api-Key', 'authorization', 'private_key', 'psk', 'pre_shared', 'PresharedKey', 'credentials', 'Cookie', 'config', 'qr']) expect(isSecretKey(key), key).to.equal(true);
    for (const key of ['name', 'email', 'status', 'network', 'download_bytes', 'created_at']) expect(isSecretKey(key), key).to.equal(false);
    const out = maskSecrets({ credentials: { pass: 'x' }, tokenSet: true, password: '', nested: [{ auth: 'y' }], name: 'n' }, { registry: new SecretRegistry() });
    expect(out).to.deep.equal({ credentials: MASK, tokenSet: true, password: '', nested: [{ auth: MASK }], name: 'n' });
  });

  it('masks secret-shaped text: Bearer and Basic credentials, URL passwords, key blocks, name=value and "name": "value"', () => {
    const r = new SecretRegistry();
    expect(maskText('Authorization: Bearer abc.def-ghi', { registry: r })).to.equal(`Authorization: Bearer ${MASK}`);
    expect(maskText('Basic dXNlcjpwYXNz and the Basic Configuration', { registry: r })).to.equal(`Basic ${MASK} and the Basic Configuration`);
    expect(maskText('smtp://mailer:hunter2@mail.example:587', { registry: r })).to.equal(`smtp://mailer:${MASK}@mail.example:587`);
    expect(maskText('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY----- after', { registry: r })).to.equal(`${MASK} after`);
    expect(maskText('GET /x?api_key=abc&page=2 secret=s1', { registry: r })).to.equal(`GET /x?api_key=${MASK}&page=2 secret=${MASK}`);
    expect(maskText('{"pre_shared": "a\\"b", "name": "kept"}', { registry: r })).to.equal(`{"pre_shared": "${MASK}", "name": "kept"}`);
    // prose about tokens is left readable
    expect(maskText('Unauthenticated: invalid or expired token', { registry: r })).to.equal('Unauthenticated: invalid or expired token');
  });

  it('copies errors as masked plain objects and never changes its input', () => {
    const r = new SecretRegistry();
    r.add('s3cr3t-value');
    const input = { err: new Error('failed with s3cr3t-value'), list: ['s3cr3t-value'] };
    const out = maskSecrets(input, { registry: r }) as { err: { type: string; message: string; stack: string }; list: string[] };
    expect(out.err).to.include({ type: 'Error', message: `failed with ${MASK}` });
    expect(out.err.stack).not.to.contain('s3cr3t-value');
    expect(out.list).to.deep.equal([MASK]);
    expect(input.list[0]).to.equal('s3cr3t-value');
  });
});
