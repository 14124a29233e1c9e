/**
 * Shared set-up of the product settings panel tests: fake panels registered as servers of a group, and a
 * form reader that submits exactly what a browser would submit from the rendered page.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Container } from '../../../server/container.js';
import { createServerGroup } from '../../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../../server/domain/catalogue/servers.js';
import type { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';

/** A page timeout short enough for tests, long enough for a loaded CI machine to answer on loopback. */
export const TEST_PAGE_TIMEOUT_MS = 400;

/** A group whose enabled servers point at the given fake panels (in that order), named as given. */
export async function groupOfPanels(c: Container, groupName: string, panels: { name: string; panel: FakePanel }[]) {
  const group = await createServerGroup(c.deps, { name: groupName });
  const servers = [];
  for (const { name, panel } of panels) {
    servers.push(await createServer(c.deps, {
      name, hostname: '127.0.0.1', port: panel.port, server_group_id: group.id, api_token: panel.token,
      response_timeout_ms: TEST_PAGE_TIMEOUT_MS, connect_timeout_ms: TEST_PAGE_TIMEOUT_MS,
    }));
  }
  return { group, servers };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#34;': '"', '&#39;': "'", '&quot;': '"' };

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#34|#39);/g, (m) => ENTITIES[m]);
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeHtml(m[1]) : null;
}

/** The part of a page that is the settings form. */
export function settingsFormHtml(html: string): string {
  const start = html.indexOf('<form method="post" action="/admin/plugins/puqvpncp/products/');
  if (start < 0) throw new Error('no PUQ VPNcp settings form on the page');
  return html.slice(start, html.indexOf('</form>', start));
}

/**
 * What submitting the settings form sends, in document order: text and hidden inputs, ticked checkboxes and
 * selected options (the CSRF token included). Inputs inside <template> are not part of the form.
 */
export function formFields(html: string): [string, string][] {
  const form = settingsFormHtml(html).replace(/<template[\s\S]*?<\/template>/g, '');
  const fields: [string, string][] = [];
  for (const m of form.matchAll(/<input\b[^>]*>|<select\b[^>]*>[\s\S]*?<\/select>/g)) {
    const tag = m[0];
    const name = attr(tag, 'name');
    if (name === null) continue;
    if (tag.startsWith('<select')) {
      const selected = /<option value="([^"]*)"\s+selected/.exec(tag) ?? /<option value="([^"]*)"/.exec(tag);
      fields.push([name, unescapeHtml(selected?.[1] ?? '')]);
      continue;
    }
    const type = attr(tag, 'type') ?? 'text';
    if (type === 'checkbox') {
      if (/\schecked(\s|>)/.test(tag)) fields.push([name, attr(tag, 'value') ?? 'on']);
    } else {
      fields.push([name, attr(tag, 'value') ?? '']);
    }
  }
  return fields;
}

/** Replaces (or with undefined, removes) every field of a name; adds it when absent. */
export function setField(fields: [string, string][], name: string, value: string | undefined): [string, string][] {
  const rest = fields.filter(([n]) => n !== name);
  return value === undefined ? rest : [...rest, [name, value]];
}

/** The fields as an application/x-www-form-urlencoded body. */
export function encodeForm(fields: [string, string][]): string {
  return new URLSearchParams(fields).toString();
}

/** A fresh Ed25519 key pair as PEM, for minting test licences. */
export function licenceKeyPair(): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}
