import type { DataSource } from 'typeorm';
import { Organization } from '../../../src/modules/organization/organization.entity';
import { School, SchoolHeadcount } from '../../../src/modules/school/school.entity';
import { Member } from '../../../src/modules/member/member.entity';
import { Candidate, CandidateStageEvent, CandidateStallReason } from '../../../src/modules/candidate/candidate.entity';
import { Target, TargetMetric } from '../../../src/modules/report/target.entity';
import { CandidateStage, MemberStatus, OrganizationKind, PersonCategory, SchoolLevel, StageEventKind, StallReason } from '../../../src/domain/enums';
import { TODAY, type PeriodCase } from './periods';

/**
 * The reference computation: every reported figure written again in plain TypeScript over the
 * rows read back from the database (nothing shared with src/), for any subtree and period.
 */

export interface Rows {
  organizations: Organization[];
  schools: School[];
  headcounts: SchoolHeadcount[];
  members: Member[];
  candidates: Candidate[];
  events: CandidateStageEvent[];
  stalls: CandidateStallReason[];
  targets: Target[];
}

const day = (value: unknown): string | null => (value === null || value === undefined ? null : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

/** Every row of the fixture, read back through the repositories. */
export async function loadRows(ds: DataSource): Promise<Rows> {
  const rows: Rows = {
    organizations: await ds.getRepository(Organization).find(),
    schools: await ds.getRepository(School).find(),
    headcounts: await ds.getRepository(SchoolHeadcount).find(),
    members: await ds.getRepository(Member).find(),
    candidates: await ds.getRepository(Candidate).find(),
    events: await ds.getRepository(CandidateStageEvent).find({ order: { id: 'ASC' } }),
    stalls: await ds.getRepository(CandidateStallReason).find(),
    targets: await ds.getRepository(Target).find(),
  };
  for (const m of rows.members) {
    m.admittedOn = day(m.admittedOn);
    m.officialOn = day(m.officialOn);
  }
  for (const c of rows.candidates) c.deadlineOn = day(c.deadlineOn);
  for (const e of rows.events) e.occurredOn = day(e.occurredOn) as string;
  return rows;
}

export interface ExpectedStepFigures {
  total: number;
  byCategory: { category: PersonCategory; count: number }[];
  byLevel: { level: SchoolLevel; count: number }[];
}

export interface ExpectedStaffLevel {
  level: SchoolLevel;
  managers: number;
  teachers: number;
  staff: number;
  total: number;
  members: number;
  teacherMembers: number;
  membersRatio: number | null;
}

/** An admission, recognition or awareness class counted: where, and of whom. */
export interface CountedStep {
  organizationId: number;
  category: PersonCategory;
}

export interface ExpectedStatistics {
  period: { from: string; to: string; label: string; headcountSchoolYear: number; targetYear: number };
  schools: { total: number; withPartyOrganization: number; byLevel: { level: SchoolLevel; schools: number; withPartyOrganization: number }[] };
  cells: { total: number; withPrincipalSecretary: number };
  staff: {
    managers: number;
    teachers: number;
    staff: number;
    total: number;
    students: number;
    grade12Students: number;
    members: number;
    officialMembers: number;
    probationaryMembers: number;
    teacherMembers: number;
    studentMembers: number;
    membersRatio: number | null;
    byLevel: ExpectedStaffLevel[];
  };
  admissions: ExpectedStepFigures;
  officialRecognitions: ExpectedStepFigures;
  awarenessClass: ExpectedStepFigures;
  awarenessClassStudents: number;
  candidatesByStage: { stage: CandidateStage; count: number }[];
  stalledByReason: { reason: StallReason; count: number }[];
  overdueDeadlines: number;
  targets: { metric: TargetMetric; target: number; result: number; reached: boolean }[];
}

const CLOSED: string[] = [CandidateStage.OFFICIAL, CandidateStage.DROPPED, CandidateStage.REJECTED, CandidateStage.PROBATION_NOT_RECOGNIZED];
const PARTY_ORGANIZATIONS: string[] = [OrganizationKind.SCHOOL_CELL, OrganizationKind.SCHOOL_COMMITTEE];

export class Reference {
  private readonly orgById: Map<number, Organization>;
  private readonly schoolByOrg = new Map<number, School>();
  private readonly candidateById: Map<number, Candidate>;

  constructor(readonly rows: Rows) {
    this.orgById = new Map(rows.organizations.map((o) => [o.id, o]));
    for (const s of rows.schools) if (!this.schoolByOrg.has(s.organizationId)) this.schoolByOrg.set(s.organizationId, s);
    this.candidateById = new Map(rows.candidates.map((c) => [c.id, c]));
  }

  private under(organizationId: number, rootPath: string): boolean {
    const o = this.orgById.get(organizationId);
    return o !== undefined && o.path.startsWith(rootPath);
  }

  /** The standing steps of a candidate, in the order they happened. */
  standingSteps(candidateId: number): CandidateStageEvent[] {
    return this.rows.events.filter((e) => e.candidateId === candidateId && e.kind === StageEventKind.STEP && !e.corrected).sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id - b.id);
  }

  /** The candidate's stage at the end of `date` (null before their first step). */
  stageAt(candidateId: number, date: string): CandidateStageEvent | null {
    const steps = this.standingSteps(candidateId).filter((e) => e.occurredOn <= date);
    return steps[steps.length - 1] ?? null;
  }

  /** The level people of an organization are counted at: its school's, or its parent school committee's school's. */
  levelOf(organizationId: number): SchoolLevel | null {
    const own = this.schoolByOrg.get(organizationId);
    if (own) return own.level;
    const parent = this.orgById.get(this.orgById.get(organizationId)?.parentId ?? -1);
    return parent?.kind === OrganizationKind.SCHOOL_COMMITTEE ? (this.schoolByOrg.get(parent.id)?.level ?? null) : null;
  }

  /** Whether the member's person has a standing step to `stage`: the linked candidate (either way) or one of the tenant with the same national ID. */
  private hasHistory(m: Member, stage: CandidateStage): boolean {
    return this.rows.candidates.some(
      (c) =>
        (c.id === m.candidateId || c.memberId === m.id || (m.nationalId !== null && c.tenantId === m.tenantId && c.nationalId === m.nationalId)) &&
        this.standingSteps(c.id).some((e) => e.toStage === stage),
    );
  }

  /**
   * Admissions, recognitions or awareness classes from `from` to `to` in the subtree: the standing
   * steps (where the cell was then), and for admissions and recognitions the members' own dates
   * (where the member is now) when the person has no such step.
   */
  stepsTaken(rootPath: string, stage: CandidateStage, from: string, to: string): CountedStep[] {
    const steps: CountedStep[] = this.rows.events
      .filter((e) => e.kind === StageEventKind.STEP && !e.corrected && e.toStage === stage && e.occurredOn >= from && e.occurredOn <= to && this.under(e.organizationId, rootPath))
      .map((e) => ({ organizationId: e.organizationId, category: this.candidateById.get(e.candidateId)!.category }));
    const dateOf = (m: Member): string | null =>
      stage === CandidateStage.ADMITTED ? m.admittedOn : stage === CandidateStage.OFFICIAL && m.status === MemberStatus.OFFICIAL ? m.officialOn : null;
    for (const m of this.rows.members) {
      const on = dateOf(m);
      if (on !== null && on >= from && on <= to && this.under(m.organizationId, rootPath) && !this.hasHistory(m, stage)) steps.push({ organizationId: m.organizationId, category: m.category });
    }
    return steps;
  }

  private stepFigures(steps: CountedStep[]): ExpectedStepFigures {
    const byCategory = Object.values(PersonCategory)
      .map((category) => ({ category, count: steps.filter((e) => e.category === category).length }))
      .filter((row) => row.count > 0);
    const byLevel = Object.values(SchoolLevel)
      .map((level) => ({ level, count: steps.filter((e) => this.levelOf(e.organizationId) === level).length }))
      .filter((row) => row.count > 0);
    return { total: steps.length, byCategory, byLevel };
  }

  /** What a yearly target counts, in the subtree, from the start of the target year to the end of the period. */
  targetResult(rootPath: string, metric: TargetMetric, period: PeriodCase): number {
    const from = `${period.targetYear}-01-01`;
    const stage = metric === TargetMetric.ADMISSIONS || metric === TargetMetric.STUDENT_ADMISSIONS ? CandidateStage.ADMITTED : CandidateStage.TRAINED;
    const studentsOnly = metric === TargetMetric.STUDENT_ADMISSIONS || metric === TargetMetric.STUDENT_AWARENESS_CLASS;
    return this.stepsTaken(rootPath, stage, from, period.to).filter((e) => !studentsOnly || e.category === PersonCategory.STUDENT).length;
  }

  statistics(rootPath: string, period: PeriodCase, today: string = TODAY): ExpectedStatistics {
    const { from, to } = period;
    const orgs = this.rows.organizations.filter((o) => o.path.startsWith(rootPath));
    const orgIds = new Set(orgs.map((o) => o.id));

    const schools = this.rows.schools.filter((s) => orgIds.has(s.organizationId));
    const withParty = (list: School[]) => list.filter((s) => PARTY_ORGANIZATIONS.includes(this.orgById.get(s.organizationId)!.kind)).length;
    const schoolByLevel = Object.values(SchoolLevel)
      .map((level) => {
        const ofLevel = schools.filter((s) => s.level === level);
        return { level, schools: ofLevel.length, withPartyOrganization: withParty(ofLevel) };
      })
      .filter((row) => row.schools > 0);

    const cells = orgs.filter((o) => o.kind === OrganizationKind.SCHOOL_CELL);
    const withPrincipalSecretary = cells.filter((c) => this.rows.members.some((m) => m.organizationId === c.id && m.isSecretary && m.isPrincipal)).length;

    // Headcounts: each school's latest school year up to the one containing the period's end.
    const [endYear, endMonth] = to.split('-').map(Number);
    const schoolYear = endMonth >= 9 ? endYear : endYear - 1;
    const latest = schools
      .map((s) => ({ level: s.level, h: this.rows.headcounts.filter((h) => h.schoolId === s.id && h.schoolYear <= schoolYear).sort((a, b) => b.schoolYear - a.schoolYear)[0] }))
      .filter((row): row is { level: SchoolLevel; h: SchoolHeadcount } => row.h !== undefined);
    const heads = latest.map((row) => row.h);
    const total = (pick: (h: SchoolHeadcount) => number, of: SchoolHeadcount[] = heads) => of.reduce((n, h) => n + pick(h), 0);
    const managers = total((h) => h.managers);
    const teachers = total((h) => h.teachers);
    const staffCount = total((h) => h.staff);

    // Members at the end of the period.
    const members = this.rows.members.filter((m) => orgIds.has(m.organizationId) && (m.admittedOn === null || m.admittedOn <= to));
    const officialThen = (m: Member) => m.status === MemberStatus.OFFICIAL && (m.officialOn === null || m.officialOn <= to);
    const staffMembers = members.filter((m) => m.category !== PersonCategory.STUDENT);
    const staffTotal = managers + teachers + staffCount;

    const admissions = this.stepFigures(this.stepsTaken(rootPath, CandidateStage.ADMITTED, from, to));
    const officialRecognitions = this.stepFigures(this.stepsTaken(rootPath, CandidateStage.OFFICIAL, from, to));
    const awarenessClass = this.stepFigures(this.stepsTaken(rootPath, CandidateStage.TRAINED, from, to));

    const stageCounts = new Map<string, number>();
    for (const c of this.rows.candidates) {
      const last = this.stageAt(c.id, to);
      if (last && this.under(last.organizationId, rootPath)) stageCounts.set(last.toStage, (stageCounts.get(last.toStage) ?? 0) + 1);
    }

    const candidatesHere = this.rows.candidates.filter((c) => orgIds.has(c.organizationId));
    const activeHere = candidatesHere.filter((c) => !CLOSED.includes(c.stage));
    const stalledByReason = Object.values(StallReason)
      .map((reason) => ({ reason, count: activeHere.filter((c) => this.rows.stalls.some((r) => r.candidateId === c.id && r.reason === reason)).length }))
      .filter((row) => row.count > 0);

    const targets = this.rows.targets.filter((t) => orgIds.has(t.organizationId) && t.year === period.targetYear);
    const targetRows = Object.values(TargetMetric)
      .filter((metric) => targets.some((t) => t.metric === metric))
      .map((metric) => {
        const target = targets.filter((t) => t.metric === metric).reduce((n, t) => n + t.value, 0);
        const result = this.targetResult(rootPath, metric, period);
        return { metric, target, result, reached: result >= target };
      });

    return {
      period: { from: period.from, to: period.to, label: period.label, headcountSchoolYear: period.headcountSchoolYear, targetYear: period.targetYear },
      schools: { total: schools.length, withPartyOrganization: withParty(schools), byLevel: schoolByLevel },
      cells: { total: cells.length, withPrincipalSecretary },
      staff: {
        managers,
        teachers,
        staff: staffCount,
        total: staffTotal,
        students: total((h) => h.students),
        grade12Students: total((h) => h.grade12Students),
        members: staffMembers.length,
        officialMembers: staffMembers.filter(officialThen).length,
        probationaryMembers: staffMembers.filter((m) => !officialThen(m)).length,
        teacherMembers: members.filter((m) => m.category === PersonCategory.TEACHER).length,
        studentMembers: members.filter((m) => m.category === PersonCategory.STUDENT).length,
        membersRatio: staffTotal > 0 ? staffMembers.length / staffTotal : null,
        byLevel: Object.values(SchoolLevel)
          .map((level) => {
            const ofLevel = latest.filter((row) => row.level === level).map((row) => row.h);
            const levelMembers = staffMembers.filter((m) => this.levelOf(m.organizationId) === level);
            const levelTotal = total((h) => h.managers + h.teachers + h.staff, ofLevel);
            return {
              level,
              managers: total((h) => h.managers, ofLevel),
              teachers: total((h) => h.teachers, ofLevel),
              staff: total((h) => h.staff, ofLevel),
              total: levelTotal,
              members: levelMembers.length,
              teacherMembers: levelMembers.filter((m) => m.category === PersonCategory.TEACHER).length,
              membersRatio: levelTotal > 0 ? levelMembers.length / levelTotal : null,
            };
          })
          .filter((row) => row.total > 0 || row.members > 0),
      },
      admissions,
      officialRecognitions,
      awarenessClass,
      awarenessClassStudents: awarenessClass.byCategory.find((c) => c.category === PersonCategory.STUDENT)?.count ?? 0,
      candidatesByStage: Object.values(CandidateStage)
        .filter((stage) => stageCounts.has(stage))
        .map((stage) => ({ stage, count: stageCounts.get(stage) as number })),
      stalledByReason,
      overdueDeadlines: candidatesHere.filter((c) => c.deadlineOn !== null && c.deadlineOn < today).length,
      targets: targetRows,
    };
  }

  /** The organizations of the subtree behind one of their own targets of the year, by the end of the period. */
  targetsBehind(rootPath: string, period: PeriodCase): { organizationId: number; metric: TargetMetric; target: number; result: number }[] {
    return this.rows.targets
      .filter((t) => t.year === period.targetYear && this.under(t.organizationId, rootPath))
      .map((t) => ({ organizationId: t.organizationId, metric: t.metric, target: t.value, result: this.targetResult(this.orgById.get(t.organizationId)!.path, t.metric, period) }))
      .filter((row) => row.result < row.target)
      .sort((a, b) => a.organizationId - b.organizationId || a.metric.localeCompare(b.metric));
  }

  childrenOf(organizationId: number): Organization[] {
    return this.rows.organizations.filter((o) => o.parentId === organizationId).sort((a, b) => a.id - b.id);
  }

  organization(id: number): Organization {
    return this.orgById.get(id)!;
  }
}
