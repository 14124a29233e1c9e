/**
 * Admin pages for products. Below the standard fields the product's module draws its own settings
 * section (the module's productSettingsView), which posts to the plugin's admin routes.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { createProduct, updateProduct } from '../../../domain/catalogue/products.js';
import { deleteProduct } from '../../../domain/catalogue/deletion.js';
import { AppError, NotFoundError } from '../../../errors.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { productSchema } from '../../schemas/catalogue.schema.js';
import { idParam, submitForm, withCheckboxes } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import type { ProductRecord } from '../../../domain/types.js';
import { pluginViews } from '../../view-files.js';
import { productPlanLocals } from '../../view-models/product-plan-form.js';
import { moduleNames } from '../../view-models/module-names.js';

/** Builds the /admin/products router. */
export function productsPages(c: Container): Router {
  const router = Router();
  const modules = () => c.deps.modules.types();
  const moduleViews = pluginViews(c.plugins.viewDirs);
  const moduleName = moduleNames(c.plugins.manifests);
  const formLocals = async (title: string, product: ProductRecord | null) => {
    const module = product ? c.deps.modules.provisioner(product.module) : null;
    const moduleSettings = moduleViews(product && module?.productSettingsView ? await module.productSettingsView(product) : null);
    const plan = product ? await productPlanLocals(c.repos, product.id) : null;
    return { view: 'admin/products/form', locals: { title, product, moduleSettings, plan, groups: await c.repos.serverGroups.list(), modules: modules(), moduleName } };
  };

  router.get('/', async (_req, res) => {
    res.render('admin/products/list', { title: 'Products', products: await c.repos.products.list(), moduleName });
  });
  router.get('/new', async (_req, res) => {
    const { view, locals } = await formLocals('New product', null);
    res.render(view, { ...locals, values: { module: modules()[0] ?? '' }, errors: {} });
  });
  router.post('/', (req, res) =>
    submitForm(req, res, () => formLocals('New product', null), async () => {
      const product = await createProduct(c.deps, parseOrThrow(productSchema.omit({ config: true }), withCheckboxes(req.body, ['auto_provision'])));
      setNotice(req, `Product "${product.name}" created. Configure its module settings below.`);
      return `/admin/products/${product.id}`;
    }),
  );
  router.get('/:id', async (req, res) => {
    const product = await c.repos.products.findById(idParam(req));
    if (!product) throw new NotFoundError('No such product');
    const { view, locals } = await formLocals(product.name, product);
    res.render(view, { ...locals, values: { name: product.name, server_group_id: product.serverGroupId, module: product.module, auto_provision: await c.repos.products.autoProvision(product.id) }, errors: {} });
  });
  router.post('/:id', async (req, res) => {
    const product = await c.repos.products.findById(idParam(req));
    if (!product) throw new NotFoundError('No such product');
    await submitForm(req, res, () => formLocals(product.name, product), async () => {
      const input = parseOrThrow(productSchema.omit({ config: true, module: true }), withCheckboxes(req.body, ['auto_provision']));
      await updateProduct(c.deps, product.id, input);
      setNotice(req, 'Product saved.');
      return `/admin/products/${product.id}`;
    });
  });
  router.post('/:id/delete', async (req, res) => {
    const id = idParam(req);
    try {
      await deleteProduct(c.deps, id);
      setNotice(req, 'Product deleted.');
      return res.redirect('/admin/products');
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404) throw err;
      setNotice(req, err.message, 'error');
      return res.redirect(`/admin/products/${id}`);
    }
  });
  return router;
}
