import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ejs from 'ejs';
import { ejsEngine } from '../../../../server/http/view-engine.js';

/** Renders `file` through the engine the way Express calls it. */
function render(engine: ReturnType<typeof ejsEngine>, file: string, locals: Record<string, unknown>, cache: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    engine(file, { ...locals, settings: { views: [path.dirname(file)], 'view cache': cache } }, (err, html) => (err ? reject(err as Error) : resolve(html ?? '')));
  });
}

/** The error a render fails with (null when it renders). */
const failure = (promise: Promise<string>) => promise.then(() => null, (e: Error) => e);

describe('ejsEngine', () => {
  let root: string;
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'vpncp-engine-'));
    write('partials/head.ejs', '<title><%= locals.title || "none" %></title>\n<%- include("/partials/brand") %>\n');
    write('partials/brand.ejs', '<b>VPN <%= user %></b>\n');
    write('partials/field.ejs', '<input name="<%= name %>" value="<%= value %>">\n');
    write('partials/foot.ejs', '<footer>&copy;</footer>\n');
    write(
      'page.ejs',
      [
        "<%- include('/partials/head') %>",
        '<% const rows = items.map((i) => i * 2); %>',
        '<ul><% for (const r of rows) { %><li><%= r %></li><% } %></ul>',
        "<%- include('/partials/field', { name: 'q', value: '<x>' }) %>",
        "<%- include('/partials/foot') %>",
        '',
      ].join('\n'),
    );
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('renders a cached view exactly as EJS renders the file, absolute includes from the root', async () => {
    const locals = { title: 'Home & away', user: '<admin>', items: [1, 2, 3] };
    const cached = await render(ejsEngine(root), path.join(root, 'page.ejs'), locals, true);
    const plain = await render(ejsEngine(root), path.join(root, 'page.ejs'), locals, false);
    expect(cached).to.equal(plain);
    expect(cached).to.equal(await ejs.renderFile(path.join(root, 'page.ejs'), locals, { root }));
    expect(cached).to.contain('<title>Home &amp; away</title>').and.contain('<b>VPN &lt;admin&gt;</b>').and.contain('<li>6</li>');
    expect(cached).to.contain('value="&lt;x&gt;"').and.contain('<footer>');
  });

  it('compiles a cached view once, and reads an uncached one again on every render', async () => {
    const file = path.join(root, 'page.ejs');
    const locals = { user: 'a', items: [] };
    await render(ejsEngine(root), file, locals, true);
    write('partials/foot.ejs', '<footer>changed</footer>\n');
    expect(await render(ejsEngine(root), file, locals, true)).to.contain('&copy;');
    expect(await render(ejsEngine(root), file, locals, false)).to.contain('changed');
    ejs.clearCache();
  });

  it('fails a view that reads a local the page did not pass, cached or not', async () => {
    write('missing.ejs', '<p><%= notPassed %></p>\n');
    for (const cache of [true, false]) {
      const err = await failure(render(ejsEngine(root), path.join(root, 'missing.ejs'), {}, cache));
      expect(err, `view cache ${cache}`).to.be.instanceOf(ReferenceError);
      expect(err?.message).to.contain('notPassed');
    }
  });

  it('names the template line of an error in development, where views are not cached', async () => {
    write('broken.ejs', '<p>\n<%= missing.value %></p>\n');
    const err = await failure(render(ejsEngine(root), path.join(root, 'broken.ejs'), { missing: null }, false));
    expect(err?.message).to.match(/broken\.ejs:2/);
  });
});
