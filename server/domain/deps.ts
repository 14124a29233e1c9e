/**
 * The collaborators domain commands receive, built once in the composition root (container.ts).
 * Only types are imported here, so the domain never loads knex or express.
 */
import type { ApiTokensRepository } from '../repositories/api-tokens.repository.js';
import type { ModuleLogRepository } from '../repositories/module-log.repository.js';
import type { ProductsRepository } from '../repositories/products.repository.js';
import type { ServerGroupsRepository } from '../repositories/server-groups.repository.js';
import type { ServersRepository } from '../repositories/servers.repository.js';
import type { ServicesRepository } from '../repositories/services.repository.js';
import type { SignInLimitsRepository } from '../repositories/sign-in-limits.repository.js';
import type { SessionsRepository } from '../repositories/sessions.repository.js';
import type { SettingsRepository } from '../repositories/settings.repository.js';
import type { UsersRepository } from '../repositories/users.repository.js';
import type { MailOutboxRepository } from '../repositories/mail-outbox.repository.js';
import type { UserTokensRepository } from '../repositories/user-tokens.repository.js';
import type { PlansRepository } from '../repositories/plans.repository.js';
import type { InvoicesRepository } from '../repositories/invoices.repository.js';
import type { QuotaRepository } from '../repositories/quota.repository.js';
import type { TwoFactorRepository } from '../repositories/two-factor.repository.js';
import type { AuditLogRepository } from '../repositories/audit-log.repository.js';
import type { WebhookDeliveriesRepository } from '../repositories/webhook-deliveries.repository.js';
import type { WebhookEndpointsRepository } from '../repositories/webhook-endpoints.repository.js';
import type { ReconcileFindingsRepository } from '../repositories/reconcile-findings.repository.js';
import type { ProvisioningModule, UsageMeter } from '../plugins/plugin-api.js';

export interface Repositories {
  users: UsersRepository;
  apiTokens: ApiTokensRepository;
  serverGroups: ServerGroupsRepository;
  servers: ServersRepository;
  products: ProductsRepository;
  services: ServicesRepository;
  moduleLog: ModuleLogRepository;
  settings: SettingsRepository;
  signInLimits: SignInLimitsRepository;
  sessions: SessionsRepository;
  mailOutbox: MailOutboxRepository;
  userTokens: UserTokensRepository;
  /** prices, speed tiers and each service's plan history (billing's; changed together with a service) */
  plans: PlansRepository;
  /** invoices, lines and payments (billing's; an invoice and its mail commit together) */
  invoices: InvoicesRepository;
  quotas: QuotaRepository;
  twoFactor: TwoFactorRepository;
  auditLog: AuditLogRepository;
  webhookEndpoints: WebhookEndpointsRepository;
  webhookDeliveries: WebhookDeliveriesRepository;
  reconcileFindings: ReconcileFindingsRepository;
}

/** Provisioning modules and usage meters contributed by plugins, by module type. */
export interface ModuleRegistry {
  provisioner(type: string): ProvisioningModule | null;
  meter(type: string): UsageMeter | null;
  types(): string[];
  /** the plugin that registered a module type: the namespace its texts are read from */
  owner(type: string): string | null;
}

/** What a command's transaction hands its work: every repository bound to that one transaction. */
export interface TransactionDeps {
  repos: Repositories;
  clock: () => Date;
}

export interface DomainDeps {
  repos: Repositories;
  modules: ModuleRegistry;
  clock: () => Date;
  /**
   * Runs `work` in one database transaction (a change and the mails it causes commit together). Inside
   * it use only `tx.repos`: on SQLite the transaction holds the one connection, so `deps.repos` would wait
   * for it forever. The cached page reads are dropped before and after, as for any write.
   */
  inTransaction<T>(work: (tx: TransactionDeps) => Promise<T>): Promise<T>;
}
