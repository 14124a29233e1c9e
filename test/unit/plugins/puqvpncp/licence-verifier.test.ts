import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { mintLicenceKey, verifyLicenceKey, type LicenceCheck } from '../../../../plugins/puqvpncp/server/licence/licence-token.js';
import { LICENCE_CACHE_MAX_AGE_MS, createLicenceCache, parsePublicKeys } from '../../../../plugins/puqvpncp/server/licence/licence-verifier.js';
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

  describe('createLicenceCache', () => {
    /** A verifier whose answers are scripted and whose calls are counted. */
    function scripted(answer: (now: Date) => LicenceCheck) {
      const calls: string[] = [];
      return { calls, verify: (key: string, now: Date) => { calls.push(key); return answer(now); } };
    }
    const start = new Date('2026-05-15T00:00:00Z');

    it('re-checks after 24 hours when the licence expires later than that', () => {
      let now = start;
      const v = scripted((at) => ({ ok: true, licensee: 'x', product: null, expiresAt: new Date('2027-01-01'), checkedAt: at }));
      const cache = createLicenceCache(v.verify, { clock: () => now });
      const first = cache.check('K');
      now = new Date(start.getTime() + LICENCE_CACHE_MAX_AGE_MS - 1);
      expect(cache.check('K')).to.equal(first);
      now = new Date(start.getTime() + LICENCE_CACHE_MAX_AGE_MS);
      expect(cache.check('K').checkedAt).to.deep.equal(now);
      expect(v.calls).to.deep.equal(['K', 'K']);
    });

    it('re-checks at the expiry instant when the licence expires within the max age', () => {
      let now = start;
      const expiresAt = new Date(start.getTime() + 2 * HOUR);
      const v = scripted((at) => ({ ok: true, licensee: 'x', product: null, expiresAt, checkedAt: at }));
      const cache = createLicenceCache(v.verify, { clock: () => now });
      cache.check('K');
      now = new Date(expiresAt.getTime() - 1);
      cache.check('K');
      now = expiresAt;
      cache.check('K');
      expect(v.calls).to.have.length(2);
    });

    it('caches failures for the max age when the key is refused', () => {
      let now = start;
      const v = scripted((at) => ({ ok: false, error: 'licence key is malformed', checkedAt: at }));
      const cache = createLicenceCache(v.verify, { clock: () => now, maxAgeMs: HOUR });
      cache.check('bad');
      now = new Date(start.getTime() + HOUR - 1);
      cache.check('bad');
      now = new Date(start.getTime() + HOUR);
      cache.check('bad');
      expect(v.calls).to.have.length(2);
    });

    it('keeps separate verdicts per key and forgets one key when asked', () => {
      const v = scripted((at) => ({ ok: false, error: 'e', checkedAt: at }));
      const cache = createLicenceCache(v.verify, { clock: () => start });
      cache.check('A'); cache.check('B'); cache.check(' A ');
      cache.forget('A');
      cache.check('A'); cache.check('B');
      expect(v.calls).to.deep.equal(['A', 'B', 'A']);
    });

    it('re-checks when the clock moved backwards before the cached check', () => {
      let now = start;
      const v = scripted((at) => ({ ok: false, error: 'e', checkedAt: at }));
      const cache = createLicenceCache(v.verify, { clock: () => now });
      cache.check('A');
      now = new Date(start.getTime() - 1000);
      cache.check('A');
      expect(v.calls).to.have.length(2);
    });

    it('drops the oldest key when more keys than maxEntries are checked', () => {
      const v = scripted((at) => ({ ok: false, error: 'e', checkedAt: at }));
      const cache = createLicenceCache(v.verify, { clock: () => start, maxEntries: 2 });
      cache.check('A'); cache.check('B'); cache.check('C');
      cache.check('C'); cache.check('B'); cache.check('A');
      expect(v.calls).to.deep.equal(['A', 'B', 'C', 'A']);
    });
  });
});
