import { expect } from 'chai';
import { cachedRepository, type CachePlan } from '../../../../server/cache/cached-repositories.js';

/** A repository over an in-memory row store that counts its reads. */
function fakeRepository() {
  const rows = new Map<number, { id: number; name: string }>([[1, { id: 1, name: 'one' }]]);
  const reads = { n: 0 };
  let release: () => void = () => undefined;
  const repo = {
    async find(id: number) {
      reads.n += 1;
      return rows.get(id) ? { ...rows.get(id)! } : null;
    },
    async list() {
      return [...rows.values()];
    },
    async rename(id: number, name: string) {
      rows.set(id, { id, name });
    },
    /** a write that waits for the test, to see what readers get meanwhile */
    async slowRename(id: number, name: string) {
      await new Promise<void>((r) => (release = r));
      rows.set(id, { id, name });
    },
  };
  const plan: CachePlan<typeof repo> = { find: { key: (id) => id }, list: 'read', rename: 'write', slowRename: 'write' };
  return { repo, plan, reads, release: () => release() };
}

describe('cachedRepository', () => {
  it('answers the page view from the memo and the fresh view from the repository', async () => {
    const { repo, plan, reads } = fakeRepository();
    const { repos, pageRepos } = cachedRepository(repo, plan);
    await pageRepos.find(1);
    await pageRepos.find(1);
    expect(reads.n).to.equal(1);
    await repos.find(1);
    await repos.find(1);
    expect(reads.n).to.equal(3);
  });

  it('hands every reader the same frozen row, so no reader can change what the next one sees', async () => {
    const { repo, plan } = fakeRepository();
    const { pageRepos } = cachedRepository(repo, plan);
    const row = (await pageRepos.find(1))!;
    expect(Object.isFrozen(row)).to.equal(true);
    expect(() => ((row as { name: string }).name = 'x')).to.throw(TypeError);
  });

  it('shows a write through either view on the next page read', async () => {
    const { repo, plan } = fakeRepository();
    const { repos, pageRepos } = cachedRepository(repo, plan);
    expect((await pageRepos.find(1))?.name).to.equal('one');
    await repos.rename(1, 'uno');
    expect((await pageRepos.find(1))?.name).to.equal('uno');
    await pageRepos.rename(1, 'eins');
    expect((await pageRepos.find(1))?.name).to.equal('eins');
  });

  it('does not keep a row read while a write was running', async () => {
    const { repo, plan, release } = fakeRepository();
    const { repos, pageRepos } = cachedRepository(repo, plan);
    const writing = repos.slowRename(1, 'after');
    expect((await pageRepos.find(1))?.name).to.equal('one');
    release();
    await writing;
    expect((await pageRepos.find(1))?.name).to.equal('after');
  });

  it('refuses a plan that leaves a method unnamed or names one the repository lacks', () => {
    const { repo, plan } = fakeRepository();
    const { slowRename: _left, ...incomplete } = plan;
    expect(() => cachedRepository(repo, incomplete as CachePlan<typeof repo>)).to.throw(/does not name slowRename/);
    expect(() => cachedRepository(repo, { ...plan, gone: 'read' } as CachePlan<typeof repo>)).to.throw(/gone\(\), which the repository does not have/);
  });
});
