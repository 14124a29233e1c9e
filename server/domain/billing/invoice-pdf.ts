/**
 * The PDF of an invoice (pdfkit), set in DejaVu Sans, shipped in assets/fonts, so every customer name
 * (Latin, Cyrillic, Greek, and more) renders, whatever fonts the host has. The document states what the
 * page states: number, status, seller and buyer as at issue, dates, lines, subtotal, tax, total, paid,
 * amount due and the rules the amounts were computed with.
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { PROJECT_ROOT } from '../../db/create-db.js';
import type { Invoice } from '../../repositories/invoices.repository.js';
import { BILLING_RULES_TEXT, formatMinor } from './money.js';

const FONT_FILES = { regular: path.join(PROJECT_ROOT, 'assets/fonts/DejaVuSans.ttf'), bold: path.join(PROJECT_ROOT, 'assets/fonts/DejaVuSans-Bold.ttf') };
/** The fonts' bytes, read once: every PDF (and every invoice mail) embeds a subset of them. */
let fonts: { regular: Buffer; bold: Buffer } | null = null;
const fontBytes = () => (fonts ??= { regular: fs.readFileSync(FONT_FILES.regular), bold: fs.readFileSync(FONT_FILES.bold) });
const LEFT = 50;
const WIDTH = 495;
/** x and width of the columns: description, days, unit price, amount */
const COLS = [
  { x: LEFT, w: 245 },
  { x: LEFT + 250, w: 40 },
  { x: LEFT + 295, w: 110 },
  { x: LEFT + 410, w: 85 },
];

/**
 * Renders the invoice.
 * @returns the PDF's bytes
 */
export function invoicePdf(inv: Invoice): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: LEFT, info: { Title: `Invoice ${inv.number}`, Author: inv.parties?.seller.name ?? '' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fontBytes().regular);
  doc.registerFont('bold', fontBytes().bold);
  const money = (minor: number) => formatMinor(minor, inv.currency);

  doc.font('bold').fontSize(20).text(`Invoice ${inv.number}`, LEFT, 50);
  const status = inv.status === 'paid' ? 'PAID' : inv.status === 'void' ? 'VOID' : 'OPEN';
  doc.font('bold').fontSize(14).fillColor(inv.status === 'open' ? '#b45309' : inv.status === 'paid' ? '#15803d' : '#6b7280').text(status, LEFT, 55, { width: WIDTH, align: 'right' });
  doc.fillColor('black');

  const top = 95;
  const seller = inv.parties?.seller;
  const buyer = inv.parties?.buyer;
  block(doc, 'From', [seller?.legalName ?? seller?.name ?? '', seller?.address ?? '', seller?.taxId ? `Tax id: ${seller.taxId}` : '', seller?.email ?? ''], LEFT, top);
  block(doc, 'Bill to', [buyer?.name ?? `Client #${inv.clientId}`, buyer?.email ?? '', `Customer #${inv.clientId}`], LEFT + 250, top);
  const factsTop = Math.max(doc.y, top + 70) + 10;
  block(doc, 'Details', [`Period: ${inv.period} (${inv.timeZone})`, `Issued: ${inv.issuedAt.slice(0, 10)}`, `Due: ${inv.dueDate}`], LEFT, factsTop);

  let y = doc.y + 16;
  doc.font('bold').fontSize(9);
  row(doc, ['Description', 'Days', 'Unit price', 'Amount'], y);
  y = doc.y + 4;
  doc.moveTo(LEFT, y).lineTo(LEFT + WIDTH, y).stroke();
  doc.font('regular').fontSize(9);
  for (const l of inv.lines) {
    y += 4;
    if (y > 740) {
      doc.addPage();
      y = 50;
    }
    const unit = l.unit_price === null ? '' : `${l.unit_price}${l.kind === 'usage' ? ' / GB' : l.kind === 'recurring' ? ' / month' : ''}`;
    const text = l.kind === 'usage' ? `#${l.service_id} ${l.description}: ${l.gb} GB, ${l.included_gb} included, ${l.billable_gb} billable` : `#${l.service_id} ${l.description}`;
    row(doc, [text, l.days_count === null ? '' : String(l.days_count), unit, money(l.amount_minor)], y);
    y = doc.y;
  }
  y += 6;
  doc.moveTo(LEFT, y).lineTo(LEFT + WIDTH, y).stroke();
  y += 6;
  const totals: [string, string, boolean][] = [
    ['Subtotal', money(inv.subtotalMinor), false],
    [`Tax (${inv.taxRate} %)`, money(inv.taxMinor), false],
    ['Total', money(inv.totalMinor), true],
    ['Paid', money(inv.paidMinor), false],
    ['Amount due', money(inv.status === 'open' ? inv.totalMinor - inv.paidMinor : 0), true],
  ];
  for (const [label, value, strong] of totals) {
    doc.font(strong ? 'bold' : 'regular').fontSize(10);
    doc.text(label, COLS[2].x, y, { width: COLS[2].w });
    doc.text(value, COLS[3].x, y, { width: COLS[3].w, align: 'right' });
    y = doc.y + 2;
  }
  doc.font('regular').fontSize(7.5).fillColor('#4b5563');
  doc.text(`${BILLING_RULES_TEXT} Recurring lines: round_half_up(monthly price × days ÷ days in the month). Tax: round_half_up(subtotal × rate ÷ 100).`, LEFT, y + 16, { width: WIDTH });
  doc.end();
  return done;
}

function block(doc: PDFKit.PDFDocument, title: string, lines: string[], x: number, y: number): void {
  doc.font('bold').fontSize(9).text(title, x, y, { width: 240 });
  doc.font('regular').fontSize(10);
  for (const line of lines.filter((l) => l !== '')) doc.text(line, x, doc.y, { width: 240 });
}

function row(doc: PDFKit.PDFDocument, cells: string[], y: number): void {
  let bottom = y;
  cells.forEach((cell, i) => {
    doc.text(cell, COLS[i].x, y, { width: COLS[i].w, align: i === 0 ? 'left' : 'right' });
    bottom = Math.max(bottom, doc.y);
  });
  doc.y = bottom;
}
