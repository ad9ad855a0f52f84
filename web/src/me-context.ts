import { createContext, useContext } from 'react';
import type { Ability } from './permissions';

export interface Me {
  id: string;
  displayName: string;
  email: string;
  role: string;
  organization: { id: string; name: string; kindLabel: string; depth: number } | null;
  ability: Ability;
}

export const MeContext = createContext<Me | null>(null);

/** The logged-in user, their organization and what they may do (inside the shell). */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the shell');
  return me;
}
