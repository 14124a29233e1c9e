import { expect } from 'chai';
import { adminArea, adminMayAccess, supportRule } from '../../../../../server/domain/users/admin-access.js';
import { describePath } from '../../../../../server/http/middleware/audit-trail.js';
import { diffChanges, sentChanges } from '../../../../../server/domain/audit/audit-changes.js';

describe('admin access rules', () => {
  it('reads the area below /admin, a plugin prefix and /api/admin, the longest rule winning', () => {
    expect(adminArea('/admin')).to.equal('');
    expect(adminArea('/admin/plugins/puqvpncp/services/4/status.json')).to.equal('services/4/status.json');
    expect(adminArea('/api/admin/invoices/3?x=1')).to.equal('invoices/3');
    expect(supportRule('billing/invoices/3')).to.equal('read');
    expect(supportRule('servers/3/test')).to.equal('none');
    expect(supportRule('no-such-area')).to.equal(null);
  });

  it('lets an owner do everything and support only what its rules name', () => {
    expect(adminMayAccess('owner', 'POST', '/api/admin/no-such-area')).to.equal(true);
    expect(adminMayAccess('support', 'POST', '/api/admin/services/1/actions/suspend')).to.equal(true);
    expect(adminMayAccess('support', 'GET', '/api/admin/invoices')).to.equal(true);
    expect(adminMayAccess('support', 'POST', '/api/admin/invoices/1/payments')).to.equal(false);
    expect(adminMayAccess('support', 'GET', '/admin/no-such-area')).to.equal(false);
    expect(adminMayAccess('support', 'GET', '/admin/servers')).to.equal(false);
    expect(adminMayAccess('support', 'GET', '/admin/billing/invoices/3')).to.equal(true);
    expect(adminMayAccess('support', 'POST', '/admin/billing/collect')).to.equal(false);
  });
});

describe('audit rows from paths and bodies', () => {
  it('names the entity, id and action a path describes', () => {
    expect(describePath('POST', '/api/admin/services/5/actions/suspend')).to.deep.equal({ entity: 'services', entityId: '5', action: 'actions.suspend' });
    expect(describePath('POST', '/api/admin/clients')).to.deep.equal({ entity: 'clients', entityId: null, action: 'create' });
    expect(describePath('PUT', '/api/admin/servers/2')).to.deep.equal({ entity: 'servers', entityId: '2', action: 'update' });
    expect(describePath('DELETE', '/api/admin/webhooks/7')).to.deep.equal({ entity: 'webhooks', entityId: '7', action: 'delete' });
    expect(describePath('POST', '/admin/plugins/puqvpncp/products/3/settings')).to.deep.equal({ entity: 'products', entityId: '3', action: 'puqvpncp.settings' });
    expect(describePath('POST', '/admin/settings')).to.deep.equal({ entity: 'settings', entityId: null, action: 'update' });
  });

  it('keeps only the fields that differ, nested ones by path, and masks secrets whatever their shape', () => {
    expect(diffChanges({ name: 'a', config: { port: 1, api_token: 'old-secret-1' } }, { name: 'a', config: { port: 2, api_token: 'new-secret-2' } })).to.deep.equal({
      'config.port': { from: 1, to: 2 },
      'config.api_token': { from: '***', to: '***' },
    });
    expect(diffChanges({ a: 1 }, { a: 1 })).to.equal(null);
    expect(sentChanges({ password: 'hunter2-long', code: '123456', name: 'x' })).to.deep.equal({ password: { to: '***' }, code: { to: '***' }, name: { to: 'x' } });
  });
});
