/**
 * The settings panel's admin routes (mounted at /admin/plugins/puqvpncp; admin login and CSRF enforced by
 * the host): save the whole settings form and preview a client name rule.
 */
import type { Request, Response, Router } from 'express';
import { NotFoundError, ValidationError, type PluginHost, type ProductRecord } from '../../../../server/plugins/plugin-api.js';
import { previewClientName } from '../client-name.js';
import { MODULE_TYPE } from '../provisioner.js';
import { productPanelView, type SettingsPanelParts } from './panel-view.js';
import { documentFromForm, formFromBody } from './settings-form.js';

/** Longest rule the preview endpoint looks at; the schema refuses far shorter results anyway. */
const MAX_PREVIEW_RULE = 1000;

/** Adds the panel's routes to the plugin's admin router. */
export function mountProductPanelRoutes(router: Router, host: PluginHost, parts: SettingsPanelParts): void {
  router.post('/products/:id/settings', async (req, res) => {
    const product = await moduleProduct(host, req);
    const form = formFromBody(req.body);
    try {
      const saved = await host.data.saveProductConfig(product.id, documentFromForm(form));
      // the settings document before and after: the audit row keeps what changed, not the whole form
      host.audit(res, { before: product.config, after: saved.config });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const panel = await productPanelView(host, parts, product, { form, errors: err.fields ?? {}, message: err.message });
      res.status(422).render('admin/product-config-page', { title: product.name, product: { id: product.id, name: product.name }, panel });
      return;
    }
    host.notice(req, 'PUQ VPNcp settings saved.');
    res.redirect(`/admin/products/${product.id}#puqvpncp-settings`);
  });

  router.get('/client-name-preview.json', (req: Request, res: Response) => {
    const rule = typeof req.query.rule === 'string' ? req.query.rule : '';
    res.json(rule.length > MAX_PREVIEW_RULE ? { ok: false, error: 'is too long' } : previewClientName(rule));
  });
}

/** The product named by the route, when it uses this module. */
async function moduleProduct(host: PluginHost, req: Request): Promise<ProductRecord> {
  const raw = String(req.params.id);
  const product = /^\d{1,9}$/.test(raw) ? await host.data.product(Number(raw)) : null;
  if (!product || product.module !== MODULE_TYPE) throw new NotFoundError('No such PUQ VPNcp product');
  return product;
}
