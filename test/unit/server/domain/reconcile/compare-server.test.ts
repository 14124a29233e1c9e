import { expect } from 'chai';
import { compareServer, type ComparedService } from '../../../../../server/domain/reconcile/compare-server.js';
import type { RemoteAccount } from '../../../../../server/plugins/plugin-api.js';

const service = (id: number, username: string, extra: Partial<ComparedService> = {}): ComparedService => ({
  id, username, status: 'active', networkName: 'main', dedicatedIp: '10.0.0.1', effectiveOptions: { b_download: 100, b_upload: 50 }, inFlight: false, ...extra,
});
const account = (name: string, extra: Partial<RemoteAccount> = {}): RemoteAccount => ({ name, enabled: true, options: { b_download: 100, b_upload: 50 }, networkName: 'main', dedicatedIp: '10.0.0.1', ...extra });
const kinds = (c: ReturnType<typeof compareServer>) => c.findings.map((f) => `${f.kind}:${f.clientName}`);

describe('compareServer', () => {
  it('finds nothing when both sides agree, and ignores what the remote does not report', () => {
    const c = compareServer(1, [service(1, 'a'), service(2, 'b', { status: 'suspended' })], { accounts: [account('a', { options: {} }), account('b', { enabled: false, dedicatedIp: null })], complete: true, problems: [] });
    expect(c.findings).to.deep.equal([]);
  });

  it('reports missing only from a complete list, and judges only the names an incomplete list shows', () => {
    const services = [service(1, 'a'), service(2, 'b')];
    expect(kinds(compareServer(1, services, { accounts: [account('a')], complete: true, problems: [] }))).to.deep.equal(['missing:b']);
    const partial = compareServer(1, services, { accounts: [account('a')], complete: false, problems: ['page 2 failed'] });
    expect(partial.findings).to.deep.equal([]);
    expect(partial.judged('a')).to.equal(true);
    expect(partial.judged('b')).to.equal(false);
  });

  it('skips a service with an action in flight and a row read only in part, without judging them', () => {
    const c = compareServer(1, [service(1, 'a', { inFlight: true }), service(2, 'b')], { accounts: [account('b', { unreadable: 'data[0].ipv4: bad', enabled: null, options: {} })], complete: true, problems: [] });
    expect(c.findings).to.deep.equal([]);
    expect(c.judged('a')).to.equal(false);
    expect(c.judged('b')).to.equal(false);
  });

  it('reports a pending service\'s client neither as an orphan nor as drift', () => {
    const c = compareServer(1, [service(1, 'a', { status: 'pending' })], { accounts: [account('a', { enabled: false })], complete: true, problems: [] });
    expect(c.findings).to.deep.equal([]);
  });

  it('reports orphans, status, caps and network differences', () => {
    const c = compareServer(1, [service(1, 'a'), service(2, 'b'), service(3, 'c', { status: 'terminated' })], {
      accounts: [account('a', { enabled: false, options: { b_download: 5 } }), account('b', { dedicatedIp: '10.0.0.9' }), account('c'), account('x')],
      complete: true,
      problems: [],
    });
    expect(kinds(c)).to.deep.equal(['orphan:x', 'status:a', 'caps:a', 'network:b', 'status:c']);
    expect(c.findings.find((f) => f.kind === 'caps')).to.deep.include({ portal: { b_download: 100 }, panel: { b_download: 5 } });
  });
});
