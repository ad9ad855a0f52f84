import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider } from 'urql';
import { createClient } from './client';
import { clearSession, loadSession, saveSession, type Session } from './session';

interface SessionState {
  session: Session | null;
  /** Why the last session ended, for the login page. */
  ended: 'expired' | 'logout' | null;
  login(session: Session): void;
  logout(why?: 'expired' | 'logout'): void;
}

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The session and the GraphQL client that carries its token; a new session gets a new client (and an empty cache). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [ended, setEnded] = useState<SessionState['ended']>(null);

  const logout = useCallback((why: 'expired' | 'logout' = 'logout') => {
    clearSession();
    setSession(null);
    setEnded(why);
  }, []);
  const login = useCallback((next: Session) => {
    saveSession(next);
    setEnded(null);
    setSession(next);
  }, []);

  useEffect(() => {
    if (!session) return undefined;
    const left = Date.parse(session.expiresAt) - Date.now();
    const timer = setTimeout(() => logout('expired'), Math.max(0, Math.min(left, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [session, logout]);

  const token = session?.token ?? null;
  const client = useMemo(() => createClient(token, () => logout('expired')), [token, logout]);
  const value = useMemo(() => ({ session, ended, login, logout }), [session, ended, login, logout]);
  return (
    <SessionContext.Provider value={value}>
      <Provider value={client}>{children}</Provider>
    </SessionContext.Provider>
  );
}
