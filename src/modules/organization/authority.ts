import { In, type EntityManager } from 'typeorm';
import { Organization } from './organization.entity';
import { Candidate } from '../candidate/candidate.entity';
import { CandidateStage, OrganizationKind, Role } from '../../domain/enums';
import type { RequestContext } from '../../graphql/context';
import { ancestorIdsOf } from '../../auth/principal';
import { AppError, ErrorCode, forbidden, badInput } from '../../errors/app-error';

/**
 * The authority to decide admissions (mayDecideAdmission) and who may change who decides.
 *
 * Principle: no sequence of writes a role may make (create or move organizations, create users,
 * then act as them) gives it, or anything it creates, a right it did not hold. The one right
 * that an organization carries by itself is the authority to decide admissions, so:
 *  - only a committee that holds the authority (and only below itself), or a system
 *    administrator, grants or withdraws it, and only to committees (never to a cell);
 *  - a move that changes which organization decides for a cell needs the same holder;
 *  - no change of who resolves or decides is accepted while a candidate of an affected cell is
 *    between the dossier and the decision (see PENDING_STAGES): the deciding committee keeps
 *    what it started.
 */

/** Kinds of organization that may hold the authority (Charter: a committee, never a cell). */
export const AUTHORITY_KINDS: readonly OrganizationKind[] = [OrganizationKind.CITY_COMMITTEE, OrganizationKind.COMMUNE_COMMITTEE, OrganizationKind.SCHOOL_COMMITTEE];

/** Grassroots committees whose resolution a cell directly under them needs before the decision. */
export const GRASSROOTS_KINDS: readonly OrganizationKind[] = [OrganizationKind.COMMUNE_COMMITTEE, OrganizationKind.SCHOOL_COMMITTEE];

/** Who acts above a cell on the path: its parent (and whether it resolves), and who decides. */
export interface PathPlaces {
  cellId: number;
  cellParentId: number | null;
  needsCommitteeResolution: boolean;
  decidingOrganizationId: number | null;
}

/** The nearest organization above `ancestorIds` (root first) that holds the authority. */
export function decidingAmong(ancestorIds: readonly number[], holdsAuthority: (id: number) => boolean): number | null {
  for (let i = ancestorIds.length - 1; i >= 0; i -= 1) if (holdsAuthority(ancestorIds[i])) return ancestorIds[i];
  return null;
}

/** Where a cell stands, given its ancestors (every organization above it). */
export function placesAmong(cell: Pick<Organization, 'id' | 'parentId' | 'path'>, ancestors: readonly Pick<Organization, 'id' | 'kind' | 'mayDecideAdmission'>[]): PathPlaces {
  const byId = new Map(ancestors.map((organization) => [organization.id, organization]));
  const parent = cell.parentId === null ? undefined : byId.get(cell.parentId);
  return {
    cellId: cell.id,
    cellParentId: cell.parentId,
    needsCommitteeResolution: parent !== undefined && GRASSROOTS_KINDS.includes(parent.kind),
    decidingOrganizationId: decidingAmong(ancestorIdsOf(cell.path), (id) => byId.get(id)?.mayDecideAdmission === true),
  };
}

/** Where a cell stands, read from the database. */
export async function placesOf(em: EntityManager, cell: Pick<Organization, 'id' | 'parentId' | 'path'>): Promise<PathPlaces> {
  const ids = ancestorIdsOf(cell.path);
  const ancestors = ids.length ? await em.find(Organization, { where: { id: In(ids) }, select: { id: true, kind: true, mayDecideAdmission: true } }) : [];
  return placesAmong(cell, ancestors);
}

/** The places of every cell under (and including) the organization at `rootPath`. */
async function placesOfSubtree(em: EntityManager, rootPath: string): Promise<Map<number, PathPlaces>> {
  const subtree = await em
    .getRepository(Organization)
    .createQueryBuilder('o')
    .select(['o.id', 'o.parentId', 'o.path', 'o.kind', 'o.mayDecideAdmission'])
    .where('o.path LIKE :prefix', { prefix: `${rootPath}%` })
    .getMany();
  const aboveIds = ancestorIdsOf(rootPath);
  const above = aboveIds.length ? await em.find(Organization, { where: { id: In(aboveIds) }, select: { id: true, kind: true, mayDecideAdmission: true } }) : [];
  const all = [...above, ...subtree];
  const places = new Map<number, PathPlaces>();
  for (const organization of subtree) {
    if (organization.kind !== OrganizationKind.SCHOOL_CELL) continue;
    places.set(organization.id, placesAmong(organization, all));
  }
  return places;
}

/**
 * Candidates between the dossier and a decision: the cell has opened or voted on the dossier, or
 * has proposed official recognition, and a committee has yet to resolve or decide.
 */
const PENDING_STAGES: readonly CandidateStage[] = [CandidateStage.DOSSIER, CandidateStage.CELL_RESOLVED, CandidateStage.COMMITTEE_RESOLVED];

async function pendingCandidateCount(em: EntityManager, cellIds: number[]): Promise<number> {
  if (cellIds.length === 0) return 0;
  return em
    .getRepository(Candidate)
    .createQueryBuilder('candidate')
    .where('candidate.organizationId IN (:...cellIds)', { cellIds })
    .andWhere('(candidate.stage IN (:...pending) OR (candidate.stage = :probationary AND candidate.recognitionResolvedOn IS NOT NULL))', {
      pending: PENDING_STAGES,
      probationary: CandidateStage.PROBATIONARY,
    })
    .getCount();
}

/** Whether the caller's own organization holds the authority (or the caller administers the system). */
async function callerHoldsAuthority(ctx: RequestContext, em: EntityManager): Promise<boolean> {
  const principal = ctx.principal;
  if (!principal) return false;
  if (principal.role === Role.SYSTEM_ADMIN) return true;
  if (principal.role !== Role.COMMITTEE || principal.organizationId === null) return false;
  const own = await em.findOne(Organization, { where: { id: principal.organizationId }, select: { id: true, mayDecideAdmission: true } });
  return own?.mayDecideAdmission === true;
}

export const AUTHORITY_REFUSED = 'Only a committee that holds the authority to decide admissions above this organization (or a system administrator) may change who decides';

/** Refuses granting the authority to an organization of `kind` unless the caller may (see the principle above). */
export async function assertMayGrant(ctx: RequestContext, em: EntityManager, kind: OrganizationKind, granting: boolean): Promise<void> {
  if (granting && !AUTHORITY_KINDS.includes(kind)) {
    throw badInput(`A ${kind} cannot hold the authority to decide admissions`, [{ field: 'mayDecideAdmission', message: `only ${AUTHORITY_KINDS.join(', ')}` }]);
  }
  if (!(await callerHoldsAuthority(ctx, em))) throw forbidden(AUTHORITY_REFUSED);
}

/** A change of who resolves or decides that is refused while candidates wait for a decision. */
export class PendingDecisionError extends AppError {
  constructor(count: number) {
    super(
      ErrorCode.CONFLICT,
      `${count} candidate(s) of the cells concerned are between the dossier and a decision; who resolves or decides for them cannot change until the decision is recorded`,
      {
        reason: 'DECISION_PENDING',
        pendingCandidates: count,
        messageVi: `${count} quần chúng của các chi bộ liên quan đang trong quá trình xét kết nạp hoặc công nhận chính thức; không thể thay đổi cấp ủy xét, quyết định cho đến khi có quyết định`,
      },
    );
  }
}

/**
 * Runs `change` (a move, or a change of mayDecideAdmission, inside the caller's transaction) and
 * compares who resolves and decides for every cell under `rootPath` before and after it:
 * a new decider needs the authority's holder, and nothing may change for a cell whose candidates
 * wait for a decision. `rootPathAfter` is where the subtree is once `change` has run.
 */
export async function guardChangeOfDeciders(ctx: RequestContext, em: EntityManager, rootPath: string, change: () => Promise<string>): Promise<void> {
  const before = await placesOfSubtree(em, rootPath);
  const rootPathAfter = await change();
  const after = await placesOfSubtree(em, rootPathAfter);
  const changedDecider: number[] = [];
  const changedAny: number[] = [];
  for (const [cellId, was] of before) {
    const now = after.get(cellId);
    if (!now) continue;
    const deciderChanged = was.decidingOrganizationId !== now.decidingOrganizationId;
    if (deciderChanged) changedDecider.push(cellId);
    if (deciderChanged || was.cellParentId !== now.cellParentId || was.needsCommitteeResolution !== now.needsCommitteeResolution) changedAny.push(cellId);
  }
  if (changedDecider.length > 0 && !(await callerHoldsAuthority(ctx, em))) throw forbidden(AUTHORITY_REFUSED);
  const pending = await pendingCandidateCount(em, changedAny);
  if (pending > 0) throw new PendingDecisionError(pending);
}

/**
 * Accounts that act for an organization holding the authority decide admissions: creating one,
 * or taking control of one (a new password, enabling it again), needs that organization itself
 * or a holder of the authority above it, so a committee without it cannot staff its way to it.
 */
export async function assertMayActFor(ctx: RequestContext, em: EntityManager, role: Role, organization: Pick<Organization, 'id' | 'mayDecideAdmission'>): Promise<void> {
  if (role !== Role.COMMITTEE || !organization.mayDecideAdmission) return;
  if (ctx.principal?.organizationId === organization.id) return;
  if (!(await callerHoldsAuthority(ctx, em))) {
    throw forbidden('Only the organization itself or a committee holding the authority to decide admissions above it may create or take over its committee accounts');
  }
}
