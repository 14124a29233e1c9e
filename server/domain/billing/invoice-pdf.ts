/**
 * The PDF of an invoice (pdfkit), set in DejaVu Sans, shipped in assets/fonts, so every customer name
 * (Latin, Cyrillic, Greek, Arabic script, and more) renders, whatever fonts the host has. The document
 * states what the page states: number, status, seller and buyer as at issue, dates, lines, subtotal,
 * tax, total, paid, amount due and the rules the amounts were computed with, in the customer's language
 * (a right-to-left language is laid out from the right, see server/i18n/pdf-text.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { PROJECT_ROOT } from '../../db/create-db.js';
import { directedText, type PdfWriter } from '../../i18n/pdf-text.js';
import type { Locale } from '../../plugins/plugin-api.js';
import type { Invoice, StoredLine } from '../../repositories/invoices.repository.js';

const FONT_FILES = { regular: path.join(PROJECT_ROOT, 'assets/fonts/DejaVuSans.ttf'), bold: path.join(PROJECT_ROOT, 'assets/fonts/DejaVuSans-Bold.ttf') };
/** The fonts' bytes, read once: every PDF (and every invoice mail) embeds a subset of them. */
let fonts: { regular: Buffer; bold: Buffer } | null = null;
const fontBytes = () => (fonts ??= { regular: fs.readFileSync(FONT_FILES.regular), bold: fs.readFileSync(FONT_FILES.bold) });
const LEFT = 50;
const WIDTH = 495;
/** x and width of the columns, left to right: description, days, unit price, amount (mirrored right to left) */
const COLS = [
  { x: LEFT, w: 245 },
  { x: LEFT + 250, w: 40 },
  { x: LEFT + 295, w: 110 },
  { x: LEFT + 410, w: 85 },
];

// DejaVu Sans has no Chinese, Japanese or Korean letters: a language written in them gets the English PDF
const NOT_IN_FONT = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

/**
 * The language an invoice PDF can be written in for a reader: theirs, or English when the PDF's font
 * cannot draw their script.
 */
export function pdfLocale(locale: Locale, english: Locale): Locale {
  return NOT_IN_FONT.test(locale.t('invoices.invoiceNo', { number: '' }) + locale.t('invoices.amountDue')) ? english : locale;
}

/** The page of one invoice, in one language and direction. */
interface Page {
  doc: PDFKit.PDFDocument;
  locale: Locale;
  /** writes text in the box from x (in left-to-right coordinates) of width w */
  cell(text: string, x: number, y: number, w: number, align?: 'start' | 'end'): void;
}

function page(doc: PDFKit.PDFDocument, locale: Locale): Page {
  const rtl = locale.dir === 'rtl';
  return {
    doc,
    locale,
    cell(text, x, y, w, align = 'start') {
      // a right-to-left page mirrors its boxes: the first column is the right-most
      directedText(doc as unknown as PdfWriter, locale.dir, text, rtl ? LEFT + WIDTH - (x - LEFT) - w : x, y, w, { align });
    },
  };
}

/**
 * Renders the invoice.
 * @param locale the language of the reader (the customer's; English for admins)
 * @returns the PDF's bytes
 */
export function invoicePdf(inv: Invoice, locale: Locale): Promise<Buffer> {
  const t = locale.t;
  const doc = new PDFDocument({ size: 'A4', margin: LEFT, lang: locale.lang, info: { Title: t('invoices.invoiceNo', { number: inv.number }), Author: inv.parties?.seller.name ?? '' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fontBytes().regular);
  doc.registerFont('bold', fontBytes().bold);
  const p = page(doc, locale);
  const money = (minor: number) => locale.money(minor, inv.currency);

  doc.font('bold').fontSize(20);
  p.cell(t('invoices.invoiceNo', { number: inv.number }), LEFT, 50, 300);
  const status = t(inv.status === 'paid' ? 'invoices.statusPaid' : inv.status === 'void' ? 'invoices.statusVoid' : 'invoices.statusOpen');
  doc.font('bold').fontSize(14).fillColor(inv.status === 'open' ? '#b45309' : inv.status === 'paid' ? '#15803d' : '#6b7280');
  p.cell(status, LEFT + 300, 55, WIDTH - 300, 'end');
  doc.fillColor('black');

  const top = 95;
  const seller = inv.parties?.seller;
  const buyer = inv.parties?.buyer;
  block(p, t('invoices.from'), [seller?.legalName ?? seller?.name ?? '', seller?.address ?? '', seller?.taxId ? t('invoices.taxId', { id: seller.taxId }) : '', seller?.email ?? ''], LEFT, top);
  const sellerBottom = doc.y;
  block(p, t('invoices.billTo'), [buyer?.name ?? t('invoices.customerNo', { id: inv.clientId }), buyer?.email ?? '', t('invoices.customerNo', { id: inv.clientId })], LEFT + 250, top);
  const factsTop = Math.max(doc.y, sellerBottom, top + 70) + 10;
  block(p, t('invoices.details'), [t('invoices.periodOf', { period: locale.month(inv.period), zone: inv.timeZone }), t('invoices.issuedOn', { date: locale.date(inv.issuedAt) }), t('invoices.dueOn', { date: locale.date(inv.dueDate) })], LEFT, factsTop);

  let y = doc.y + 16;
  doc.font('bold').fontSize(9);
  y = row(p, [t('invoices.description'), t('invoices.daysCol'), t('invoices.unitPrice'), t('invoices.amount')], y);
  y += 4;
  doc.moveTo(LEFT, y).lineTo(LEFT + WIDTH, y).stroke();
  doc.font('regular').fontSize(9);
  for (const l of inv.lines) {
    y += 4;
    if (y > 740) {
      doc.addPage();
      y = 50;
    }
    y = row(p, [lineText(l, locale), l.days_count === null ? '' : locale.number(l.days_count), unitText(l, inv.currency, locale), money(l.amount_minor)], y);
  }
  y += 6;
  doc.moveTo(LEFT, y).lineTo(LEFT + WIDTH, y).stroke();
  y += 6;
  const totals: [string, string, boolean][] = [
    [t('invoices.subtotal'), money(inv.subtotalMinor), false],
    [t('invoices.tax', { rate: locale.decimal(String(inv.taxRate)) }), money(inv.taxMinor), false],
    [t('invoices.total'), money(inv.totalMinor), true],
    [t('invoices.paid'), money(inv.paidMinor), false],
    [t('invoices.amountDue'), money(inv.status === 'open' ? inv.totalMinor - inv.paidMinor : 0), true],
  ];
  for (const [label, value, strong] of totals) {
    doc.font(strong ? 'bold' : 'regular').fontSize(10);
    p.cell(label, COLS[2].x, y, COLS[2].w);
    p.cell(value, COLS[3].x, y, COLS[3].w, 'end');
    y = doc.y + 2;
  }
  doc.font('regular').fontSize(7.5).fillColor('#4b5563');
  p.cell(`${t('invoices.maths')} ${t('invoices.recurringRules')}`, LEFT, y + 16, WIDTH);
  doc.end();
  return done;
}

/** A line's description with its figures, in the reader's language. */
function lineText(l: StoredLine, locale: Locale): string {
  const at = l.description.lastIndexOf(': ');
  const name = at > 0 ? l.description.slice(0, at) : l.description;
  if (l.kind === 'usage') {
    const what = locale.t('invoices.lineUsage', { name, metric: locale.t(l.metric === 'upload' ? 'invoices.metricUpload' : 'invoices.metricDownload') });
    const figures = `${locale.gb(String(l.gb ?? '0'))}, ${locale.gb(String(l.included_gb ?? 0))} / ${locale.gb(String(l.billable_gb ?? '0'))}`;
    return `#${l.service_id} ${what}: ${figures}`;
  }
  if (l.kind === 'setup') return `#${l.service_id} ${locale.t('invoices.lineSetup', { name })}`;
  const days = /(\d+) of (\d+) days$/.exec(l.description);
  return `#${l.service_id} ${days ? locale.t('invoices.lineRecurring', { name, count: locale.number(Number(days[1])), days: locale.number(Number(days[2])) }) : l.description}`;
}

function unitText(l: StoredLine, currency: string, locale: Locale): string {
  if (l.unit_price === null) return '';
  const price = locale.price(String(l.unit_price), currency);
  return l.kind === 'usage' ? locale.t('invoices.perGb', { price }) : l.kind === 'recurring' ? locale.t('invoices.perMonth', { price }) : price;
}

function block(p: Page, title: string, lines: string[], x: number, y: number): void {
  p.doc.font('bold').fontSize(9);
  p.cell(title, x, y, 240);
  p.doc.font('regular').fontSize(10);
  for (const line of lines.filter((l) => l !== '')) p.cell(line, x, p.doc.y, 240);
}

/** One row of the lines table; @returns the y below its tallest cell */
function row(p: Page, cells: string[], y: number): number {
  let bottom = y;
  cells.forEach((cell, i) => {
    p.cell(cell, COLS[i].x, y, COLS[i].w, i === 0 ? 'start' : 'end');
    bottom = Math.max(bottom, p.doc.y);
  });
  p.doc.y = bottom;
  return bottom;
}
