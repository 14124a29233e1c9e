/**
 * The error family every layer throws. Each carries an HTTP status, a stable snake_case code and a
 * message that is safe to show to the person who caused it; the error handler renders nothing else.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields?: Record<string, string>;

  constructor(status: number, code: string, message: string, options?: { cause?: unknown; fields?: Record<string, string> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.fields = options?.fields;
  }
}

/** 400: the request itself is malformed (bad JSON, wrong content type, a value no column could hold). */
export class BadRequestError extends AppError {
  constructor(message = 'Malformed request', fields?: Record<string, string>) {
    super(400, 'bad_request', message, { fields });
  }
}

/** 401: no credentials or credentials that do not match. */
export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required') {
    super(401, 'unauthorized', message);
  }
}

/** 403: authenticated, but not allowed (also a CSRF token that does not match). */
export class ForbiddenError extends AppError {
  constructor(message = 'Forbidden', code = 'forbidden') {
    super(403, code, message);
  }
}

/** 404: absent, or not the caller's to see (we never reveal which). */
export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, 'not_found', message);
  }
}

/** 409: the request is valid but the current state forbids it. */
export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict') {
    super(409, code, message);
  }
}

/**
 * A lifecycle action the module refuses before any remote call (its own rules forbid it now): the service keeps
 * its status, the reason becomes its last error. 409 unless the module says otherwise.
 */
export class ProvisioningRefusedError extends AppError {
  constructor(message: string, code = 'provisioning_refused', status = 409) {
    super(status, code, message);
  }
}

/** 422: invalid values; `fields` names each bad field with a message fit to show beside it. */
export class ValidationError extends AppError {
  constructor(fields: Record<string, string>, message = 'Some values are invalid') {
    super(422, 'invalid', message, { fields });
  }
}

/** 429: too many attempts; `retryAfterSeconds` becomes the Retry-After header. */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(429, 'too_many_requests', message);
  }
}

/** Configuration that prevents start-up; the message is one line per problem, each naming the variable. */
export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super(500, 'config_invalid', problems.join('\n'));
  }
}
