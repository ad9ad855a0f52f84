/** The shapes the demo generator works with: tenants, cells, plans of candidates, and the demo's fixed dates. */
import type { Organization } from '../../modules/organization/organization.entity';
import type { Member } from '../../modules/member/member.entity';
import { CandidateStage as S, MemberStatus, PersonCategory, SchoolLevel, StallReason, type Role } from '../../domain/enums';
import type { MemberSeed } from '../../modules/member/member.rows';
import { ACTIVE_STAGES } from '../../modules/candidate/path/path-state';
import type { Rng } from './rng';
import type { People, Person } from './people';

export interface DemoUser {
  email: string;
  role: Role;
  organizationName: string;
  tenant: string;
}

export interface DemoSummary {
  users: DemoUser[];
  organizations: number;
  schools: number;
  members: number;
  candidates: number;
}

/** The demo's "today": every step is dated before it. */
export const CUTOFF = '2026-11-01';
export const LAST_DAY = '2026-10-31';
/** Mentors assigned in every cell (official members inserted one by one to be referenced). */
export const MENTORS_PER_CELL = 3;
/** The default probation (rules.probationMonths); a deployment with another setting refreshes the demo through the API. */
export const PROBATION_MONTHS = 12;

/** The path's stages up to the admission decision, in order. */
const TO_ADMISSION = ACTIVE_STAGES.slice(0, ACTIVE_STAGES.indexOf(S.ADMITTED) + 1);

/** The stages from SOURCE up to `last`; a cell without a grassroots committee above it skips COMMITTEE_RESOLVED. */
export function stagesTo(last: S, needsCommittee: boolean): S[] {
  const path = TO_ADMISSION.filter((stage) => needsCommittee || stage !== S.COMMITTEE_RESOLVED);
  return path.slice(0, path.indexOf(last) + 1);
}

/** One tenant being seeded: its root committee, its PRNG and people, its document series and counts. */
export interface Tenant {
  name: string;
  /** In the users' e-mail addresses: committee.<slug>@ketnap.demo. */
  slug: string;
  /** Prefix of its organization codes. */
  code: string;
  rng: Rng;
  people: People;
  root: Organization;
  /** Who signs admission decisions ("Ban Thường vụ Thành ủy Cao Lãnh"), and the number suffix ("QĐ/TU"). */
  decidedBy: string;
  signer: string;
  decisionSuffix: string;
  /** Issues the awareness-class certificates. */
  trainingCentre: string;
  /** Admission dates of ordinary members. */
  memberAdmissions: [string, string];
  /** Last number of each series of documents. */
  counters: Map<string, number>;
  counts: { organizations: number; schools: number; members: number; candidates: number };
  users: DemoUser[];
}

export interface CellMembers {
  secretary: Member;
  principal: Member;
  mentors: Member[];
  /** Every member of the cell as seeded: the cell's votes count its official members on their day. */
  roster: MemberSeed[];
}

/** The cell's official members on a day, as the API counts them for a vote (officialMemberCount). */
export function officialMembersOn(members: CellMembers, on: string): number {
  return members.roster.filter((m) => (m.status ?? MemberStatus.OFFICIAL) === MemberStatus.OFFICIAL && (!m.officialOn || m.officialOn <= on)).length;
}

/** A school cell and its school. */
export interface Cell {
  org: Organization;
  /** How the tenant's table names the school: "THCS:Kim Hồng". */
  tag: string;
  schoolName: string;
  level: SchoolLevel;
  /** The commune committee above the cell; null when it sits directly under the city committee. */
  committee: Organization | null;
  /** Managers + teachers + staff, school year 2025-2026. */
  size: number;
  /** Set once the members are seeded. */
  members: CellMembers | null;
  /** Mentors take candidates in turn; the first candidate with a mentor gets mentors[0]. */
  nextMentor: number;
}

export interface CandidatePlan {
  cell: Cell;
  person: Person;
  /** Steps on the path, SOURCE first, up to ADMITTED at most. */
  dates: { stage: S; on: string }[];
  ceremony?: string;
  /** Official recognition: the cell's resolution and the committee's decision, both once the probation is over. */
  recognition?: Recognition | null;
  exit?: { stage: S.DROPPED | S.REJECTED; on: string; reason: string };
  stall?: { reason: StallReason; note: string; recordedOn?: string };
  /** Facts that replace the generated ones (document numbers from the articles). */
  facts?: Partial<Record<S, Record<string, unknown>>>;
}

/** A candidate still on the way, or one who left it: a row of the tenants' tables in tenants/*.ts. */
export interface ActiveSpec {
  tag: string;
  stage: S;
  on: string;
  /** Date of birth; with no category, the candidate is a student (grade 12, Youth Union member). */
  born?: string;
  /** Default: STUDENT when `born` is given, TEACHER otherwise. */
  category?: PersonCategory;
  /** For DROPPED/REJECTED: the last stage reached before leaving. */
  after?: S;
  reason?: string;
  stall?: [StallReason, string];
}

export interface Recognition {
  /** The cell's resolution proposing recognition (on or after the end of the probation). */
  resolvedOn: string;
  /** The committee's decision: the date of the OFFICIAL step. */
  decidedOn: string;
}

/** The next number of a series of documents ("121-QĐ/TU"), starting a little above `start`. */
export function nextNumber(t: Tenant, series: string, start: number): number {
  const value = (t.counters.get(series) ?? start + t.rng.int(0, 9)) + t.rng.int(1, 3);
  t.counters.set(series, value);
  return value;
}

export function cellByTag(cells: Cell[], tag: string): Cell {
  const cell = cells.find((c) => c.tag === tag);
  if (!cell) throw new Error(`Demo data: no cell for ${tag}`);
  return cell;
}
