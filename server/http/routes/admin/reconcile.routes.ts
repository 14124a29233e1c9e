/**
 * The admin reconciliation page: the open findings grouped by kind and server, each with its repair, a
 * bulk repair per kind, "Run now" (all servers or one), the last runs, and auto-repair per kind.
 */
import { Router, type Request } from 'express';
import type { Container } from '../../../container.js';
import { readAutoRepair, saveAutoRepair } from '../../../domain/reconcile/auto-repair.js';
import { repairMany } from '../../../domain/reconcile/bulk-repair.js';
import { repairFinding } from '../../../domain/reconcile/repair-finding.js';
import { RECONCILE_JOB, reconcileNow } from '../../../domain/reconcile/run-reconciliation.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { AppError, ValidationError } from '../../../errors.js';
import { RECONCILE_CRON } from '../../../jobs/reconcile.job.js';
import { idParam, submitForm } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import { autoRepairSchema, bulkRepairSchema, reconcileRunSchema, repairSchema } from '../../schemas/reconcile.schema.js';
import { groupedFindings, sideText } from '../../view-models/reconcile-view.js';

/** Builds the /admin/reconcile router. */
export function reconcilePages(c: Container): Router {
  const router = Router();
  const page = async () => {
    const [findings, servers, clients, products, runs, auto] = await Promise.all([
      c.repos.reconcileFindings.listOpen(),
      c.repos.servers.list(),
      c.repos.users.list('client'),
      c.repos.products.list(),
      c.billing.jobRuns.recent(5, RECONCILE_JOB),
      readAutoRepair(c.repos),
    ]);
    const names = new Map(servers.map((s) => [s.id, s.name]));
    return {
      view: 'admin/reconcile/index',
      locals: { title: 'Reconciliation', groups: groupedFindings(findings, names), total: findings.length, servers, clients, products, runs, auto, cron: RECONCILE_CRON, sideText },
    };
  };
  // a refusal of the panel or a state conflict is said on the page; invalid values re-render it (422)
  const act = (req: Request, work: () => Promise<string>) => async () => {
    try {
      setNotice(req, await work());
    } catch (err) {
      if (err instanceof ValidationError || !(err instanceof AppError)) throw err;
      setNotice(req, err.message, 'error');
    }
    return '/admin/reconcile';
  };

  router.get('/', async (_req, res) => {
    const { view, locals } = await page();
    res.render(view, { ...locals, values: {}, errors: {} });
  });
  router.post('/run', (req, res) =>
    submitForm(req, res, page, act(req, async () => {
      const { server_id: serverId } = parseOrThrow(reconcileRunSchema, req.body);
      const result = await reconcileNow(c.reconcile, { serverId });
      const incomplete = result.servers.filter((s) => !s.complete).map((s) => `${s.serverName} (${s.error ?? s.problems.join('; ')})`);
      return `Reconciliation done: ${result.servers.length} server(s), ${result.findings.length} finding(s).${incomplete.length ? ` Not compared in full, so no "missing" findings from: ${incomplete.join(', ')}.` : ''}`;
    })),
  );
  router.post('/findings/:id/repair', (req, res) =>
    submitForm(req, res, page, act(req, async () => {
      const body = parseOrThrow(repairSchema, req.body);
      const outcome = await repairFinding(c.reconcile, idParam(req), { action: body.action, clientId: body.client_id, productId: body.product_id, confirm: body.confirm });
      if (!outcome.repaired) return `Finding #${outcome.finding.id} was already resolved (${outcome.finding.resolution ?? 'gone'}).`;
      return `Finding #${outcome.finding.id} repaired (${outcome.finding.resolution ?? ''}).`;
    })),
  );
  router.post('/repair', (req, res) =>
    submitForm(req, res, page, act(req, async () => {
      const body = parseOrThrow(bulkRepairSchema, req.body);
      const lines = await repairMany(c.reconcile, body.ids, body.confirm);
      const failed = lines.filter((l) => !l.ok);
      return `${lines.length - failed.length} of ${lines.length} finding(s) repaired.${failed.length ? ` Not repaired: ${failed.map((l) => `#${l.id} (${l.error ?? ''})`).join(', ')}.` : ''}`;
    })),
  );
  router.post('/auto-repair', (req, res) =>
    submitForm(req, res, page, act(req, async () => {
      const saved = await saveAutoRepair(c.repos, parseOrThrow(autoRepairSchema, req.body));
      const on = Object.entries(saved).filter(([, v]) => v).map(([k]) => k);
      return on.length ? `Auto-repair on for: ${on.join(', ')}.` : 'Auto-repair off for every kind.';
    })),
  );
  return router;
}
