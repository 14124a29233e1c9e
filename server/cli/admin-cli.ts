/**
 * The admin CLI (admin-api.md): npm run admin -- <command> [--flag value …]
 * Commands: create-admin, create-token, list-tokens, revoke-token. Later capabilities add their own.
 */
import { loadConfig } from '../config/load-config.js';
import { buildContainer } from '../container.js';
import { createDb, migrateLatest } from '../db/create-db.js';
import { AppError, ConfigError } from '../errors.js';
import { CLI_COMMANDS } from './commands.js';

/** Parses "--name value" pairs; a flag without a value is "true". */
export function parseFlags(args: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) throw new AppError(2, 'usage', `unexpected argument "${arg}"`);
    const next = args[i + 1];
    if (next === undefined || next.startsWith('--')) flags[arg.slice(2)] = 'true';
    else {
      flags[arg.slice(2)] = next;
      i++;
    }
  }
  return flags;
}

function usage(): string {
  return ['usage: npm run admin -- <command> [options]', ...Object.entries(CLI_COMMANDS).map(([name, cmd]) => `  ${name} ${cmd.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? CLI_COMMANDS[name] : undefined;
  if (!command) {
    console.error(name ? `unknown command "${name}"\n${usage()}` : usage());
    return 2;
  }
  const config = loadConfig();
  if ('runStandalone' in command) {
    await command.runStandalone(config, parseFlags(rest), (line) => console.log(line));
    return 0;
  }
  const db = createDb(config.databaseUrl);
  try {
    await migrateLatest(db);
    const c = await buildContainer(config, db);
    await command.run(c, parseFlags(rest), (line) => console.log(line));
    return 0;
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) for (const line of err.problems) console.error(`config error: ${line}`);
    else if (err instanceof AppError) {
      console.error(`error: ${err.message}`);
      for (const [field, message] of Object.entries(err.fields ?? {})) console.error(`  --${field.replace(/_/g, '-')}: ${message}`);
    } else console.error(`error: ${(err as Error).message}`);
    process.exit(err instanceof AppError && err.code === 'usage' ? 2 : 1);
  },
);
