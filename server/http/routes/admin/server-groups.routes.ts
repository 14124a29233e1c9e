/**
 * Admin pages for server groups.
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { createServerGroup, renameServerGroup } from '../../../domain/catalogue/server-groups.js';
import { deleteServerGroup } from '../../../domain/catalogue/deletion.js';
import { AppError, NotFoundError } from '../../../errors.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { serverGroupSchema } from '../../schemas/catalogue.schema.js';
import { idParam, submitForm } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';

/** Builds the /admin/server-groups router. */
export function serverGroupsPages(c: Container): Router {
  const router = Router();
  const listView = async () => ({ view: 'admin/server-groups/list', locals: { title: 'Server groups', groups: await c.repos.serverGroups.list() } });
  router.get('/', async (_req, res) => {
    const { view, locals } = await listView();
    res.render(view, { ...locals, values: {}, errors: {} });
  });
  router.post('/', (req, res) =>
    submitForm(req, res, listView, async () => {
      const group = await createServerGroup(c.deps, parseOrThrow(serverGroupSchema, req.body));
      setNotice(req, `Server group "${group.name}" created.`);
      return '/admin/server-groups';
    }),
  );
  router.get('/:id', async (req, res) => {
    const group = await c.repos.serverGroups.findById(idParam(req));
    if (!group) throw new NotFoundError('No such server group');
    res.render('admin/server-groups/edit', { title: group.name, group, values: group, errors: {} });
  });
  router.post('/:id', async (req, res) => {
    const group = await c.repos.serverGroups.findById(idParam(req));
    if (!group) throw new NotFoundError('No such server group');
    await submitForm(req, res, async () => ({ view: 'admin/server-groups/edit', locals: { title: group.name, group } }), async () => {
      await renameServerGroup(c.deps, group.id, parseOrThrow(serverGroupSchema, req.body));
      setNotice(req, 'Server group saved.');
      return '/admin/server-groups';
    });
  });
  router.post('/:id/delete', async (req, res) => {
    const id = idParam(req);
    try {
      await deleteServerGroup(c.deps, id);
      setNotice(req, 'Server group deleted.');
      return res.redirect('/admin/server-groups');
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404) throw err;
      setNotice(req, err.message, 'error');
      return res.redirect(`/admin/server-groups/${id}`);
    }
  });
  return router;
}
