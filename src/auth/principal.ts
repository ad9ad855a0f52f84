import { Role } from '../modules/enums';

/** Who is calling: the user, the role they act in, and where in the tree they act. */
export interface Principal {
  userId: number;
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
