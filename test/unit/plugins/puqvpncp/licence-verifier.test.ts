import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { mintLicenceKey, verifyLicenceKey, type LicenceCheck } from '../../../../plugins/puqvpncp/server/licence/licence-token.js';
import { createLicenceGate, LICENCE_VERDICT_MAX_AGE_MS, verdictHolds } from '../../../../plugins/puqvpncp/server/licence/licence-status.js';
import { parsePublicKeys } from '../../../../plugins/puqvpncp/server/licence/licence-verifier.js';
import { pluginCache } from '../../../../server/cache/plugin-cache.js';
import { ConfigError } from '../../../../server/errors.js';

const HOUR = 3_600_000;

function pair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const raw = publicKey.export({ format: 'jwk' }).x!; // base64url of the 32 raw bytes
  return { pem, raw: Buffer.from(raw, 'base64url').toString('base64'), privateKey };
}

describe('licence-verifier', () => {
  describe('parsePublicKeys', () => {
    const a = pair();
    const b = pair();

    it('returns nothing when the setting is empty', () => {
      expect(parsePublicKeys('')).to.deep.equal([]);
      expect(parsePublicKeys('  \n ')).to.deep.equal([]);
    });

    it('splits concatenated PEM blocks when several keys are configured', () => {
      expect(parsePublicKeys(`${a.pem}${b.pem}`)).to.deep.equal([a.pem, b.pem]);
    });

    it('reads literal \\n sequences as line breaks when the PEM came from an env file', () => {
      expect(parsePublicKeys(a.pem.trim().replace(/\n/g, '\\n'))).to.deep.equal([a.pem]);
    });

    it('accepts a base64 raw 32-byte key next to a PEM block when both are given', () => {
      expect(parsePublicKeys(`${a.pem}, ${b.raw}`)).to.deep.equal([a.pem, b.pem]);
    });

    it('verifies a key minted by the matching private key when the public key was given raw', () => {
      const key = mintLicenceKey({ sub: 'x', exp: 2_000_000_000 }, b.privateKey);
      expect(verifyLicenceKey(key, parsePublicKeys(b.raw), new Date('2026-01-01')).ok).to.equal(true);
    });

    it('throws a ConfigError naming the variable for every bad piece when some are not Ed25519 keys', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
      let err: unknown;
      try { parsePublicKeys(`${rsa}\nnotakey ${a.raw}`); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(ConfigError);
      expect((err as ConfigError).problems).to.deep.equal([
        'LICENSE_PUBLIC_KEY: PEM block 1 is not an Ed25519 public key',
        'LICENSE_PUBLIC_KEY: "notakey…" is neither a PEM public key nor a base64 32-byte Ed25519 key',
      ]);
    });
  });

  describe('verdictHolds', () => {
    const start = new Date('2026-05-15T00:00:00Z');
    const ok = (expiresAt: Date): LicenceCheck => ({ ok: true, licensee: 'x', product: null, expiresAt, checkedAt: start });
    const at = (ms: number) => new Date(start.getTime() + ms);

    it('holds a valid verdict for 24 hours when the licence expires later than that', () => {
      const verdict = ok(new Date('2027-01-01'));
      expect(verdictHolds(verdict, at(LICENCE_VERDICT_MAX_AGE_MS - 1))).to.equal(true);
      expect(verdictHolds(verdict, at(LICENCE_VERDICT_MAX_AGE_MS))).to.equal(false);
    });

    it('holds a valid verdict until the expiry instant when the licence expires within a day', () => {
      const verdict = ok(at(2 * HOUR));
      expect(verdictHolds(verdict, at(2 * HOUR - 1))).to.equal(true);
      expect(verdictHolds(verdict, at(2 * HOUR))).to.equal(false);
    });

    it('holds a refusal for 24 hours: it depends only on the key and the configured public keys', () => {
      const refused: LicenceCheck = { ok: false, error: 'licence key is malformed', checkedAt: start };
      expect(verdictHolds(refused, at(LICENCE_VERDICT_MAX_AGE_MS - 1))).to.equal(true);
      expect(verdictHolds(refused, at(LICENCE_VERDICT_MAX_AGE_MS))).to.equal(false);
    });

    it('does not hold when the clock moved backwards before the check', () => {
      expect(verdictHolds(ok(new Date('2027-01-01')), at(-1000))).to.equal(false);
    });
  });

  describe('createLicenceGate', () => {
    it('keeps the verdict while it holds and checks again once the key has expired', async () => {
      const { pem, privateKey } = pair();
      const t0 = new Date('2026-05-15T00:00:00Z');
      let now = t0;
      const gate = createLicenceGate(parsePublicKeys(pem), () => now, pluginCache<LicenceCheck>({ ttlMs: LICENCE_VERDICT_MAX_AGE_MS }));
      const key = mintLicenceKey({ sub: 'x', exp: t0.getTime() / 1000 + 3600 }, privateKey);
      expect((await gate.status(key)).text).to.equal(`success: ${t0.toISOString()}`);
      now = new Date(t0.getTime() + 30 * 60_000);
      expect((await gate.status(key)).text).to.equal(`success: ${t0.toISOString()}`);
      now = new Date(t0.getTime() + 2 * HOUR);
      expect((await gate.status(key)).text).to.equal('error: licence expired on 2026-05-15T01:00:00Z');
    });
  });
});
