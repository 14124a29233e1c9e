/**
 * The admin API tokens (/admin/tokens, owners): list with role and last use, create (the token is shown
 * on that one answer, never again), revoke. The CLI's create-token, list-tokens and revoke-token do the same.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { generateApiToken, hashApiToken } from '../../../auth/api-token.js';
import type { Container } from '../../../container.js';
import { ADMIN_ROLES } from '../../../domain/types.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { NotFoundError, ValidationError } from '../../../errors.js';
import { knownSecrets } from '../../../security/mask-secrets.js';
import { noteAudit } from '../../middleware/audit-trail.js';
import { setNotice } from '../../middleware/page-locals.js';

const tokenSchema = z.object({
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is at most 100 characters'),
  role: z.enum(ADMIN_ROLES as ['owner', 'support'], { error: 'must be owner or support' }),
});
const revokeSchema = z.object({ name: tokenSchema.shape.name });

/** Builds the /admin/tokens router. */
export function tokensPages(c: Container): Router {
  const router = Router();
  const page = async (req: Request, res: Response, extra: { created?: string; failed?: ValidationError } = {}) => {
    res.set('Cache-Control', 'no-store');
    res.status(extra.failed ? 422 : extra.created ? 201 : 200).render('admin/tokens', {
      title: 'API tokens',
      tokens: await c.repos.apiTokens.list(),
      created: extra.created ?? null,
      values: extra.failed ? (req.body as Record<string, unknown>) : { role: 'owner' },
      errors: extra.failed?.fields ?? {},
      formError: extra.failed?.message,
    });
  };
  router.get('/', (req, res) => page(req, res));
  router.post('/', async (req, res) => {
    try {
      const { name, role } = parseOrThrow(tokenSchema, req.body);
      if (await c.repos.apiTokens.nameTaken(name)) throw new ValidationError({ name: 'is the name of another token' }, 'No token was created');
      const token = generateApiToken();
      knownSecrets.add(token);
      const info = await c.repos.apiTokens.create(name, hashApiToken(token), role);
      noteAudit(res, { entityId: info.id });
      await page(req, res, { created: token });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await page(req, res, { failed: err });
    }
  });
  router.post('/revoke', async (req, res) => {
    const { name } = parseOrThrow(revokeSchema, req.body);
    if (!(await c.repos.apiTokens.revoke(name))) throw new NotFoundError('No such token');
    noteAudit(res, { action: 'revoke' });
    setNotice(req, `Token "${name}" revoked: calls with it are refused from now on.`);
    res.redirect('/admin/tokens');
  });
  return router;
}
