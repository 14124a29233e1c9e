/**
 * Plans and invoices of the JSON admin API (admin-api.md "Plans, speed tiers and invoices"): product
 * pricing and speed tiers, a service's tier and product, one invoice and its PDF, payments, void, dunning.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { runDunning } from '../../../domain/billing/dunning.js';
import { invoicePdf } from '../../../domain/billing/invoice-pdf.js';
import { recordPayment, voidInvoice } from '../../../domain/billing/payments.js';
import { pricingJson, setProductPricing, setSpeedTiers, tierJson } from '../../../domain/billing/product-plans.js';
import { changeServiceProduct, changeServiceTier } from '../../../domain/services/change-service-plan.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { NotFoundError } from '../../../errors.js';
import { idParam } from '../../form.js';
import { jsonBody, optionalJsonBody } from '../../json-body.js';
import { dunningSchema, productChangeSchema, tierChangeSchema } from '../../schemas/billing.schema.js';
import { invoiceJson } from '../../view-models/invoice-view.js';
import { serviceJson, serviceOptionsOf } from '../../view-models/service-view.js';
import type { ServiceEntity } from '../../../repositories/services.repository.js';

/** Plan changes made through the API are recorded as the API's. */
const actor = () => ({ kind: 'admin' as const, name: 'api' });

/** Builds the plan and invoice routes of /api/admin. */
export function plansApiRoutes(c: Container): Router {
  const router = Router();
  const dunning = { billing: c.billing, lifecycle: c.lifecycleDeps };
  const serviceAnswer = async (service: ServiceEntity) => serviceJson(service, await serviceOptionsOf(c.deps, service));
  const invoiceAnswer = async (id: number) => {
    const invoice = await c.billing.invoices.findById(id);
    if (!invoice) throw new NotFoundError('No such invoice');
    return invoice;
  };

  router.get('/products/:id/pricing', async (req, res) => {
    const pricing = await c.repos.plans.pricing(idParam(req));
    if (!pricing) throw new NotFoundError('No such product');
    res.json({ pricing: pricingJson(pricing) });
  });
  router.put('/products/:id/pricing', async (req, res) => {
    res.json({ pricing: pricingJson(await setProductPricing(c.deps, idParam(req), jsonBody(req))) });
  });
  router.get('/products/:id/speed-tiers', async (req, res) => {
    const pricing = await c.repos.plans.pricing(idParam(req));
    if (!pricing) throw new NotFoundError('No such product');
    res.json({ tiers: (await c.repos.plans.tiers(pricing.productId)).map(tierJson), customer_can_change: pricing.customerCanChange });
  });
  router.put('/products/:id/speed-tiers', async (req, res) => {
    const result = await setSpeedTiers(c.deps, idParam(req), jsonBody(req));
    res.json({ tiers: result.tiers.map(tierJson), customer_can_change: result.customerCanChange });
  });

  router.put('/services/:id/tier', async (req, res) => {
    const { code } = parseOrThrow(tierChangeSchema, jsonBody(req));
    res.json(await serviceAnswer(await changeServiceTier(c.lifecycleDeps, idParam(req), code, actor())));
  });
  router.put('/services/:id/product', async (req, res) => {
    const { product_id } = parseOrThrow(productChangeSchema, jsonBody(req));
    res.json(await serviceAnswer(await changeServiceProduct(c.lifecycleDeps, idParam(req), product_id, actor())));
  });

  // before /invoices/:id, which would otherwise take "7.pdf" for an id
  router.get('/invoices/:id.pdf', async (req, res) => {
    const invoice = await invoiceAnswer(idParam(req));
    res.type('application/pdf').set('Content-Disposition', `inline; filename="invoice-${invoice.number}.pdf"`).send(await invoicePdf(invoice));
  });
  router.get('/invoices/:id', async (req, res) => {
    const invoice = await invoiceAnswer(idParam(req));
    res.json({ ...invoiceJson(invoice), payments: (await c.billing.invoices.payments(invoice.id)).map(paymentJson) });
  });
  router.post('/invoices/:id/payments', async (req, res) => {
    const result = await recordPayment(dunning, idParam(req), jsonBody(req));
    res.status(result.created ? 201 : 200).json({ payment: paymentJson(result.payment), invoice: invoiceJson(result.invoice) });
  });
  router.post('/invoices/:id/void', async (req, res) => {
    res.json({ invoice: invoiceJson(await voidInvoice(dunning, idParam(req))) });
  });
  router.post('/billing/dunning', async (req, res) => {
    const { date } = parseOrThrow(dunningSchema, optionalJsonBody(req));
    res.json(await runDunning(dunning, { date }));
  });
  return router;
}

/** A payment as the API answers it. */
export function paymentJson(p: { id: number; invoiceId: number; amountMinor: number; reference: string; paidAt: string; createdAt: string }) {
  return { id: p.id, invoice_id: p.invoiceId, amount_minor: p.amountMinor, reference: p.reference, paid_at: p.paidAt, created_at: p.createdAt };
}
