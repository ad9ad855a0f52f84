/**
 * How long a password must be: the rule of createUser and updateUser, of `admin-create`, and of
 * DEMO_PASSWORD when the demo is seeded in production.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
export const PASSWORD_LENGTH_MESSAGE = `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`;

/** The demo users' published password (README, start-up banner): never valid in production. */
export const DEFAULT_DEMO_PASSWORD = 'ketnap-demo';

/** Fewest different characters a password (or a secret) that guards production may have. */
export const PASSWORD_MIN_DISTINCT = 5;

/**
 * Why a password may not guard production, or null: too short, too few different characters
 * ("aaaaaaaaaa"), or the published demo password in another case or with spaces around it.
 */
export function weakPasswordReason(password: string): string | null {
  if (password.trim().toLowerCase().replace(/\s+/g, '') === DEFAULT_DEMO_PASSWORD) return 'it is the published one';
  if (password.length < PASSWORD_MIN_LENGTH) return 'it is too short';
  if (new Set(password).size < PASSWORD_MIN_DISTINCT) return `it has fewer than ${PASSWORD_MIN_DISTINCT} different characters`;
  return null;
}
