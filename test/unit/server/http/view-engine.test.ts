import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ejsEngine } from '../../../../server/http/view-engine.js';
import { plainIncludesInlined } from '../../../../server/http/view-text.js';

/** Renders `file` through the engine the way Express calls it. */
function render(engine: ReturnType<typeof ejsEngine>, file: string, locals: Record<string, unknown>, cache: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    engine(file, { ...locals, settings: { views: [path.dirname(file)], 'view cache': cache } }, (err, html) => (err ? reject(err as Error) : resolve(html ?? '')));
  });
}

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

  it('renders a cached view exactly as the same view with real includes', async () => {
    const locals = { title: 'Home & away', user: '<admin>', items: [1, 2, 3] };
    const cached = await render(ejsEngine(root), path.join(root, 'page.ejs'), locals, true);
    const plain = await render(ejsEngine(root), path.join(root, 'page.ejs'), locals, false);
    expect(cached).to.equal(plain);
    expect(cached).to.contain('<title>Home &amp; away</title>').and.contain('<b>VPN &lt;admin&gt;</b>').and.contain('<li>6</li>');
    expect(cached).to.contain('value="&lt;x&gt;"').and.contain('<footer>');
  });

  it('compiles a cached view once, and reads an uncached one again on every render', async () => {
    const file = path.join(root, 'page.ejs');
    const cachedEngine = ejsEngine(root);
    const uncachedEngine = ejsEngine(root);
    const locals = { user: 'a', items: [] };
    await render(cachedEngine, file, locals, true);
    write('partials/foot.ejs', '<footer>changed</footer>\n');
    expect(await render(cachedEngine, file, locals, true)).to.contain('&copy;');
    expect(await render(uncachedEngine, file, locals, false)).to.contain('changed');
  });

  it('names the view in the error of a cached view that throws, and answers it through the callback', async () => {
    write('broken.ejs', '<p><%= missing.value %></p>\n');
    const err = await render(ejsEngine(root), path.join(root, 'broken.ejs'), {}, true).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).to.be.instanceOf(TypeError);
    // a name the render does not pass is undefined, as with EJS's destructuredLocals: the error is the use of it
    expect(err?.message).to.match(/reading 'value'/);
    expect(err?.stack).to.match(/at broken /);
  });

  it('refuses an include cycle instead of looping', () => {
    write('partials/a.ejs', "<%- include('/partials/b') %>");
    write('partials/b.ejs', "<%- include('/partials/a') %>");
    expect(() => plainIncludesInlined("<%- include('/partials/a') %>", root)).to.throw(/include cycle/);
  });

  it('leaves includes with data or a computed name to EJS', () => {
    const text = "<%- include('/partials/field', { name: 'a' }) %><%- include(view.name) %><%- include('relative') %>";
    expect(plainIncludesInlined(text, root)).to.equal(text);
  });
});
