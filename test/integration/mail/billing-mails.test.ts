import { expect } from 'chai';
import { PDFParse } from 'pdf-parse';
import { useMailWorld } from './mail-world.js';

describe('billing mails through the outbox', () => {
  const w = useMailWorld();
  let invoice: { id: number; number: string; total_minor: number };

  before(async () => {
    await w.api('put', `/products/${w.productId}/pricing`).send({ monthly_price: '9.00', setup_fee: '1.00' }).expect(200);
    await w.activeService();
    w.now = new Date('2027-01-02T07:00:00Z');
    const res = await w.api('post', '/invoices/generate').send({ period: '2026-12' }).expect(200);
    invoice = res.body.invoices.find((i: { client_id: number }) => i.client_id === w.client.id);
  });

  it('mails invoice_issued with the invoice\'s PDF attached, composed when it is delivered', async () => {
    expect(invoice.number).to.equal('2027-000001');
    await w.deliver();
    const [mail] = w.received((m) => m.parsed.subject?.includes('your invoice for 2026-12') ?? false);
    expect(mail, 'the invoice mail').to.not.equal(undefined);
    expect(mail.envelope.to).to.deep.equal([w.client.email]);
    expect(mail.parsed.text).to.contain(invoice.number).and.contain('due by 2027-01-16');
    const pdf = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).to.equal(`invoice-${invoice.number}.pdf`);
    const text = (await new PDFParse({ data: pdf!.content }).getText()).text;
    expect(text).to.contain(`Invoice ${invoice.number}`).and.contain(w.client.name).and.contain(`${(invoice.total_minor / 100).toFixed(2)} USD`);
  });

  it('mails payment_received for a payment, once however often it is sent', async () => {
    await w.api('post', `/invoices/${invoice.id}/payments`).send({ amount_minor: 100, reference: 'part-1' }).expect(201);
    await w.api('post', `/invoices/${invoice.id}/payments`).send({ amount_minor: 100, reference: 'part-1' }).expect(200);
    await w.deliver();
    const mails = w.received((m) => m.parsed.subject?.includes(`payment received for invoice ${invoice.number}`) ?? false);
    expect(mails).to.have.length(1);
    expect(mails[0].parsed.text).to.contain('1.00 USD').and.contain(`Still due on this invoice: ${((invoice.total_minor - 100) / 100).toFixed(2)} USD`);
  });

  it('mails invoice_overdue once, naming the services suspended because of it', async () => {
    await w.api('post', '/billing/dunning').send({ date: '2027-01-17' }).expect(200);
    await w.api('post', '/billing/dunning').send({ date: '2027-01-18' }).expect(200);
    await w.deliver();
    const mails = w.received((m) => m.parsed.subject?.includes(`invoice ${invoice.number} is overdue`) ?? false);
    expect(mails).to.have.length(1);
    expect(mails[0].parsed.text).to.contain('suspended until the invoice is paid');
    expect(w.received((m) => m.parsed.subject?.includes('is suspended') ?? false)).to.have.length(0);
  });
});
