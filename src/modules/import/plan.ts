/**
 * The check of a file of members or candidates, row by row and then against the file and the
 * database (the cell by its code, in the caller's scope and under the organization given; dates;
 * national ids; duplicates; who may carry a committee's steps): the plan of what to write, and
 * the problems of the rows that cannot be written. Organizations: organizations.ts.
 */
import { In, type EntityManager } from 'typeorm';
import type { RequestContext } from '../../graphql/context';
import { scopeSubject } from '../../auth/scope';
import { todayInVietnam } from '../../common/dates';
import { clashReason, type Clash } from '../audit/clash';
import { Organization } from '../organization/organization.entity';
import { Member } from '../member/member.entity';
import { Candidate } from '../candidate/candidate.entity';
import { CandidateStage, MemberStatus, OrganizationKind, Role } from '../../domain/enums';
import { placesOf } from '../organization/authority';
import { columnsOf, type ImportKind } from './columns';
import { readSheet, type Problem } from './read';
import { MEMBER_RULE_CELLS, memberRowFindings, memberRules, parseRow, type Parsed } from './rows';
import { candidateRules, candidateSteps } from './candidate-rows';
import { analyseOrganizations } from './organizations';

/** How far a run is: each row checked, then each row written. */
export type ImportProgress = (phase: 'checking' | 'writing', done: number, total: number) => void;

/** What is imported: the kind of rows and the file. */
export interface ImportInput {
  kind: ImportKind;
  content: Buffer;
  onProgress?: ImportProgress;
}

/** A record a row of members or candidates writes. */
export type RosterRecord = Member | Candidate;

/** A row to write: a new record (changes: all its values) or the changes to an existing one. */
export interface Planned {
  row: number;
  cell: Organization;
  parsed: Parsed;
  existing: RosterRecord | null;
  changes: Record<string, unknown>;
}

const MEMBER_FIELDS = ['dateOfBirth', 'gender', 'category', 'status', 'admittedOn', 'officialOn', 'isSecretary', 'isPrincipal'] as const;
const CANDIDATE_FIELDS = ['dateOfBirth', 'gender', 'category', 'educationLevel', 'grade', 'youthUnionMember', 'phone'] as const;
const CHUNK = 500;

export async function inChunks<T>(values: T[], load: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < values.length; i += CHUNK) await load(values.slice(i, i + CHUNK));
}

/** The values a row gives to its record (defaults as the API's create mutations apply them). */
function rowValues(kind: ImportKind, p: Parsed): Record<string, unknown> {
  if (kind === 'members') {
    return {
      dateOfBirth: p.dateOfBirth ?? null,
      gender: p.gender ?? null,
      category: p.category,
      status: p.status ?? MemberStatus.OFFICIAL,
      admittedOn: p.admittedOn ?? null,
      officialOn: p.officialOn ?? null,
      isSecretary: p.isSecretary ?? false,
      isPrincipal: p.isPrincipal ?? false,
    };
  }
  return {
    dateOfBirth: p.dateOfBirth,
    gender: p.gender,
    category: p.category,
    educationLevel: p.educationLevel,
    grade: p.grade ?? null,
    youthUnionMember: p.youthUnionMember ?? false,
    phone: p.phone ?? null,
  };
}

/** What the report counts of a planned row. */
export interface Counted {
  existing: unknown;
  changes: Record<string, unknown>;
}

const DECIDED_STAGES: readonly CandidateStage[] = [CandidateStage.ADMITTED, CandidateStage.PROBATIONARY, CandidateStage.OFFICIAL, CandidateStage.PROBATION_NOT_RECOGNIZED];

/**
 * Whether the importer may carry a row whose history holds the grassroots committee's resolution
 * (COMMITTEE_RESOLVED) or the deciding committee's decisions (admission, recognition): only the
 * committee that takes the step, one above it, or a system administrator. Null when it may.
 */
async function committeeStepsRefused(
  em: EntityManager,
  ctx: RequestContext,
  cell: Organization,
  stages: readonly CandidateStage[],
  cache: Map<number, { resolverPath: string | null; deciderPath: string | null }>,
): Promise<{ key: string; reason: string } | null> {
  const principal = ctx.principal;
  if (!principal || principal.role === Role.SYSTEM_ADMIN) return null;
  const resolves = stages.includes(CandidateStage.COMMITTEE_RESOLVED);
  const decides = stages.some((stage) => DECIDED_STAGES.includes(stage));
  if (!resolves && !decides) return null;
  let where = cache.get(cell.id);
  if (!where) {
    const places = await placesOf(em, cell);
    const pathOf = async (id: number | null) => (id === null ? null : ((await em.findOne(Organization, { where: { id }, select: { id: true, path: true } }))?.path ?? null));
    where = { resolverPath: await pathOf(places.cellParentId), deciderPath: await pathOf(places.decidingOrganizationId) };
    cache.set(cell.id, where);
  }
  const mayAs = (path: string | null) => principal.role === Role.COMMITTEE && path !== null && path.startsWith(principal.organizationPath);
  if (decides && !mayAs(where.deciderPath)) return { key: 'stage', reason: 'admission and recognition are recorded by the committee that decides them (or one above it): import this row there' };
  if (resolves && !mayAs(where.resolverPath)) return { key: 'committeeResolvedOn', reason: "the grassroots committee's resolution is recorded by that committee (or one above it): import this row there" };
  return null;
}

/** The rows of the file checked; for members and candidates the plan, for organizations theirs. */
export async function analyse(em: EntityManager, ctx: RequestContext, options: ImportInput, target: Organization, problems: Problem[], clashes: Clash[]): Promise<{ rows: number; plan: Planned[]; organizations?: Awaited<ReturnType<typeof analyseOrganizations>> }> {
  const { kind } = options;
  const columns = columnsOf(kind);
  const sheet = await readSheet(options.content, columns);
  problems.push(...sheet.problems);
  if (sheet.problems.length) return { rows: sheet.rows.length, plan: [] };
  if (kind === 'organizations') {
    const parsed = sheet.rows.map((raw) => ({ row: raw.row, ...parseRow(raw, columns, problems) }));
    return { rows: sheet.rows.length, plan: [], organizations: await analyseOrganizations(em, ctx, parsed, target, problems, clashes) };
  }
  const subject = kind === 'members' ? 'Member' : 'Candidate';
  const entity = kind === 'members' ? Member : Candidate;
  const header = (key: string) => columns.find((c) => c.key === key)!.header;

  // Every row is checked whole: its cells, the rules between them, then the file and the database;
  // a row is planned only when none of it was refused, and reports all its problems at once.
  const parsedRows: { row: number; p: Parsed; fine: boolean; datesRead: boolean }[] = [];
  for (const raw of sheet.rows) {
    const { p, failed } = parseRow(raw, columns, problems);
    const rulesHold = kind === 'members' ? memberRules(raw.row, p, columns, problems) : candidateRules(raw.row, p, failed, columns, problems, ctx.config.rules);
    // A member's Charter rules (below, once the record is known) read these cells, in order.
    const datesRead = rulesHold && !MEMBER_RULE_CELLS.some((key) => failed.has(key));
    parsedRows.push({ row: raw.row, p, fine: failed.size === 0 && rulesHold, datesRead });
  }

  // The cells, by code, in the target's tenant.
  const codes = [...new Set(parsedRows.map((r) => r.p.cellCode).filter((code): code is string => typeof code === 'string'))];
  const cells = new Map<string, Organization>();
  await inChunks(codes, async (chunk) => {
    for (const org of await em.find(Organization, { where: { tenantId: target.tenantId, code: In(chunk) } })) cells.set(org.code ?? '', org);
  });
  // The cells' parents: a cell directly under a city committee has no COMMITTEE_RESOLVED step.
  const parentKinds = new Map<number, OrganizationKind>();
  const parentIds = [...new Set([...cells.values()].map((c) => c.parentId).filter((id): id is number => id !== null))];
  if (kind === 'candidates') {
    await inChunks(parentIds, async (chunk) => {
      for (const org of await em.find(Organization, { where: { id: In(chunk) } })) parentKinds.set(org.id, org.kind);
    });
  }
  const nationalIds = [...new Set(parsedRows.map((r) => r.p.nationalId).filter((v): v is string => typeof v === 'string'))];
  const byNationalId = new Map<string, RosterRecord>();
  await inChunks(nationalIds, async (chunk) => {
    for (const rec of await em.find<RosterRecord>(entity, { where: { tenantId: target.tenantId, nationalId: In(chunk) } })) byNationalId.set(rec.nationalId ?? '', rec);
  });
  const cellIds = [...new Set([...cells.values()].map((c) => c.id))];
  const byNameKey = new Map<string, RosterRecord>();
  const nameKey = (cellId: number, fullName: string, dob: unknown) => `${cellId}|${fullName}|${dob ?? ''}`;
  await inChunks(cellIds, async (chunk) => {
    for (const rec of await em.find<RosterRecord>(entity, { where: { organizationId: In(chunk) } })) byNameKey.set(nameKey(rec.organizationId, rec.fullName, rec.dateOfBirth), rec);
  });

  const placesCache = new Map<number, { resolverPath: string | null; deciderPath: string | null }>();
  const plan: Planned[] = [];
  const seenIds = new Map<string, number>();
  const seenKeys = new Map<string, number>();
  const seenRecords = new Set<number>();
  const secretaries = new Map<number, number>();
  for (const [index, { row, p, fine, datesRead }] of parsedRows.entries()) {
    options.onProgress?.('checking', index + 1, parsedRows.length);
    let bad = !fine;
    const reject = (key: string | null, reason: string) => {
      problems.push({ row, column: key ? header(key) : null, reason });
      bad = true;
    };
    // The cell, when the row names one the caller may write into; the checks that need it are left out otherwise.
    let cell: Organization | null = null;
    if (typeof p.cellCode === 'string') {
      const found = cells.get(p.cellCode);
      // A code the caller cannot read reads as one that does not exist (its kind is not told either).
      if (!found || !ctx.ability.can('read', scopeSubject('Organization', found, null))) reject('cellCode', `unknown cell: ${p.cellCode}`);
      else if (found.kind !== OrganizationKind.SCHOOL_CELL) reject('cellCode', `not a school cell: ${p.cellCode}`);
      else {
        const inTarget = found.path.startsWith(target.path);
        const writable = ctx.ability.can('create', scopeSubject(subject, { mentorId: null }, found.path)) && ctx.ability.can('update', scopeSubject(subject, { mentorId: null }, found.path));
        if (!inTarget || !writable) reject('cellCode', 'out of scope');
        else cell = found;
      }
    }
    if (cell && kind === 'candidates' && p.committeeResolvedOn && cell.parentId !== null && parentKinds.get(cell.parentId) === OrganizationKind.CITY_COMMITTEE) {
      reject('committeeResolvedOn', 'a cell directly under a city committee has no grassroots committee resolution');
    }
    if (cell && kind === 'candidates') {
      // A row records steps: those of a committee above the cell only its importer may carry when
      // it is that committee or above it (as the step mutations allow), never a cell or a commune
      // on behalf of the committee that decides.
      const refused = await committeeStepsRefused(em, ctx, cell, candidateSteps(p, todayInVietnam()).map((step) => step.stage), placesCache);
      if (refused) reject(refused.key, refused.reason);
    }
    const fullName = typeof p.fullName === 'string' ? p.fullName : null;
    const nid = typeof p.nationalId === 'string' ? p.nationalId : null;
    if (nid) {
      const first = seenIds.get(nid);
      if (first !== undefined) reject('nationalId', `duplicate national id in the file (row ${first})`);
      else seenIds.set(nid, row);
    }
    if (!cell || fullName === null) continue;
    const key = nameKey(cell.id, fullName, p.dateOfBirth);
    const firstKey = seenKeys.get(key);
    if (firstKey !== undefined) reject('fullName', `duplicate person in the file (row ${firstKey})`);
    else seenKeys.set(key, row);
    let existing: RosterRecord | null = nid ? (byNationalId.get(nid) ?? null) : null;
    if (nid && existing && (existing.organizationId !== cell.id || existing.fullName !== fullName)) {
      // Held by another person, in the caller's scope or not: the same answer either way.
      reject('nationalId', clashReason('nationalId'));
      clashes.push({ field: 'nationalId', value: nid, attemptedIn: cell, holder: { subjectType: subject, id: existing.id, organizationId: existing.organizationId } });
      existing = null;
    }
    if (!existing) {
      const sameName = byNameKey.get(key) ?? null;
      if (sameName && (!nid || sameName.nationalId === null)) existing = sameName;
    }
    if (existing && seenRecords.has(existing.id)) reject('fullName', 'two rows of the file are the same person');
    if (kind === 'members' && datesRead) {
      for (const { key, reason } of await memberRowFindings(em, ctx.config.rules, existing as Member | null, rowValues(kind, p))) reject(key, reason);
    }
    if (kind === 'members' && p.isSecretary) {
      const other = secretaries.get(cell.id);
      if (other !== undefined) reject('isSecretary', `a cell has one secretary (row ${other} names another)`);
      else if (!bad) secretaries.set(cell.id, row);
    }
    if (bad) continue;
    if (existing) seenRecords.add(existing.id);
    const values = rowValues(kind, p);
    if (nid) values.nationalId = nid;
    const changes: Record<string, unknown> = {};
    if (existing) {
      const current = existing as unknown as Record<string, unknown>;
      for (const field of [...(kind === 'members' ? MEMBER_FIELDS : CANDIDATE_FIELDS), 'nationalId']) {
        if (field in values && (current[field] ?? null) !== (values[field] ?? null)) changes[field] = values[field];
      }
    }
    plan.push({ row, cell, parsed: p, existing, changes: existing ? changes : values });
  }
  return { rows: sheet.rows.length, plan };
}
