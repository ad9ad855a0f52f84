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

export function ancestorIdsOf(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number).slice(0, -1);
}
