/**
 * The mail templates: views/mail/<kind>.html.ejs and <kind>.text.ejs, rendered with EJS (HTML escaped in
 * the HTML part; the text part writes values as they are). Compiled once outside development.
 */
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import type { MailTemplates } from '../domain/mail/compose-mail.js';
import { HOST_VIEWS_DIR } from '../http/view-engine.js';

export const MAIL_VIEWS_DIR = path.join(HOST_VIEWS_DIR, 'mail');

/**
 * Builds the renderer.
 * @param cache compile each template once (every configuration but development)
 */
export function mailTemplates(cache: boolean): MailTemplates {
  const render = (file: string, locals: Record<string, unknown>) => ejs.renderFile(path.join(MAIL_VIEWS_DIR, file), locals, { root: HOST_VIEWS_DIR, cache, compileDebug: !cache });
  return {
    async render(kind, locals) {
      const [html, text] = await Promise.all([render(`${kind}.html.ejs`, locals), render(`${kind}.text.ejs`, locals)]);
      // blank lines left by the template's own tags are folded, so the text part reads as written
      return { html, text: text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim() + '\n' };
    },
  };
}

/** True when both templates of a kind exist (checked at start for every kind the portal sends). */
export function hasTemplates(kind: string): boolean {
  return ['html', 'text'].every((part) => fs.existsSync(path.join(MAIL_VIEWS_DIR, `${kind}.${part}.ejs`)));
}
