/**
 * The shape of an admin CLI command: its usage line and a run that parses its flags and calls one
 * domain command.
 */
import type { Container } from '../container.js';

export interface CliCommand {
  usage: string;
  run(c: Container, flags: Record<string, string>, print: (line: string) => void): Promise<void>;
}
