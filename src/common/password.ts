/**
 * How long a password must be: the rule of createUser and updateUser, of `admin-create`, and of
 * DEMO_PASSWORD when the demo is seeded in production.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
export const PASSWORD_LENGTH_MESSAGE = `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`;

/** The demo users' published password (README, start-up banner): never valid in production. */
export const DEFAULT_DEMO_PASSWORD = 'ketnap-demo';
