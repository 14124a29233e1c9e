/**
 * The shape of an admin CLI command: its usage line and a run that parses its flags and calls one
 * domain command. Most run over the wired portal; a standalone one (restore, which replaces the
 * database) gets only the configuration, so the CLI neither opens nor migrates the database first.
 */
import type { AppConfig } from '../config/load-config.js';
import type { Container } from '../container.js';

type Print = (line: string) => void;

export type CliCommand =
  | { usage: string; run(c: Container, flags: Record<string, string>, print: Print): Promise<void> }
  | { usage: string; runStandalone(config: Readonly<AppConfig>, flags: Record<string, string>, print: Print): Promise<void> };
