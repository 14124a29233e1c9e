import { expect } from 'chai';
import type { Request, Response } from 'express';
import { guardBody, guardPathAndQuery } from '../../../../../server/http/middleware/input-guard.js';
import { AppError } from '../../../../../server/errors.js';

/** What the guard hands to next(): null when it lets the request through. */
function run(guard: typeof guardBody, req: Partial<Request>): AppError | null {
  let out: unknown = 'not called';
  guard({ path: '/', query: {}, ...req } as Request, {} as Response, (err?: unknown) => (out = err ?? null));
  expect(out).not.to.equal('not called');
  return out as AppError | null;
}

describe('input guard', () => {
  it('lets text areas keep tabs and line breaks, and ordinary ids through', () => {
    expect(run(guardBody, { body: { notes: 'line one\r\n\tline two', client_id: '2147483647', server_id: 0, b_download: 99_999_999_999 } })).to.equal(null);
    expect(run(guardPathAndQuery, { path: '/admin/services/2147483647', query: { period: '2026-11' } })).to.equal(null);
    expect(run(guardPathAndQuery, { path: '/invoices/12.pdf' })).to.equal(null);
  });

  it('names a nested field and a field name carrying a control character', () => {
    const nested = run(guardBody, { body: { networks: [{ server_id: 1 }, { network: 'a\u001bb' }] } });
    expect(nested).to.include({ status: 400 });
    expect(nested!.fields).to.deep.equal({ 'networks.1.network': 'contains a control character' });
    expect(run(guardBody, { body: { ['bad\u0000key']: 'x' } })!.fields).to.have.property('bad\u0000key');
  });

  it('refuses ids past the integer columns, as numbers or text, in bodies, queries and paths', () => {
    expect(run(guardBody, { body: { product_id: 2_147_483_648 } })!.fields).to.have.property('product_id');
    expect(run(guardBody, { body: { options: { id: '-1' } } })!.fields).to.have.property('options.id');
    expect(run(guardPathAndQuery, { query: { client_id: '99999999999999999999' } })!.fields).to.have.property('client_id');
    expect(run(guardPathAndQuery, { path: '/admin/billing/invoices/2147483648.pdf' })!.fields).to.have.property('id');
    expect(run(guardPathAndQuery, { path: '/services/a%00b' })!.fields).to.have.property('path');
  });
});
