import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pluginViews } from '../../../../server/http/view-files.js';

describe('pluginViews', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'vpncp-views-'));
    fs.mkdirSync(path.join(root, 'host'));
    fs.mkdirSync(path.join(root, 'plugin', 'client'), { recursive: true });
    fs.writeFileSync(path.join(root, 'plugin', 'client', 'card.ejs'), '<p>card</p>');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('names a plugin view by its path from the host views root, keeping its locals', () => {
    const resolve = pluginViews([path.join(root, 'plugin')], path.join(root, 'host'));
    expect(resolve({ view: 'client/card', locals: { a: 1 } })).to.deep.equal({ view: '/../plugin/client/card.ejs', locals: { a: 1 } });
  });

  it('leaves a name no folder holds for EJS to report, and passes no contribution through', () => {
    const resolve = pluginViews([path.join(root, 'plugin')], path.join(root, 'host'));
    expect(resolve({ view: 'client/missing', locals: {} })?.view).to.equal('client/missing');
    expect(resolve(null)).to.equal(null);
  });
});
