/**
 * Text in a PDF (pdfkit) in a right-to-left language. pdfkit lays out a line as one run and fontkit
 * shapes and orders that run by the script of its first letter, so a Persian line with "VPN" or a number
 * in it would come out jumbled. A right-to-left text is therefore set word by word from the right edge:
 * a Persian word is shaped and ordered by fontkit (its script is Arabic), a Latin word stays as it is,
 * and a number in Persian digits, which fontkit would turn round like a word, is turned round first.
 * Left-to-right languages keep pdfkit's own text().
 */

/** What the helper needs of a pdfkit document. */
export interface PdfWriter {
  text(text: string, x: number, y: number, options?: Record<string, unknown>): unknown;
  widthOfString(text: string): number;
  currentLineHeight(includeGap?: boolean): number;
  y: number;
}

const ARABIC_LETTER = /[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f]/;
const ARABIC_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/;

/** A word as it must be handed to fontkit so that it reads right in a right-to-left line. */
export function rtlWord(word: string): string {
  if (ARABIC_LETTER.test(word) || !ARABIC_DIGIT.test(word)) return word;
  // a number (with its separators, a sign or a currency) reads left to right even in Persian
  return [...word].reverse().join('');
}

/** The lines a text wraps into within `width`, word by word, in reading order. */
export function wrapWords(doc: Pick<PdfWriter, 'widthOfString'>, text: string, width: number): string[][] {
  const lines: string[][] = [];
  const space = doc.widthOfString(' ');
  for (const paragraph of text.split('\n')) {
    let line: string[] = [];
    let used = 0;
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      const w = doc.widthOfString(word);
      if (line.length > 0 && used + space + w > width) {
        lines.push(line);
        line = [];
        used = 0;
      }
      used += (line.length > 0 ? space : 0) + w;
      line.push(word);
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Writes `text` in the box from `x` to `x + width` starting at `y`, in the page's direction.
 * @param options.align 'start' (default) or 'end' of the line, in the language's direction
 */
export function directedText(doc: PdfWriter, dir: 'ltr' | 'rtl', text: string, x: number, y: number, width: number, options: { align?: 'start' | 'end' } = {}): void {
  if (dir === 'ltr') {
    doc.text(text, x, y, { width, align: options.align === 'end' ? 'right' : 'left' });
    return;
  }
  const space = doc.widthOfString(' ');
  let top = y;
  for (const words of wrapWords(doc, text, width)) {
    const widths = words.map((w) => doc.widthOfString(w));
    const total = widths.reduce((a, b) => a + b, 0) + space * Math.max(0, words.length - 1);
    // start of a right-to-left line is its right edge
    let right = options.align === 'end' ? x + total : x + width;
    words.forEach((word, i) => {
      doc.text(rtlWord(word), right - widths[i], top, { lineBreak: false });
      right -= widths[i] + space;
    });
    top += doc.currentLineHeight(true);
  }
  doc.y = top;
}
