/**
 * The domain's and the schemas' messages as a customer reads them. The domain writes its messages in
 * English for the admin API and the logs; the customer forms show them through this table, which names
 * the text of each one the customer pages can meet. A message not listed is shown as written.
 */
import type { Locale } from './locale.js';

type Rule = [RegExp, string, (m: RegExpExecArray) => Record<string, string | number>];

const none = () => ({});
const RULES: readonly Rule[] = [
  [/^Email is required$/, 'validation.emailRequired', none],
  [/^Email is at most 254 characters$/, 'validation.emailTooLong', none],
  [/^Email is not a valid address$/, 'validation.emailInvalid', none],
  [/^Password is required$/, 'validation.passwordRequired', none],
  [/^Password must have at least (\d+) characters$/, 'validation.passwordTooShort', (m) => ({ count: Number(m[1]) })],
  [/^Password is at most 200 characters$/, 'validation.passwordTooLong', none],
  [/^Type the password again$/, 'validation.typeAgain', none],
  [/^Your current password is required$/, 'validation.currentRequired', none],
  [/^The two passwords differ$/, 'validation.passwordsDiffer', none],
  [/^Name is required$/, 'validation.nameRequired', none],
  [/^Name is at most 200 characters$/, 'validation.nameTooLong', none],
  [/^is not your current password$/, 'validation.notCurrentPassword', none],
  [/^is already your email address$/, 'validation.alreadyYourEmail', none],
  [/^is used by another account$/, 'validation.emailTaken', none],
  [/^(.+) is now used by another account$/, 'validation.emailNowTaken', (m) => ({ email: m[1] })],
  [/^The password was not changed$/, 'validation.passwordNotChanged', none],
  [/^The email was not changed$/, 'validation.emailNotChanged', none],
  [/^Wrong email or password\.$/, 'validation.wrongCredentials', none],
  [/^Too many failed sign-ins\. Try again in (\d+) minutes?\.$/, 'validation.tooManySignIns', (m) => ({ count: Number(m[1]) })],
  [/^Too many reset requests\. Try again in (\d+) minutes?\.$/, 'validation.tooManyResets', (m) => ({ count: Number(m[1]) })],
  [/^Some values are invalid$/, 'errors.invalid', none],
  [/^Choose one of the languages listed$/, 'validation.languageUnknown', none],
  [/^is not the code your app shows now \(check the phone's clock\)$/, 'twoFactor.codeNotNow', none],
  [/^Two-factor sign-in was not turned on$/, 'twoFactor.notTurnedOn', none],
  [/^Two-factor sign-in stays on$/, 'twoFactor.staysOn', none],
  [/^is not a current code or an unused recovery code$/, 'twoFactor.codeUnknown', none],
  [/^Wrong code\.$/, 'twoFactor.wrongCode', none],
  [/^Too many wrong codes\. Try again in (\d+) minutes?\.$/, 'twoFactor.tooManyCodes', (m) => ({ count: Number(m[1]) })],
];

/**
 * A message in the customer's language.
 * @returns its text, or the message as written when the table does not know it
 */
export function customerText(locale: Locale, message: string): string {
  for (const [pattern, key, values] of RULES) {
    const m = pattern.exec(message);
    if (m) return locale.t(key, values(m));
  }
  return message;
}

/** Each field's message in the customer's language. */
export function customerFields(locale: Locale, fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, customerText(locale, v)]));
}
