/** The credentials' cryptography: signed session tokens, password hashes, API keys. */
import crypto, { type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import bcrypt from 'bcryptjs';

/** The HMAC key object of a secret, made once (a string secret is turned into a key on every call). */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

export interface TokenClaims {
  /** The user id. */
  sub: string;
  /** The user's token version when the token was signed; a bump revokes older tokens. */
  tv: number;
}

export function signToken(secret: string, ttlSeconds: number, userId: number, tokenVersion: number): string {
  return jwt.sign({ tv: tokenVersion }, keyOf(secret), { algorithm: 'HS256', subject: String(userId), expiresIn: ttlSeconds, issuer: 'ketnap' });
}

/** The claims of a valid token, or null for anything expired, forged or malformed. */
export function verifyToken(secret: string, token: string): TokenClaims | null {
  try {
    const claims = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'], issuer: 'ketnap' });
    if (typeof claims === 'string' || typeof claims.sub !== 'string' || typeof claims.tv !== 'number') return null;
    return { sub: claims.sub, tv: claims.tv };
  } catch {
    return null;
  }
}

export const PASSWORD_HASH_ROUNDS = 10;

export function hashPassword(password: string, rounds = PASSWORD_HASH_ROUNDS): Promise<string> {
  return bcrypt.hash(password, rounds);
}

export function checkPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/**
 * API keys for reporting clients: `knp_<prefix>_<secret>`, shown once at creation; only the
 * SHA-256 of the whole key is stored, found again by its prefix.
 */
const KEY_PATTERN = /^knp_([a-z0-9]{8})_([A-Za-z0-9_-]{32,64})$/;

export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key, its prefix (stored in clear, to find it again) and its hash. */
export function mintApiKey(): { key: string; prefix: string; keyHash: string } {
  const prefix = crypto.randomBytes(6).toString('hex').slice(0, 8);
  const key = `knp_${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
  return { key, prefix, keyHash: hashApiKey(key) };
}

/** The prefix of a well-formed key, or null. */
export function apiKeyPrefix(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

/** Whether `key` is the one whose hash is `keyHash` (in constant time). */
export function apiKeyMatches(key: string, keyHash: string): boolean {
  const expected = Buffer.from(keyHash, 'hex');
  const actual = Buffer.from(hashApiKey(key), 'hex');
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}
