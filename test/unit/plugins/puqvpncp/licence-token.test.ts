import { expect } from 'chai';
import { generateKeyPairSync, sign } from 'node:crypto';
import { LICENCE_ERRORS, mintLicenceKey, verifyLicenceKey } from '../../../../plugins/puqvpncp/server/licence/licence-token.js';
import { AppError } from '../../../../server/errors.js';

const NOW = new Date('2026-05-15T03:04:13Z');
const EXP = Date.parse('2027-01-01T00:00:00Z') / 1000;

function ed25519() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

describe('licence-token', () => {
  const issuer = ed25519();
  const other = ed25519();
  const key = mintLicenceKey({ sub: 'portal.example.com', product: 'puqvpncp', iat: 1_780_000_000, exp: EXP }, issuer.privatePem);

  describe('verifyLicenceKey', () => {
    it('returns the licensee and expiry when the key is signed by a configured key', () => {
      expect(verifyLicenceKey(key, [issuer.publicPem], NOW)).to.deep.equal({
        ok: true, licensee: 'portal.example.com', product: 'puqvpncp', expiresAt: new Date(EXP * 1000), checkedAt: NOW,
      });
    });

    it('accepts the key when the signing key is second of several configured keys', () => {
      expect(verifyLicenceKey(key, [other.publicPem, issuer.publicPem], NOW).ok).to.equal(true);
    });

    it('ignores surrounding whitespace when the key was pasted with a line break', () => {
      expect(verifyLicenceKey(`  ${key}\n`, [issuer.publicPem], NOW).ok).to.equal(true);
    });

    it('reports a signature mismatch when only other keys are configured', () => {
      expect(verifyLicenceKey(key, [other.publicPem], NOW)).to.deep.equal({ ok: false, error: LICENCE_ERRORS.badSignature, checkedAt: NOW });
      expect(LICENCE_ERRORS.badSignature).to.equal('signature does not match any configured public key');
    });

    it('reports a signature mismatch when the payload was edited after signing', () => {
      const [, signature] = key.split('.');
      const forged = Buffer.from(JSON.stringify({ sub: 'portal.example.com', exp: EXP + 10 ** 8 })).toString('base64url');
      expect(verifyLicenceKey(`${forged}.${signature}`, [issuer.publicPem], NOW)).to.deep.include({ ok: false, error: LICENCE_ERRORS.badSignature });
    });

    it('reports the expiry instant when now is at or past exp', () => {
      const expired = { ok: false, error: 'licence expired on 2027-01-01T00:00:00Z' };
      expect(verifyLicenceKey(key, [issuer.publicPem], new Date(EXP * 1000))).to.deep.include(expired);
      expect(verifyLicenceKey(key, [issuer.publicPem], new Date(EXP * 1000 - 1)).ok).to.equal(true);
    });

    const malformed = ['abc', 'a.b.c', `${'x'.repeat(10)}.`, 'not base64!.sig', `${key}=`, `e30.${'A'.repeat(86)}`];
    for (const text of malformed) {
      it(`reports a malformed key when given "${text.slice(0, 24)}"`, () => {
        expect(verifyLicenceKey(text, [issuer.publicPem], NOW)).to.deep.include({ ok: false, error: 'licence key is malformed' });
      });
    }

    it('reports a malformed key when the payload lacks sub or exp even if signed', () => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const bytes = Buffer.from(JSON.stringify({ sub: 'x' }));
      const token = `${bytes.toString('base64url')}.${sign(null, bytes, privateKey).toString('base64url')}`;
      expect(verifyLicenceKey(token, [publicKey], NOW)).to.deep.include({ ok: false, error: LICENCE_ERRORS.malformed });
    });

    it('reports a missing key when the field is empty', () => {
      expect(verifyLicenceKey('  ', [issuer.publicPem], NOW)).to.deep.include({ ok: false, error: 'no licence key is entered' });
    });

    it('reports that no public key is configured when the list is empty or holds only unusable keys', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
      for (const keys of [[], ['garbage'], [rsa]]) {
        expect(verifyLicenceKey(key, keys, NOW)).to.deep.include({ ok: false, error: 'no licence public key is configured' });
      }
    });
  });

  describe('mintLicenceKey', () => {
    it('produces two base64url segments whose first decodes to the payload when minted', () => {
      const [payload, signature] = key.split('.');
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).to.deep.equal(
        { sub: 'portal.example.com', product: 'puqvpncp', iat: 1_780_000_000, exp: EXP });
      expect(Buffer.from(signature, 'base64url')).to.have.length(64);
    });

    it('fills iat with the current time when it is omitted', () => {
      const before = Math.floor(Date.now() / 1000);
      const minted = mintLicenceKey({ sub: 'x', exp: EXP }, issuer.privatePem);
      const { iat } = JSON.parse(Buffer.from(minted.split('.')[0], 'base64url').toString());
      expect(iat).to.be.within(before, before + 5);
    });

    it('refuses a non-Ed25519 private key or an empty sub when minting', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
      expect(() => mintLicenceKey({ sub: 'x', exp: EXP }, rsa)).to.throw(AppError, 'Ed25519');
      expect(() => mintLicenceKey({ sub: ' ', exp: EXP }, issuer.privatePem)).to.throw(AppError, 'non-empty sub');
    });
  });
});
