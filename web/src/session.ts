/**
 * The session: the token lives in sessionStorage (this tab only, gone when it closes; never
 * in localStorage or a cookie). Expiry is the token's own `expiresAt`; the server may also
 * end it earlier (password changed, user disabled), which the client learns from an
 * UNAUTHENTICATED answer.
 */
export interface SessionUser {
  displayName: string;
  email: string;
  role: string;
  /** The organization the user acts for (null for system administrators), to ask for the first screen at once. */
  organization?: { id: string } | null;
}

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

const KEY = 'ketnap.session';

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<Session>;
  return typeof s.token === 'string' && typeof s.expiresAt === 'string' && typeof s.user === 'object' && s.user !== null;
}

export function loadSession(now = Date.now()): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (!isSession(parsed) || Date.parse(parsed.expiresAt) <= now) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return parsed;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
