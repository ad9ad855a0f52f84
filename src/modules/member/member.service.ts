import { Not, type EntityManager } from 'typeorm';
import { Member } from './member.entity';
import type { CreateMemberInput, MemberFilter, UpdateMemberInput } from './member.inputs';
import { Organization } from '../organization/organization.entity';
import { MemberStatus, OrganizationKind } from '../../domain/enums';
import type { RequestContext } from '../../graphql/context';
import { inTransaction, lockRow } from '../../db/transaction';
import { insertMember } from './member.rows';
import { assertCan, loadFor } from '../../auth/guard';
import { scopedQuery } from '../../auth/scope';
import { badInput } from '../../errors/app-error';
import type { RulesConfig } from '../../config';
import { todayInVietnam } from '../../common/dates';
import { CandidateStageEvent } from '../candidate/candidate.entity';
import { standingSteps } from '../candidate/path/path-state';
import { RuleViolation, type RuleCheck } from '../candidate/path/rules';
import { afterVoteChecks, rosterChecks, type RosterFacts } from '../candidate/charter-checks';
import { decodeId } from '../../graphql/ids';
import { nameKeys, normalizeText } from '../../common/text';
import { matchName, restrictToSubtree } from '../../graphql/list-filters';
import { assertNotFuture, assertOrder, assertVersion } from '../../common/validation';
import { diff, recordAudit } from '../audit/audit.service';
import { ClashError, recordingClashes } from '../audit/clash';
import { paginate, type Connection } from '../../graphql/connection';

const AUDITED = ['fullName', 'category', 'status', 'dateOfBirth', 'gender', 'admittedOn', 'officialOn', 'isSecretary', 'isPrincipal', 'nationalId'] as const;

export function assertIsCell(organization: Organization, field = 'organizationId'): void {
  if (organization.kind !== OrganizationKind.SCHOOL_CELL) {
    throw badInput('Members and candidates belong to a school cell (SCHOOL_CELL)', [{ field, message: `${organization.name} is a ${organization.kind}` }]);
  }
}

/** The dates of a member's record must tell a possible story. */
export function assertMemberDates(member: Pick<Member, 'dateOfBirth' | 'admittedOn' | 'officialOn' | 'status'>): void {
  for (const field of ['dateOfBirth', 'admittedOn', 'officialOn'] as const) {
    const value = member[field];
    if (value) assertNotFuture(value, field);
  }
  assertOrder(member.dateOfBirth, member.admittedOn, 'dateOfBirth', 'admittedOn');
  assertOrder(member.admittedOn, member.officialOn, 'admittedOn', 'officialOn');
  if (member.status === MemberStatus.PROBATIONARY && member.officialOn) {
    throw badInput('A probationary member has no official date yet', [{ field: 'officialOn', message: 'only for OFFICIAL members' }]);
  }
}

/** A member's record as stored, as far as its rules read it. */
type StoredMember = RosterFacts & Pick<Member, 'candidateId'>;

/** What a member's path sets (the ceremony, the recognition): a member linked to its candidate keeps them. */
const PATH_FIELDS = ['status', 'admittedOn', 'officialOn'] as const;
const RULE_FIELDS = ['dateOfBirth', ...PATH_FIELDS] as const;

/** What the Charter's rules say of a member's record about to be written. */
export interface MemberRuleFindings {
  /** Fields of a member made by a ceremony (Member.candidateId) that the write would change. */
  pathFields: (typeof PATH_FIELDS)[number][];
  /** The rules the record breaks, each with the field it is about. */
  breaches: { field: string; check: RuleCheck }[];
}

/**
 * The rules a member's record is held to when written (`stored` is the record as it is, null
 * for a new one), for updateMember, createMember and the import alike:
 * - a member the path made keeps the status and dates its steps recorded (they are corrected
 *   with correctStep), and a new birth date still meets the age rule of its cell's vote;
 * - any other member (a roster) is held to rosterChecks (age at admission, 12 months of
 *   probation) when it is new or when one of the fields those rules read changes, so an old
 *   record that breaks them can still have its name or secretary changed.
 */
export async function memberRuleFindings(em: EntityManager, rules: RulesConfig, stored: StoredMember | null, next: RosterFacts): Promise<MemberRuleFindings> {
  const changed = (field: (typeof RULE_FIELDS)[number]) => stored === null || (stored[field] ?? null) !== (next[field] ?? null);
  if (stored && stored.candidateId !== null) {
    const steps = changed('dateOfBirth') && next.dateOfBirth ? standingSteps(await em.findBy(CandidateStageEvent, { candidateId: stored.candidateId })) : [];
    return {
      pathFields: PATH_FIELDS.filter(changed),
      breaches: afterVoteChecks(rules, { dateOfBirth: next.dateOfBirth, educationLevel: null }, steps).map(({ check }) => ({ field: 'dateOfBirth', check })),
    };
  }
  if (!RULE_FIELDS.some(changed)) return { pathFields: [], breaches: [] };
  return { pathFields: [], breaches: rosterChecks(rules, next, todayInVietnam()) };
}

/** updateMember's and createMember's answer to memberRuleFindings: the first thing wrong, nothing written. */
async function assertMemberRules(em: EntityManager, rules: RulesConfig, stored: StoredMember | null, next: RosterFacts): Promise<void> {
  const { pathFields, breaches } = await memberRuleFindings(em, rules, stored, next);
  if (pathFields.length && stored) {
    throw badInput(
      "A member admitted through the path keeps the status and dates its steps recorded; correct the step instead (correctStep on the candidate's history)",
      pathFields.map((field) => ({ field, message: `set by the path (${stored[field] ?? 'none'})` })),
    );
  }
  if (breaches.length) throw new RuleViolation(breaches[0].check);
}

/**
 * A national ID names one member of the tenant (the import's natural key). Whoever holds it, in
 * the caller's scope or not, the caller learns only that it cannot be used.
 */
async function assertNationalIdFree(em: EntityManager, cell: { id: number; path: string; tenantId: number }, nationalId: string | null | undefined, exceptId?: number): Promise<void> {
  if (!nationalId) return;
  const holder = await em.findOne(Member, { where: { tenantId: cell.tenantId, nationalId, ...(exceptId === undefined ? {} : { id: Not(exceptId) }) }, select: { id: true, organizationId: true } });
  if (holder) {
    throw new ClashError({ field: 'nationalId', value: nationalId, attemptedIn: cell, holder: { subjectType: 'Member', id: holder.id, organizationId: holder.organizationId } });
  }
}

/** One secretary per cell: naming a new one relieves the previous. */
async function relieveOtherSecretaries(em: EntityManager, organizationId: number, keepId: number): Promise<void> {
  await em
    .createQueryBuilder()
    .update(Member)
    .set({ isSecretary: false })
    .where('organization_id = :organizationId AND id <> :keepId AND is_secretary = :yes', { organizationId, keepId, yes: true })
    .execute();
}

export async function createMember(ctx: RequestContext, input: CreateMemberInput): Promise<Member> {
  return recordingClashes(ctx, () => inTransaction(ctx, async (em) => {
    const { record: cell } = await loadFor<Organization>(ctx, em, 'Organization', decodeId(input.organizationId, 'Organization', 'organizationId'));
    assertCan(ctx, 'create', 'Member', {}, cell.path);
    assertIsCell(cell);
    const seed = {
      fullName: input.fullName,
      category: input.category,
      status: input.status,
      gender: input.gender ?? null,
      dateOfBirth: input.dateOfBirth ?? null,
      admittedOn: input.admittedOn ?? null,
      officialOn: input.officialOn ?? null,
      isSecretary: input.isSecretary ?? false,
      isPrincipal: input.isPrincipal ?? false,
      nationalId: input.nationalId ?? null,
    };
    assertMemberDates(seed);
    await assertMemberRules(em, ctx.config.rules, null, seed);
    await assertNationalIdFree(em, cell, seed.nationalId);
    if (seed.isSecretary) await lockRow(em, Organization, cell.id);
    const member = await insertMember(em, cell, seed);
    if (member.isSecretary) await relieveOtherSecretaries(em, cell.id, member.id);
    await recordAudit(em, ctx, { action: 'member.create', subjectType: 'Member', subjectId: member.id, tenantId: member.tenantId, organizationId: member.organizationId, changes: diff(null, member, AUDITED) });
    return member;
  }));
}

export async function updateMember(ctx: RequestContext, id: number, input: UpdateMemberInput): Promise<Member> {
  return recordingClashes(ctx, () => inTransaction(ctx, async (em) => {
    const { record: member, organizationPath } = await loadFor<Member>(ctx, em, 'Member', id, 'update', { lock: true });
    if (input.isSecretary) await lockRow(em, Organization, member.organizationId);
    assertVersion('member', input.version, member.version);
    const before = { ...member };
    const { version: _version, ...changes } = input;
    Object.assign(member, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)));
    if (input.fullName !== undefined) {
      member.fullName = normalizeText(input.fullName);
      Object.assign(member, nameKeys(member.fullName));
    }
    assertMemberDates(member);
    await assertMemberRules(em, ctx.config.rules, before, member);
    if (member.nationalId !== before.nationalId) {
      await assertNationalIdFree(em, { id: member.organizationId, path: organizationPath, tenantId: member.tenantId }, member.nationalId, member.id);
    }
    const saved = await em.save(member);
    if (input.isSecretary) await relieveOtherSecretaries(em, saved.organizationId, saved.id);
    await recordAudit(em, ctx, { action: 'member.update', subjectType: 'Member', subjectId: saved.id, tenantId: saved.tenantId, organizationId: saved.organizationId, changes: diff(before, saved, AUDITED) });
    return saved;
  }));
}

export async function listMembers(ctx: RequestContext, filter: MemberFilter | undefined, first: number, after: string | undefined): Promise<Connection<Member>> {
  const em = ctx.dataSource.manager;
  const qb = scopedQuery<Member>(em, ctx.ability, 'read', 'Member');
  await restrictToSubtree(ctx, qb, filter?.under, 'scope_org.path');
  if (filter?.statuses?.length) qb.andWhere('member.status IN (:...statuses)', { statuses: filter.statuses });
  if (filter?.categories?.length) qb.andWhere('member.category IN (:...categories)', { categories: filter.categories });
  if (filter?.isSecretary !== undefined && filter.isSecretary !== null) qb.andWhere('member.isSecretary = :isSecretary', { isSecretary: filter.isSecretary });
  matchName(qb, 'member.searchName', filter?.search);
  return paginate(qb, {
    first,
    after,
    sort: { property: 'member.sortName', direction: 'ASC' },
    idProperty: 'member.id',
    sortValue: (row: Member) => row.sortName,
  });
}
