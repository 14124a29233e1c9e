/**
 * Passport wiring only: one local strategy per role, each calling the domain's authenticateUser.
 * A new Passport per app keeps two apps in one process (tests) apart.
 */
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { AppError, TooManyRequestsError } from '../errors.js';
import type { DomainDeps } from '../domain/deps.js';
import { authenticateUser } from '../domain/users/authenticate-user.js';
import type { SignInRules } from '../domain/users/login-policy.js';
import type { Role, User } from '../domain/types.js';

export type PassportInstance = InstanceType<typeof Passport>;

/** Why a sign-in was refused, as the form shows it. */
export interface SignInRefusal {
  message: string;
  status: number;
  retryAfterSeconds?: number;
}

/** Builds the Passport instance with the "client" and "admin" strategies. */
export function createPassport(deps: DomainDeps, rules: SignInRules): PassportInstance {
  const passport = new Passport();
  for (const role of ['client', 'admin'] as Role[]) {
    passport.use(
      role,
      new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, email, password, done) => {
        authenticateUser(deps, { email, password, role, ip: req.ip ?? 'unknown' }, rules).then(
          (user) => done(null, user),
          // known refusals are "no user" with a message; anything else is a real error
          (err: unknown) => {
            if (!(err instanceof AppError)) return done(err);
            const refusal: SignInRefusal = { message: err.message, status: err.status, retryAfterSeconds: err instanceof TooManyRequestsError ? err.retryAfterSeconds : undefined };
            done(null, false, refusal as never);
          },
        );
      }),
    );
  }
  passport.serializeUser((user, done) => done(null, (user as User).id));
  return passport;
}
