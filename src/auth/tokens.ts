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

/** Signed session tokens and password hashes. */
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
