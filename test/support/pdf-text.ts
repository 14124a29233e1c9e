/**
 * The text of a pdfkit PDF as it is drawn: each text run's characters (through its font's ToUnicode
 * map), its position, in the order the page draws them. Enough to check what a PDF says and where,
 * without a PDF renderer: the runs of a line sorted by x are its visual order.
 */
import zlib from 'node:zlib';

export interface PdfRun {
  x: number;
  y: number;
  /** the run's characters in the order its glyphs are drawn (left to right) */
  text: string;
}

function streams(pdf: Buffer): Map<number, { dict: string; data: string }> {
  const body = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; data: string }>();
  for (const m of body.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const [dict, rest] = m[2].split(/stream\r?\n/, 2);
    let data = rest === undefined ? '' : rest.replace(/\r?\nendstream\s*$/, '');
    if (rest !== undefined && /\/FlateDecode/.test(dict)) data = zlib.inflateSync(Buffer.from(data, 'latin1')).toString('latin1');
    objects.set(Number(m[1]), { dict, data });
  }
  return objects;
}

function hexChars(hex: string): string {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

/** A ToUnicode CMap as code → characters. */
function cmapOf(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const from = parseInt(m[1], 16);
      const to = parseInt(m[2], 16);
      if (m[3].startsWith('[')) [...m[3].matchAll(/<([0-9a-fA-F]+)>/g)].forEach((h, i) => map.set(from + i, hexChars(h[1])));
      else for (let c = from, base = parseInt(m[3].slice(1, -1), 16); c <= to; c++) map.set(c, String.fromCharCode(base + c - from));
    }
  }
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(m[1], 16), hexChars(m[2]));
  return map;
}

/** Every text run of every page, in drawing order. */
export function pdfRuns(pdf: Buffer): PdfRun[] {
  const objects = streams(pdf);
  const fonts = new Map<string, Map<number, string>>();
  for (const { dict } of objects.values()) {
    const resources = /\/Font\s*<<([^>]*)>>/.exec(dict);
    if (!resources) continue;
    for (const m of resources[1].matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objects.get(Number(m[2]))?.dict ?? '';
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(font);
      if (toUnicode) fonts.set(m[1], cmapOf(objects.get(Number(toUnicode[1]))?.data ?? ''));
    }
  }
  const runs: PdfRun[] = [];
  for (const { data } of objects.values()) {
    if (!/\bBT\b/.test(data)) continue;
    let cmap = new Map<number, string>();
    let x = 0;
    let y = 0;
    for (const m of data.matchAll(/\/(\w+) [\d.]+ Tf|([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) Tm|\[([^\]]*)\] TJ|<([0-9a-fA-F]*)> Tj/g)) {
      if (m[1]) cmap = fonts.get(m[1]) ?? cmap;
      else if (m[2] !== undefined) [x, y] = [Number(m[6]), Number(m[7])];
      else {
        const hex = m[8] !== undefined ? [...m[8].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : m[9];
        let text = '';
        for (let i = 0; i + 4 <= hex.length; i += 4) text += cmap.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\ufffd';
        runs.push({ x, y, text });
      }
    }
  }
  return runs;
}

/** The whole text of a PDF, run after run. */
export function pdfText(pdf: Buffer): string {
  return pdfRuns(pdf).map((r) => r.text).join(' ');
}
