/**
 * VPN client names: the product's name rule (a template with macros) expanded for one service, the
 * collision suffix, and the checks the product settings use to refuse a rule before it is saved.
 * Pure: no panel, no database; randomness and time are injected.
 */
import { randomInt } from 'node:crypto';
import { ValidationError } from '../../../server/plugins/plugin-api.js';

/** Characters the panel accepts in a client or network name ("letters, numbers and '_', '-'"). */
const PANEL_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Longest name the project lets a rule produce, suffix included. The panel publishes no limit, so this
 * is the project's choice: long enough for any sensible rule, short enough for any file name or UI cell.
 */
export const MAX_PANEL_NAME_LENGTH = 64;

/** Room kept for the collision suffix ("-1" … "-999") when checking a rule's worst case. */
export const SUFFIX_RESERVE = 4;

/** Longest `N` in `{random_digit_N}` / `{random_letter_N}`. */
export const MAX_RANDOM_LENGTH = 32;

/** The rule a new product starts with (the original module's default). */
export const DEFAULT_CLIENT_NAME_RULE = 'vpn-{client_id}-{service_id}-{random_letter_4}';

/**
 * Widest expansion of each fixed macro. Ids are counted as 10 digits (2^32 rows), unixtime as
 * 10 digits (until the year 2286); this is what the worst-case length check assumes.
 */
const FIXED_MACROS: Record<string, number> = {
  client_id: 10, service_id: 10, unixtime: 10,
  year: 4, month: 2, day: 2, hour: 2, minute: 2, second: 2,
};

/** One piece of a parsed rule. */
export type RuleToken =
  | { kind: 'literal'; text: string }
  | { kind: 'macro'; name: string }
  | { kind: 'random'; alphabet: 'digit' | 'letter'; length: number };

/** Returns an integer in [0, maxExclusive); the default draws from node:crypto. */
export type RandomSource = (maxExclusive: number) => number;

/** What a rule is expanded with. */
export interface ClientNameInput {
  clientId: number;
  serviceId: number;
  now: Date;
  random?: RandomSource;
}

/**
 * Splits a rule into literals and macros, refusing anything the panel could not take.
 * @param rule the template, e.g. `vpn-{client_id}-{random_letter_4}`
 * @returns the tokens, or the first problem as a sentence fit to show beside the field
 */
export function parseClientNameRule(rule: string): { ok: true; tokens: RuleToken[] } | { ok: false; error: string } {
  if (rule.length === 0) return { ok: false, error: 'must not be empty' };
  const tokens: RuleToken[] = [];
  const re = /\{([^{}]*)\}|[^{}]+|[{}]/g;
  for (const m of rule.matchAll(re)) {
    if (m[1] !== undefined) {
      const token = macroToken(m[1]);
      if (typeof token === 'string') return { ok: false, error: token };
      tokens.push(token);
    } else if (m[0] === '{' || m[0] === '}') {
      return { ok: false, error: `has an unmatched "${m[0]}"` };
    } else if (!PANEL_NAME.test(m[0])) {
      const bad = [...m[0]].find((c) => !PANEL_NAME.test(c));
      return { ok: false, error: `contains "${bad}"; only letters, digits, "_" and "-" are allowed outside macros` };
    } else {
      tokens.push({ kind: 'literal', text: m[0] });
    }
  }
  const worst = worstCaseLength(tokens) + SUFFIX_RESERVE;
  if (worst > MAX_PANEL_NAME_LENGTH) {
    return { ok: false, error: `can produce names of ${worst} characters (suffix included); the limit is ${MAX_PANEL_NAME_LENGTH}` };
  }
  return { ok: true, tokens };
}

/** Maps the inside of `{…}` to a token, or to an error sentence. */
function macroToken(name: string): RuleToken | string {
  if (Object.hasOwn(FIXED_MACROS, name)) return { kind: 'macro', name };
  const random = /^random_(digit|letter)_(\d+)$/.exec(name);
  if (random) {
    const length = Number(random[2]);
    if (length < 1 || length > MAX_RANDOM_LENGTH) return `{${name}}: N must be between 1 and ${MAX_RANDOM_LENGTH}`;
    return { kind: 'random', alphabet: random[1] as 'digit' | 'letter', length };
  }
  return `has an unknown macro {${name}}`;
}

/** Longest name the tokens can expand to, before any collision suffix. */
function worstCaseLength(tokens: RuleToken[]): number {
  return tokens.reduce((n, t) => n + (t.kind === 'literal' ? t.text.length : t.kind === 'random' ? t.length : FIXED_MACROS[t.name]), 0);
}

/**
 * Explains why a rule cannot be used, for the product settings validation.
 * @returns the problem as a sentence, or null when the rule is usable
 */
export function clientNameRuleProblem(rule: string): string | null {
  const parsed = parseClientNameRule(rule);
  return parsed.ok ? null : parsed.error;
}

/**
 * Expands a rule for one service. Date macros use `now` in UTC so a name never depends on the host's zone.
 * @throws ValidationError (field `client_name_rule`) when the rule is unusable
 */
export function expandClientNameRule(rule: string, input: ClientNameInput): string {
  const parsed = parseClientNameRule(rule);
  if (!parsed.ok) throw new ValidationError({ client_name_rule: parsed.error }, `Client name rule ${parsed.error}`);
  const random = input.random ?? randomInt;
  const n = input.now;
  const values: Record<string, string> = {
    client_id: String(input.clientId), service_id: String(input.serviceId),
    unixtime: String(Math.floor(n.getTime() / 1000)),
    year: String(n.getUTCFullYear()).padStart(4, '0'), month: pad2(n.getUTCMonth() + 1), day: pad2(n.getUTCDate()),
    hour: pad2(n.getUTCHours()), minute: pad2(n.getUTCMinutes()), second: pad2(n.getUTCSeconds()),
  };
  return parsed.tokens.map((t) => {
    if (t.kind === 'literal') return t.text;
    if (t.kind === 'macro') return values[t.name];
    const alphabet = t.alphabet === 'digit' ? '0123456789' : 'abcdefghijklmnopqrstuvwxyz';
    return Array.from({ length: t.length }, () => alphabet[random(alphabet.length)]).join('');
  }).join('');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The n-th candidate for a name already taken by another service: base, base-1, base-2, …
 * @param n 0 for the base itself
 */
export function withSuffix(base: string, n: number): string {
  return n === 0 ? base : `${base}-${n}`;
}

/** Sample values of the live preview: the ids and time of the original module's documentation example. */
export const PREVIEW_SAMPLE = { clientId: 1, serviceId: 5547, now: new Date('2026-05-15T03:04:13Z') } as const;

/**
 * Expands a rule with fixed sample values so the admin sees what names will look like; random macros are
 * filled from a fixed sequence, so the preview does not flicker while typing (the default gives `vpn-1-5547-ifxt`).
 * @returns the sample name, or the reason the rule is refused
 */
export function previewClientName(rule: string): { ok: true; name: string } | { ok: false; error: string } {
  const problem = clientNameRuleProblem(rule);
  if (problem !== null) return { ok: false, error: problem };
  const sequences: Record<number, { text: string; at: number }> = {
    26: { text: 'ifxtqmbkrwzoajdhuenyvlcgsp', at: 0 },
    10: { text: '4817302965', at: 0 },
  };
  const fixed: RandomSource = (max) => {
    const seq = sequences[max];
    const letter = seq.text[seq.at++ % seq.text.length];
    return (max === 26 ? 'abcdefghijklmnopqrstuvwxyz' : '0123456789').indexOf(letter);
  };
  return { ok: true, name: expandClientNameRule(rule, { ...PREVIEW_SAMPLE, random: fixed }) };
}

/**
 * Whether the panel would accept this as a client or network name.
 * @returns true for 1–64 letters, digits, `_` or `-`
 */
export function isValidPanelName(name: string): boolean {
  return name.length <= MAX_PANEL_NAME_LENGTH && PANEL_NAME.test(name);
}
