import type { DataSource, EntityManager } from 'typeorm';
import { insertCandidate, type StageStepSeed } from '../../../src/modules/candidate/candidate.rows';
import { insertMember, type MemberSeed } from '../../../src/modules/member/member.rows';
import { insertSchool, type HeadcountSeed } from '../../../src/modules/school/school.rows';
import type { Organization } from '../../../src/modules/organization/organization.entity';
import type { Member } from '../../../src/modules/member/member.entity';
import { Candidate, CandidateStageEvent } from '../../../src/modules/candidate/candidate.entity';
import { CandidateStage, EducationLevel, Gender, MemberStatus, OrganizationKind, PersonCategory, SchoolLevel, StageEventKind, StallReason } from '../../../src/domain/enums';
import { ACTIVE_STAGES } from '../../../src/modules/candidate/path/path-state';
import { Rng } from '../../../src/tools/demo/rng';
import { addDays } from '../../../src/common/dates';
import { buildOrganization } from '../../factories';
import { TODAY } from './periods';

/**
 * The people of the reporting tests' world, drawn from one seeded random source: names, school
 * headcounts, members of every category and status, and candidates whose histories reach every
 * stage (and the ways out) on different dates. The world (./world.ts) says where they go; the
 * order of the calls fixes every drawn value, so a new call goes after the existing ones.
 */

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thanh', 'Ngọc', 'Quốc', 'Thu', 'Hữu'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hải', 'Hạnh', 'Khánh', 'Lan', 'Mai', 'Nga', 'Phúc', 'Quyên', 'Sơn', 'Tâm', 'Uyên', 'Vinh', 'Yến'];

const PATH_UNDER_COMMITTEE = [...ACTIVE_STAGES, CandidateStage.OFFICIAL];
const PATH_DIRECT = PATH_UNDER_COMMITTEE.filter((s) => s !== CandidateStage.COMMITTEE_RESOLVED);
const STALL_REASONS = Object.values(StallReason);

export interface CellPlan {
  key: string;
  name: string;
  level: SchoolLevel;
  headcounts: number[];
  secretary: 'principal' | 'notPrincipal' | 'none';
  generated: boolean;
}

/** A hand-made history, step by step: "SOURCE 2019-09-09, SYMPATHIZER 2019-11-11, ...". */
export function history(steps: string): StageStepSeed[] {
  return steps.split(',').map((step) => {
    const [stage, on] = step.trim().split(' ');
    if (!(stage in CandidateStage) || !/^\d{4}-\d{2}-\d{2}$/.test(on ?? '')) throw new Error(`not a step: «${step}»`);
    return { stage: stage as CandidateStage, on };
  });
}

function dateBetween(rng: Rng, from: string, to: string): string {
  const span = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
  return addDays(from, rng.int(0, span));
}

export class ReportPeople {
  readonly rng = new Rng(0x5eed2025);
  /** Every person's full name, in the order they were drawn. */
  readonly personNames: string[] = [];
  private serial = 0;
  private readonly em: EntityManager;

  constructor(private readonly ds: DataSource) {
    this.em = ds.manager;
  }

  personName(): string {
    this.serial += 1;
    const name = `${this.rng.pick(FAMILY)} ${this.rng.pick(MIDDLE)} ${this.rng.pick(GIVEN)} Kiểm${String(this.serial).padStart(3, '0')}`;
    this.personNames.push(name);
    return name;
  }

  headcount(year: number, level: SchoolLevel): HeadcountSeed {
    const rng = this.rng;
    const base = level === SchoolLevel.UPPER_SECONDARY ? 70 : level === SchoolLevel.PRESCHOOL ? 25 : 40;
    return {
      schoolYear: year,
      managers: rng.int(2, 4),
      teachers: base + rng.int(-8, 12),
      staff: rng.int(4, 12),
      students: base * rng.int(12, 20),
      grade12Students: level === SchoolLevel.UPPER_SECONDARY ? rng.int(150, 400) : 0,
    };
  }

  async cellWithSchool(parent: Organization, plan: CellPlan): Promise<Organization> {
    const cell = await buildOrganization(this.ds, parent, { name: plan.name, kind: OrganizationKind.SCHOOL_CELL });
    await insertSchool(this.em, cell, { name: plan.name.replace('Chi bộ ', ''), level: plan.level, headcounts: plan.headcounts.map((y) => this.headcount(y, plan.level)) });
    return cell;
  }

  /** A cell's members: a manager first, then a random mix of categories, dates and statuses. */
  async membersOf(cell: Organization, plan: CellPlan): Promise<Member[]> {
    const rng = this.rng;
    const categories =
      plan.level === SchoolLevel.UPPER_SECONDARY
        ? [PersonCategory.TEACHER, PersonCategory.TEACHER, PersonCategory.TEACHER, PersonCategory.STAFF, PersonCategory.MANAGER, PersonCategory.STUDENT, PersonCategory.STUDENT]
        : [PersonCategory.TEACHER, PersonCategory.TEACHER, PersonCategory.TEACHER, PersonCategory.STAFF, PersonCategory.MANAGER];
    const made: Member[] = [];
    const count = rng.int(6, 12);
    for (let i = 0; i < count; i++) {
      const category = i === 0 ? PersonCategory.MANAGER : rng.pick(categories);
      const seed: MemberSeed = { fullName: this.personName(), category };
      const shape = rng.int(0, 9);
      if (shape === 0) {
        // An old record: no dates at all, official.
        seed.admittedOn = null;
        seed.officialOn = null;
        seed.status = MemberStatus.OFFICIAL;
      } else if (shape === 1) {
        // Official with the date of recognition unknown.
        seed.admittedOn = dateBetween(rng, '2008-01-01', '2024-06-30');
        seed.officialOn = null;
        seed.status = MemberStatus.OFFICIAL;
      } else {
        const admittedOn = dateBetween(rng, shape < 4 ? '2020-06-01' : '2008-01-01', '2026-10-31');
        seed.admittedOn = admittedOn;
        const officialOn = addDays(admittedOn, rng.int(366, 420));
        if (officialOn < TODAY && rng.chance(0.9)) {
          seed.status = MemberStatus.OFFICIAL;
          seed.officialOn = officialOn;
        } else {
          seed.status = MemberStatus.PROBATIONARY;
          seed.officialOn = null;
        }
      }
      if (i === 0 && plan.secretary !== 'none') {
        seed.isSecretary = true;
        seed.isPrincipal = plan.secretary === 'principal';
      }
      if (i === 1 && plan.secretary === 'notPrincipal') seed.isPrincipal = true; // the principal, not the secretary
      made.push(await insertMember(this.em, cell, seed));
    }
    return made;
  }

  async candidate(cell: Organization, level: SchoolLevel, steps: StageStepSeed[], extra: { category?: PersonCategory; stall?: StallReason[]; mentor?: Member | null; nationalId?: string } = {}): Promise<Candidate> {
    const rng = this.rng;
    const category = extra.category ?? (level === SchoolLevel.UPPER_SECONDARY && rng.chance(0.55) ? PersonCategory.STUDENT : rng.pick([PersonCategory.TEACHER, PersonCategory.TEACHER, PersonCategory.STAFF, PersonCategory.MANAGER]));
    const student = category === PersonCategory.STUDENT;
    return insertCandidate(this.em, cell, {
      fullName: this.personName(),
      dateOfBirth: student ? dateBetween(rng, '2005-01-01', '2008-12-31') : dateBetween(rng, '1975-01-01', '2000-12-31'),
      gender: rng.pick([Gender.FEMALE, Gender.MALE]),
      category,
      grade: student ? 12 : null,
      educationLevel: student ? EducationLevel.LOWER_SECONDARY : EducationLevel.UNIVERSITY,
      nationalId: extra.nationalId ?? String(100000000000 + rng.int(0, 899999999)),
      phone: '0912345678',
      mentor: extra.mentor ?? null,
      steps,
      stallReasons: extra.stall?.map((reason, i) => ({ reason, recordedOn: addDays(steps[steps.length - 1].on, 10 + i) })),
    });
  }

  /** A seeded-random history: some steps along the path, sometimes a way out, never after today. */
  async randomCandidate(cell: Organization, level: SchoolLevel, direct: boolean, members: Member[]): Promise<Candidate> {
    const { rng, em } = this;
    const path = direct ? PATH_DIRECT : PATH_UNDER_COMMITTEE;
    const reach = rng.int(1, path.length);
    let on = dateBetween(rng, '2020-01-01', '2026-06-30');
    const steps: StageStepSeed[] = [];
    for (let i = 0; i < reach; i++) {
      if (i > 0) on = addDays(on, path[i] === CandidateStage.OFFICIAL ? rng.int(366, 400) : rng.int(15, 190));
      if (on >= TODAY) break;
      steps.push({ stage: path[i], on });
    }
    const last = steps[steps.length - 1].stage;
    if (rng.chance(0.18)) {
      const exitOn = addDays(on, rng.int(10, 120));
      const exit =
        last === CandidateStage.PROBATIONARY
          ? CandidateStage.PROBATION_NOT_RECOGNIZED
          : last === CandidateStage.OFFICIAL
            ? null
            : rng.pick([CandidateStage.DROPPED, CandidateStage.REJECTED]);
      if (exit && exitOn < TODAY) steps.push({ stage: exit, on: exitOn });
    }
    const stall = rng.chance(0.35) ? (rng.chance(0.3) ? [rng.pick(STALL_REASONS), rng.pick(STALL_REASONS)] : [rng.pick(STALL_REASONS)]) : undefined;
    const made = await this.candidate(cell, level, steps, { stall, mentor: rng.chance(0.5) ? rng.pick(members) : null });
    const active = [CandidateStage.CELL_RESOLVED, CandidateStage.COMMITTEE_RESOLVED, CandidateStage.ADMITTED, CandidateStage.PROBATIONARY, CandidateStage.DOSSIER].includes(made.stage);
    if (active && rng.chance(0.7)) {
      await em.update(Candidate, { id: made.id }, { deadlineKind: 'DECISION', deadlineOn: addDays(TODAY, rng.int(-120, 90)) });
    }
    if (rng.chance(0.25)) {
      // Events that are not steps never count: a mentor change recorded with the current stage.
      await em.insert(CandidateStageEvent, {
        candidateId: made.id,
        tenantId: made.tenantId,
        organizationId: made.organizationId,
        kind: StageEventKind.MENTOR_CHANGED,
        fromStage: made.stage,
        toStage: made.stage,
        occurredOn: addDays(made.stageSince, 3) < TODAY ? addDays(made.stageSince, 3) : made.stageSince,
      });
    }
    return made;
  }

  /** A cell's members and `candidates` seeded-random candidates. */
  async populate(cell: Organization, plan: CellPlan, direct: boolean, candidates: number): Promise<Member[]> {
    const members = await this.membersOf(cell, plan);
    for (let i = 0; i < candidates; i++) await this.randomCandidate(cell, plan.level, direct, members);
    return members;
  }

  /** A candidate whose latest step was reverted: the step stays in the history, marked corrected, with the CORRECTION event that undid it. */
  async revertedLatest(cell: Organization, steps: StageStepSeed[], category: PersonCategory): Promise<Candidate> {
    const em = this.em;
    const made = await this.candidate(cell, SchoolLevel.UPPER_SECONDARY, steps, { category });
    const events = await em.find(CandidateStageEvent, { where: { candidateId: made.id }, order: { id: 'ASC' } });
    const latest = events[events.length - 1];
    const previous = events[events.length - 2];
    await em.update(CandidateStageEvent, { id: latest.id }, { corrected: true });
    await em.update(Candidate, { id: made.id }, { stage: previous.toStage, stageSince: previous.occurredOn });
    await em.insert(CandidateStageEvent, {
      candidateId: made.id,
      tenantId: made.tenantId,
      organizationId: made.organizationId,
      kind: StageEventKind.CORRECTION,
      fromStage: latest.toStage,
      toStage: previous.toStage,
      occurredOn: addDays(latest.occurredOn, 5),
      correctsEventId: latest.id,
      facts: JSON.stringify({ reason: 'Nhập nhầm', revert: true }),
    });
    return made;
  }
}
