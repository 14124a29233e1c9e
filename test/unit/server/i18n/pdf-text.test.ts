import path from 'node:path';
import { expect } from 'chai';
import PDFDocument from 'pdfkit';
import { PROJECT_ROOT } from '../../../../server/db/create-db.js';
import { directedText, rtlWord } from '../../../../server/i18n/pdf-text.js';
import { pdfRuns } from '../../../support/pdf-text.js';

// the invoices' own font (assets/fonts), which has the Arabic script's letters
const FONT = path.join(PROJECT_ROOT, 'assets/fonts/DejaVuSans.ttf');

function render(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('regular', FONT);
  doc.font('regular').fontSize(12);
  draw(doc);
  doc.end();
  return done;
}

const ARABIC = /[\u0620-\u06d5]/;
// a combining mark (the hamza of "شمارهٔ") is drawn as a run of its own, the joiner as a space glyph
const MARK_ONLY = /^[\u064b-\u065f\u0670]+$/;
const bare = (s: string) => s.replace(/[\u064b-\u065f\u0670]/g, '').replace(/\u200c/g, ' ');
/** A right-to-left line read back: runs from the right, each Persian word's glyphs back in reading order. */
const readRtl = (runs: { x: number; text: string }[]) => [...runs].filter((r) => !MARK_ONLY.test(r.text)).sort((a, b) => b.x - a.x).map((r) => (ARABIC.test(r.text) ? [...r.text].reverse().join('') : r.text)).join(' ');

describe('right-to-left text in a PDF', () => {
  it('turns round a number in Persian digits only', () => {
    expect(rtlWord('۲۰۲۶')).to.equal('۶۲۰۲');
    expect(rtlWord('۱٬۲۳۴٫۵۶')).to.equal('۶۵٫۴۳۲٬۱');
    expect(rtlWord('صورت‌حساب')).to.equal('صورت‌حساب');
    expect(rtlWord('VPN')).to.equal('VPN');
  });

  it('sets a Persian line word by word from the right edge, Latin words and numbers reading left to right', async () => {
    const line = 'صورت‌حساب VPN شمارهٔ ۱۲ برای نوامبر ۲۰۲۶';
    const pdf = await render((doc) => directedText(doc as never, 'rtl', line, 50, 100, 495));
    const runs = pdfRuns(pdf).filter((r) => !MARK_ONLY.test(r.text));
    expect(runs).to.have.length(7);
    // the first word is at the right edge, the last at the left
    const byX = [...runs].sort((a, b) => b.x - a.x);
    expect([...byX[0].text].reverse().join('')).to.equal(bare('صورت‌حساب'));
    expect(byX[6].text).to.equal('۲۰۲۶');
    expect(readRtl(runs)).to.equal(bare(line));
  });

  it('wraps a long right-to-left text onto lines that each start at the right', async () => {
    const text = Array.from({ length: 30 }, (_, i) => (i % 2 ? 'ترافیک' : 'روزانه')).join(' ');
    const pdf = await render((doc) => directedText(doc as never, 'rtl', text, 50, 100, 200));
    const rows = [...new Set(pdfRuns(pdf).map((r) => r.y))];
    expect(rows.length).to.be.above(2);
    for (const y of rows) expect(Math.max(...pdfRuns(pdf).filter((r) => r.y === y).map((r) => r.x))).to.be.above(180);
  });

  it('leaves a left-to-right text to pdfkit', async () => {
    const pdf = await render((doc) => directedText(doc as never, 'ltr', 'Счёт № 12', 50, 100, 495));
    expect(pdfRuns(pdf).map((r) => r.text).join('')).to.equal('Счёт № 12');
  });
});
