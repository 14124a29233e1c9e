import { expect } from 'chai';
import { clientListReader } from '../../../../plugins/puqvpncp/server/panel/client-list.js';

const site = { serverName: 'p', address: '127.0.0.1:1', method: 'GET', path: '/client' };
const read = (data: unknown) => clientListReader(data, site, 200);
const row = (name: string, extra: object = {}) => ({ name, network_name: 'main', ipv4: '10.0.6.2', status: 'enable', b_download: 100, b_upload: 50, ...extra });

describe('the client list reader (endpoint 19)', () => {
  it('reads the adopted plain array', () => {
    const page = read([row('a'), row('b', { status: 'disable' })]);
    expect(page.clients.map((c) => [c.name, c.status])).to.deep.equal([['a', 'enable'], ['b', 'disable']]);
    expect(page).to.include({ total: null, pages: null });
    expect(page.skipped).to.deep.equal([]);
  });

  it('reads null as no clients, and a paged answer with its total and pages', () => {
    expect(read(null).clients).to.deep.equal([]);
    const page = read({ items: [row('a')], total: '7', pages: 4, page: 1 });
    expect(page.clients).to.have.length(1);
    expect(page).to.include({ total: 7, pages: 4 });
    expect(read({ clients: null, count: 0 }).total).to.equal(0);
  });

  it('reads a list keyed by client name, with the other field names and numbers as strings', () => {
    const page = read({ alice: { network: 'main', allowed_IPs: '10.0.6.9/32', status: 'Enable', bandwidth_download: '10', bandwidth_upload: '5' } });
    expect(page.clients).to.deep.equal([{ name: 'alice', network_name: 'main', ipv4: '10.0.6.9', username: null, password: null, status: 'enable', b_download: 10, b_upload: 5 }]);
  });

  it('keeps a row whose name is readable but whose fields are not, and reports a row without a name', () => {
    const page = read([row('a'), row('b', { ipv4: 'nonsense' }), { status: 'enable' }]);
    expect(page.clients.map((c) => c.name)).to.deep.equal(['a']);
    expect(page.unreadable).to.have.length(1);
    expect(page.unreadable[0].name).to.equal('b');
    expect(page.unreadable[0].issue).to.contain('data[1].ipv4');
    expect(page.skipped).to.have.length(1);
  });
});
