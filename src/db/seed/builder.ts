import type { EntityManager } from 'typeorm';
import { Organization } from '../../modules/organization/organization.entity';
import { School, SchoolHeadcount } from '../../modules/school/school.entity';
import { Member } from '../../modules/member/member.entity';
import { Candidate, CandidateStageEvent, CandidateStallReason } from '../../modules/candidate/candidate.entity';
import { User } from '../../modules/user/user.entity';
import {
  CandidateStage,
  EducationLevel,
  Gender,
  MemberStatus,
  OrganizationKind,
  PersonCategory,
  Role,
  SchoolLevel,
  StageEventKind,
  StallReason,
} from '../../domain/enums';
import { nameKeys, normalizeText } from '../../common/text';
import { addMonths } from '../../common/dates';

/** Seeds follow the default rule (12 months); a deployment with another setting refreshes them through the API. */
const PROBATION_MONTHS = 12;

/**
 * Low-level writers for seed data and test factories: they insert rows as they are told,
 * computing paths, tenants and search keys, without permission checks. The API's services
 * are the way users write; these are for data the platform starts with.
 */
export interface OrganizationSeed {
  name: string;
  kind: OrganizationKind;
  code?: string;
  mayDecideAdmission?: boolean;
}

export async function insertOrganization(em: EntityManager, parent: Organization | null, seed: OrganizationSeed): Promise<Organization> {
  const name = normalizeText(seed.name);
  const row = em.create(Organization, {
    tenantId: parent?.tenantId ?? 0,
    parentId: parent?.id ?? null,
    path: '',
    depth: parent ? parent.depth + 1 : 0,
    name,
    ...nameKeys(name),
    code: seed.code ?? null,
    kind: seed.kind,
    mayDecideAdmission: seed.mayDecideAdmission ?? seed.kind === OrganizationKind.CITY_COMMITTEE,
  });
  const saved = await em.save(row);
  saved.path = `${parent ? parent.path : '/'}${saved.id}/`;
  if (!parent) saved.tenantId = saved.id;
  await em.update(Organization, { id: saved.id }, { path: saved.path, tenantId: saved.tenantId });
  return saved;
}

export interface HeadcountSeed {
  schoolYear: number;
  managers: number;
  teachers: number;
  staff: number;
  students: number;
  grade12Students?: number;
}

export async function insertSchool(
  em: EntityManager,
  organization: Organization,
  seed: { name: string; level: SchoolLevel; code?: string; headcounts?: HeadcountSeed[] },
): Promise<School> {
  const name = normalizeText(seed.name);
  const school = await em.save(
    em.create(School, {
      tenantId: organization.tenantId,
      organizationId: organization.id,
      name,
      ...nameKeys(name),
      code: seed.code ?? null,
      level: seed.level,
    }),
  );
  if (seed.headcounts?.length) {
    await em.insert(
      SchoolHeadcount,
      seed.headcounts.map((h) => ({ schoolId: school.id, grade12Students: 0, ...h })),
    );
  }
  return school;
}

export interface MemberSeed {
  fullName: string;
  /** Since when the member is in the cell (the ceremony for a member admitted there). */
  joinedCellOn?: string | null;
  category: PersonCategory;
  status?: MemberStatus;
  gender?: Gender | null;
  dateOfBirth?: string | null;
  admittedOn?: string | null;
  officialOn?: string | null;
  isSecretary?: boolean;
  isPrincipal?: boolean;
  nationalId?: string | null;
}

function memberRow(cell: Organization, seed: MemberSeed): Partial<Member> {
  const fullName = normalizeText(seed.fullName);
  return {
    tenantId: cell.tenantId,
    organizationId: cell.id,
    fullName,
    ...nameKeys(fullName),
    category: seed.category,
    status: seed.status ?? MemberStatus.OFFICIAL,
    gender: seed.gender ?? null,
    dateOfBirth: seed.dateOfBirth ?? null,
    admittedOn: seed.admittedOn ?? null,
    officialOn: seed.officialOn ?? null,
    isSecretary: seed.isSecretary ?? false,
    isPrincipal: seed.isPrincipal ?? false,
    nationalId: seed.nationalId ?? null,
    joinedCellOn: seed.joinedCellOn ?? null,
    version: 1,
  };
}

export async function insertMember(em: EntityManager, cell: Organization, seed: MemberSeed): Promise<Member> {
  return em.save(em.create(Member, memberRow(cell, seed)));
}

/** Many members at once (bulk insert, chunked): for the hundreds of members of a district. */
export async function insertMembers(em: EntityManager, cell: Organization, seeds: MemberSeed[]): Promise<void> {
  const rows = seeds.map((seed) => memberRow(cell, seed));
  for (let i = 0; i < rows.length; i += 200) {
    await em.insert(Member, rows.slice(i, i + 200));
  }
}

export interface StageStepSeed {
  /** A step (the default) moves the candidate to `stage`; another kind of event (RECOGNITION_PROPOSED...) leaves the stage as it is. */
  kind?: StageEventKind;
  stage: CandidateStage;
  on: string;
  facts?: Record<string, unknown>;
  note?: string;
}

export interface CandidateSeed {
  fullName: string;
  dateOfBirth: string;
  gender: Gender;
  category: PersonCategory;
  educationLevel: EducationLevel;
  grade?: number | null;
  youthUnionMember?: boolean;
  mentor?: Member | null;
  nationalId?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  notes?: string | null;
  /** The steps taken, in order; the first is SOURCE. The candidate ends at the last one's stage. */
  steps: StageStepSeed[];
  stallReasons?: { reason: StallReason; note?: string; recordedOn: string }[];
}

export async function insertCandidate(em: EntityManager, cell: Organization, seed: CandidateSeed, recordedBy: User | null = null): Promise<Candidate> {
  if (seed.steps.length === 0 || seed.steps[0].stage !== CandidateStage.SOURCE) {
    throw new Error(`Seed candidate ${seed.fullName} must start at SOURCE`);
  }
  const fullName = normalizeText(seed.fullName);
  const moves = seed.steps.filter((step) => (step.kind ?? StageEventKind.STEP) === StageEventKind.STEP);
  const last = moves[moves.length - 1];
  // What the steps leave on the candidate: the certificate, the probation. Deadlines: refreshDeadlines().
  const trained = moves.find((step) => step.stage === CandidateStage.TRAINED);
  const ceremony = moves.find((step) => step.stage === CandidateStage.PROBATIONARY);
  const recognitionProposed = seed.steps.find((step) => step.kind === StageEventKind.RECOGNITION_PROPOSED);
  const candidate = await em.save(
    em.create(Candidate, {
      tenantId: cell.tenantId,
      organizationId: cell.id,
      fullName,
      ...nameKeys(fullName),
      dateOfBirth: seed.dateOfBirth,
      gender: seed.gender,
      category: seed.category,
      grade: seed.grade ?? null,
      stage: last.stage,
      stageSince: last.on,
      mentorId: seed.mentor?.id ?? null,
      youthUnionMember: seed.youthUnionMember ?? false,
      educationLevel: seed.educationLevel,
      nationalId: seed.nationalId ?? null,
      phone: seed.phone ?? null,
      email: seed.email ?? null,
      address: seed.address ?? null,
      notes: seed.notes ?? null,
      awarenessCertificateOn: trained?.on ?? null,
      awarenessCertificateNumber: trained ? String(trained.facts?.certificateNumber ?? 'không rõ số') : null,
      awarenessCertificateCentre: trained && typeof trained.facts?.issuingCentre === 'string' ? trained.facts.issuingCentre : null,
      probationEndsOn: ceremony ? addMonths(ceremony.on, PROBATION_MONTHS) : null,
      recognitionResolvedOn: last.stage === CandidateStage.PROBATIONARY ? (recognitionProposed?.on ?? null) : null,
    }),
  );
  let previous: CandidateStage | null = null;
  const events: Partial<CandidateStageEvent>[] = [];
  for (const step of seed.steps) {
    const kind = step.kind ?? StageEventKind.STEP;
    events.push({
      candidateId: candidate.id,
      tenantId: cell.tenantId,
      organizationId: cell.id,
      kind,
      fromStage: previous,
      // As the API records it: an event that is not a step keeps the stage the candidate is at.
      toStage: kind === StageEventKind.STEP ? step.stage : (previous ?? step.stage),
      occurredOn: step.on,
      recordedByUserId: recordedBy?.id ?? null,
      facts: step.facts ? JSON.stringify(step.facts) : null,
      note: step.note ?? null,
    });
    if (kind === StageEventKind.STEP) previous = step.stage;
  }
  await em.insert(CandidateStageEvent, events);
  if (seed.stallReasons?.length) {
    await em.insert(
      CandidateStallReason,
      seed.stallReasons.map((r) => ({ candidateId: candidate.id, reason: r.reason, note: r.note ?? null, recordedOn: r.recordedOn })),
    );
  }
  return candidate;
}

export async function insertUser(
  em: EntityManager,
  seed: { email: string; displayName: string; role: Role; organization: Organization | null; member?: Member | null; passwordHash: string },
): Promise<User> {
  return em.save(
    em.create(User, {
      email: seed.email.toLowerCase(),
      displayName: normalizeText(seed.displayName),
      role: seed.role,
      tenantId: seed.organization?.tenantId ?? null,
      organizationId: seed.organization?.id ?? null,
      memberId: seed.member?.id ?? null,
      passwordHash: seed.passwordHash,
      disabled: false,
      tokenVersion: 1,
    }),
  );
}
