/**
 * Admin forms for what is sold: a product's price and speed tiers (POSTed from the product page), a
 * service's tier and product (from the service page), and an invoice's payments, void and PDF (from the
 * invoice page), plus the dunning run of the billing page. Each redirects back with a notice saying what
 * happened or why nothing did.
 */
import { Router, type Request } from 'express';
import type { Container } from '../../../container.js';
import { runDunning } from '../../../domain/billing/dunning.js';
import { invoicePdf } from '../../../domain/billing/invoice-pdf.js';
import { recordPayment, voidInvoice } from '../../../domain/billing/payments.js';
import { parsePriceMinor } from '../../../domain/billing/prices.js';
import { addStandardTiers, setProductPricing, setSpeedTiers } from '../../../domain/billing/product-plans.js';
import { changeServiceProduct, changeServiceTier } from '../../../domain/services/change-service-plan.js';
import { AppError, NotFoundError } from '../../../errors.js';
import { idParam } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import { tiersFromForm } from '../../view-models/product-plan-form.js';

/** Runs a form's command; a refusal becomes the notice on the page it returns to. */
async function attempt(req: Request, done: () => Promise<string>): Promise<void> {
  try {
    setNotice(req, await done());
  } catch (err) {
    if (!(err instanceof AppError) || err instanceof NotFoundError) throw err;
    setNotice(req, `Not saved: ${err.fields ? Object.entries(err.fields).map(([k, v]) => `${k} ${v}`).join('; ') : err.message}`, 'error');
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Builds the routes, mounted at /admin. */
export function planPages(c: Container): Router {
  const router = Router();
  const dunning = { billing: c.billing, lifecycle: c.lifecycleDeps };
  const admin = (req: Request) => ({ kind: 'admin' as const, name: (req.user as { email?: string } | undefined)?.email ?? 'admin' });

  router.post('/products/:id/pricing', async (req, res) => {
    const id = idParam(req);
    await attempt(req, async () => {
      await setProductPricing(c.deps, id, { monthly_price: text(req.body?.monthly_price), setup_fee: text(req.body?.setup_fee) || '0' });
      return 'Pricing saved.';
    });
    res.redirect(303, `/admin/products/${id}#pricing`);
  });
  router.post('/products/:id/speed-tiers', async (req, res) => {
    const id = idParam(req);
    await attempt(req, async () => {
      await setSpeedTiers(c.deps, id, tiersFromForm(req.body));
      return 'Speed tiers saved.';
    });
    res.redirect(303, `/admin/products/${id}#speed-tiers`);
  });
  router.post('/products/:id/speed-tiers/standard', async (req, res) => {
    const id = idParam(req);
    await attempt(req, async () => {
      const added = await addStandardTiers(c.deps, id);
      return added === 0 ? 'Nothing to add: every standard tier exists.' : `Done: ${added} standard tier(s) added, priced 0 until you price them.`;
    });
    res.redirect(303, `/admin/products/${id}#speed-tiers`);
  });

  router.post('/services/:id/tier', async (req, res) => {
    const id = idParam(req);
    const code = text(req.body?.tier);
    await attempt(req, async () => {
      const service = await changeServiceTier(c.lifecycleDeps, id, code === '' ? null : code, admin(req));
      return `Tier set to ${service.tierCode ?? 'none (the product\'s caps)'}.`;
    });
    res.redirect(303, `/admin/services/${id}`);
  });
  router.post('/services/:id/product', async (req, res) => {
    const id = idParam(req);
    await attempt(req, async () => {
      const service = await changeServiceProduct(c.lifecycleDeps, id, Number(text(req.body?.product_id)) || 0, admin(req));
      return `Moved to product #${service.productId}.`;
    });
    res.redirect(303, `/admin/services/${id}`);
  });

  router.get('/billing/invoices/:id.pdf', async (req, res) => {
    const invoice = await c.billing.invoices.findById(idParam(req));
    if (!invoice) throw new NotFoundError('No such invoice');
    res.type('application/pdf').set('Content-Disposition', `inline; filename="invoice-${invoice.number}.pdf"`).send(await invoicePdf(invoice));
  });
  router.post('/billing/invoices/:id/payments', async (req, res) => {
    const id = idParam(req);
    const amount = text(req.body?.amount);
    await attempt(req, async () => {
      const result = await recordPayment(dunning, id, { amount_minor: parsePriceMinor(amount, 'amount'), reference: text(req.body?.reference), ...(text(req.body?.paid_at) ? { paid_at: text(req.body?.paid_at) } : {}) });
      return result.created ? `Payment ${result.payment.reference} recorded; the invoice is ${result.invoice.status}.` : `Payment ${result.payment.reference} was already recorded: nothing changed.`;
    });
    res.redirect(303, `/admin/billing/invoices/${id}`);
  });
  router.post('/billing/invoices/:id/void', async (req, res) => {
    const id = idParam(req);
    await attempt(req, async () => {
      const invoice = await voidInvoice(dunning, id);
      return `Invoice ${invoice.number} is void. Generate the month again to issue its replacement.`;
    });
    res.redirect(303, `/admin/billing/invoices/${id}`);
  });
  router.post('/billing/dunning', async (req, res) => {
    await attempt(req, async () => {
      const r = await runDunning(dunning, { date: text(req.body?.date) || undefined });
      return `Dunning for ${r.date}: ${r.suspended.length} suspended, ${r.unsuspended.length} reactivated, ${r.notified.length} customer(s) told, ${r.failed.length} failed.`;
    });
    res.redirect(303, '/admin/billing');
  });
  return router;
}
