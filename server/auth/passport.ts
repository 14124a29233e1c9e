/**
 * Passport wiring only: one local strategy per role, each calling the domain's authenticateUser.
 * A new Passport per app keeps two apps in one process (tests) apart.
 */
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { AppError } from '../errors.js';
import type { DomainDeps } from '../domain/deps.js';
import { authenticateUser } from '../domain/users/authenticate-user.js';
import type { Role, User } from '../domain/types.js';

export type PassportInstance = InstanceType<typeof Passport>;

/** Builds the Passport instance with the "client" and "admin" strategies. */
export function createPassport(deps: DomainDeps): PassportInstance {
  const passport = new Passport();
  for (const role of ['client', 'admin'] as Role[]) {
    passport.use(
      role,
      new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, email, password, done) => {
        authenticateUser(deps, { email, password, role, ip: req.ip ?? 'unknown' }).then(
          (user) => done(null, user),
          // known refusals are "no user" with a message; anything else is a real error
          (err: unknown) => (err instanceof AppError ? done(null, false, { message: err.message, status: err.status } as never) : done(err)),
        );
      }),
    );
  }
  passport.serializeUser((user, done) => done(null, (user as User).id));
  return passport;
}
