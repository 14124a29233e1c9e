import { expect } from 'chai';
import { collapseFailures } from '../../../../../server/domain/lists/collapse-log.js';
import type { ModuleLogRow } from '../../../../../server/domain/types.js';

const row = (id: number, error: string | null, action = 'status', httpStatus: number | null = 502): ModuleLogRow => ({
  id, at: `2026-06-15T10:00:${String(60 - id).padStart(2, '0')}Z`, serviceId: 1, serverId: 1, action, method: 'GET', path: '/client/x', request: null, response: null, httpStatus, durationMs: 5, error,
});

describe('collapseFailures', () => {
  it('folds identical consecutive failures into the newest, with the count and the first and last time', () => {
    const out = collapseFailures([row(9, 'down'), row(8, 'down'), row(7, 'down'), row(6, null, 'status', 200), row(5, 'down')]);
    expect(out.map((r) => [r.id, r.count])).to.deep.equal([[9, 3], [6, 1], [5, 1]]);
    expect(out[0]).to.include({ firstAt: row(7, null).at, lastAt: row(9, null).at });
  });
  it('keeps failures apart that differ in error, action or status, and never folds successes', () => {
    const out = collapseFailures([row(9, 'down'), row(8, 'refused'), row(7, 'refused', 'create'), row(6, 'refused', 'create', 500), row(5, null, 'x', 200), row(4, null, 'x', 200)]);
    expect(out.map((r) => r.count)).to.deep.equal([1, 1, 1, 1, 1, 1]);
    expect(collapseFailures([])).to.deep.equal([]);
  });
});
