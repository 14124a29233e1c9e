import { expect } from 'chai';
import ejs from 'ejs';
import { localsDeclared, namesUsed } from '../../../../server/http/view-text.js';

/** Renders `text` as the view cache compiles it (no `with`) and as EJS does by default. */
function both(text: string, locals: Record<string, unknown>): { rewritten: string; plain: string } {
  return {
    rewritten: ejs.compile(localsDeclared(text), { _with: false, compileDebug: false })(locals),
    plain: ejs.compile(text)(locals),
  };
}

describe('view text rewrites', () => {
  it('finds the names a view uses in its code, not in its markup, comments, properties or keywords', () => {
    const text = '<p>title here</p><%# a comment naming ghost %><% if (locals.user && user.admin) { %><%= title %><% } %><%- include("/x", { a: total }) %><%% literal %>';
    const names = namesUsed(text);
    expect(names).to.include.members(['title', 'total', 'user']);
    // words inside the code's strings and object keys may be declared too: an unused declaration is harmless
    for (const absent of ['here', 'ghost', 'literal', 'admin', 'if', 'locals', 'include']) expect(names).not.to.include(absent);
  });

  it('renders what `with (locals)` renders: locals, globals, a local named like a global, view-declared names', () => {
    const text = [
      '<% const rows = items.map((i) => i * 2); %>',
      '<%= JSON.stringify(rows) %>|<%= Number(count) + 1 %>|<%= String(label).toUpperCase() %>',
      '<% for (const row of rows) { %>[<%= row %>]<% } %>',
      '<% { const title = "inner"; %><%= title %><% } %>|<%= title %>',
    ].join('\n');
    const locals = { items: [1, 2], count: '41', label: 'ok', title: 'outer', String: (v: unknown) => `local:${String(v)}` };
    const { rewritten, plain } = both(text, locals);
    expect(rewritten).to.equal(plain);
    expect(rewritten).to.contain('[2,4]|42|LOCAL:OK').and.contain('[2][4]').and.contain('inner|outer');
  });

  it('lets a view declare, at its top level, a name it also reads from locals elsewhere', () => {
    const text = '<% const total = (locals.total ?? 0) + 1; %><%= total %>';
    const { rewritten, plain } = both(text, { total: 4 });
    expect(rewritten).to.equal('5').and.equal(plain);
  });

  it('reads a local the render does not pass as undefined', () => {
    expect(ejs.compile(localsDeclared('<%= typeof absent %>'), { _with: false })({})).to.equal('undefined');
  });

  it('leaves a view without code as it is', () => {
    expect(localsDeclared('<p>static</p>')).to.equal('<p>static</p>');
  });
});
