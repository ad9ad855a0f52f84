import { Role } from '../domain/enums';

/** Who is calling: the user, the role they act in, and where in the tree they act. */
export interface Principal {
  /** Null for a reporting client calling with an API key. */
  userId: number | null;
  /** The API key a reporting client called with. */
  apiKeyId?: number | null;
  role: Role;
  /** Null for system administrators, who act across tenants. */
  tenantId: number | null;
  organizationId: number | null;
  /** Materialized path of the organization the user acts for ("/1/7/"); empty for admins. */
  organizationPath: string;
  /** The member a mentor user is. */
  memberId: number | null;
}

/** A user account as authentication reads it (the user module looks it up: see ./authenticate.ts). */
export interface Account {
  id: number;
  role: Role;
  tenantId: number | null;
  organizationId: number | null;
  memberId: number | null;
  disabled: boolean;
  /** Bumped to revoke every session token signed before. */
  tokenVersion: number;
  /** Path of the organization the account acts for; empty for none (system administrators). */
  organizationPath: string;
}

/** An API key as authentication reads it (the api-key module looks it up). */
export interface KeyAccount {
  id: number;
  tenantId: number;
  organizationId: number;
  /** Path of the key's organization, or null when it is gone. */
  organizationPath: string | null;
  /** SHA-256 of the whole key, hex. */
  keyHash: string;
  revoked: boolean;
}

/** The principal of a user account: the one place a user's principal is made. */
export function principalOfAccount(account: Account): Principal {
  return {
    userId: account.id,
    role: account.role,
    tenantId: account.tenantId,
    organizationId: account.organizationId,
    organizationPath: account.organizationPath,
    memberId: account.memberId,
  };
}

/** A reporting client's key acts as a REPORTER of its organization's subtree. */
export function principalOfKey(key: KeyAccount & { organizationPath: string }): Principal {
  return { userId: null, apiKeyId: key.id, role: Role.REPORTER, tenantId: key.tenantId, organizationId: key.organizationId, organizationPath: key.organizationPath, memberId: null };
}

/** The ids of the organizations above one, from its materialized path ("/1/7/42/" → [1, 7]). */
export function ancestorIdsOf(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number).slice(0, -1);
}
