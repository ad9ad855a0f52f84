import { In, type EntityManager } from 'typeorm';
import type { RequestContext } from '../../graphql/context';
import { insertOrganization } from '../organization/organization.rows';
import { insertSchool } from '../school/school.rows';
import { scopeSubject } from '../../auth/scope';
import { nameKeys } from '../../common/text';
import { clashReason, type Clash } from '../audit/clash';
import { Organization } from '../organization/organization.entity';
import { allowedUnder } from '../organization/organization.service';
import { School, SchoolHeadcount } from '../school/school.entity';
import { OrganizationKind, SCHOOL_ORGANIZATION_KINDS, type SchoolLevel } from '../../domain/enums';
import { ORGANIZATION_COLUMNS } from './columns';
import type { Problem } from './read';
import type { Parsed } from './rows';

/**
 * Import of organizations with their schools and one year's headcounts. Natural key: the code
 * within the tenant. A row's parent is found by its code: the organization imported into, an
 * organization of its subtree, or a row earlier in the file (rows are processed in file order).
 * Existing organizations are updated (name, school, headcounts), never moved nor re-kinded.
 */
const COUNTS = ['managers', 'teachers', 'staff', 'students', 'grade12Students'] as const;

export interface OrganizationPlanned {
  row: number;
  parsed: Parsed;
  /** The parent's code; resolved to an organization while writing (it may be created by an earlier row). */
  parentCode: string;
  kind: OrganizationKind;
  existing: Organization | null;
  school: School | null;
  headcount: SchoolHeadcount | null;
  changes: Record<string, unknown>;
}

/** What a node of the tree looks like while checking: a stored organization or a row to create. */
interface Node {
  id: number;
  path: string;
  parentId: number | null;
  kind: OrganizationKind;
  row: number | null;
}

const header = (key: string) => ORGANIZATION_COLUMNS.find((c) => c.key === key)!.header;

async function chunked<T, R>(values: T[], load: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += 500) out.push(...(await load(values.slice(i, i + 500))));
  return out;
}

export async function analyseOrganizations(
  em: EntityManager,
  ctx: RequestContext,
  rows: { row: number; p: Parsed; failed: Set<string> }[],
  target: Organization,
  problems: Problem[],
  clashes: Clash[],
): Promise<OrganizationPlanned[]> {
  const codes = [...new Set(rows.flatMap((r) => [r.p.code, r.p.parentCode]).filter((code): code is string => typeof code === 'string'))];
  const stored = await chunked(codes, (chunk) => em.find(Organization, { where: { tenantId: target.tenantId, code: In(chunk) } }));
  const byCode = new Map(stored.map((o) => [o.code ?? '', o]));
  const orgIds = stored.map((o) => o.id);
  const schools = await chunked(orgIds, (chunk) => em.find(School, { where: { organizationId: In(chunk) } }));
  const schoolOf = new Map(schools.map((s) => [s.organizationId, s]));
  const years = [...new Set(rows.map((r) => r.p.schoolYear).filter((y): y is number => typeof y === 'number'))];
  const headcounts = years.length
    ? await chunked(schools.map((s) => s.id), (chunk) => em.find(SchoolHeadcount, { where: { schoolId: In(chunk), schoolYear: In(years) } }))
    : [];
  const headcountOf = new Map(headcounts.map((h) => [`${h.schoolId}|${h.schoolYear}`, h]));

  const nodes = new Map<string, Node>();
  // A parent the caller cannot read reads as unknown.
  for (const o of stored) {
    if (ctx.ability.can('read', scopeSubject('Organization', o, null))) nodes.set(o.code ?? '', { id: o.id, path: o.path, parentId: o.parentId, kind: o.kind, row: null });
  }
  if (target.code) nodes.set(target.code, { id: target.id, path: target.path, parentId: target.parentId, kind: target.kind, row: null });
  const seen = new Map<string, number>();
  const plan: OrganizationPlanned[] = [];
  for (const { row, p, failed } of rows) {
    // Every problem of the row is told; a check that needs a refused or unresolved value is left out.
    let bad = failed.size > 0;
    const reject = (key: string | null, reason: string) => {
      problems.push({ row, column: key ? header(key) : null, reason });
      bad = true;
    };
    const code = typeof p.code === 'string' ? p.code : null;
    const parentCode = typeof p.parentCode === 'string' ? p.parentCode : null;
    let existing: Organization | null = null;
    // A code that cannot be this row's: what an organization of that code would need is not asked.
    let codeRefused = false;
    if (code !== null) {
      const first = seen.get(code);
      if (first !== undefined) reject('code', `duplicate code in the file (row ${first})`);
      else seen.set(code, row);
      existing = byCode.get(code) ?? null;
      if (existing && existing.id === target.id) {
        reject('code', 'the organization imported into cannot be a row of its file');
        existing = null;
        codeRefused = true;
      } else if (existing && !existing.path.startsWith(target.path)) {
        // A code held outside the subtree imported into, in the caller's scope or not: the same answer
        // either way, nothing of the holder (kind, parent) is told.
        reject('code', clashReason('code'));
        clashes.push({ field: 'code', value: code, attemptedIn: target, holder: { subjectType: 'Organization', id: existing.id, organizationId: existing.id } });
        existing = null;
        codeRefused = true;
      }
    }
    let parent: Node | null = null;
    if (parentCode !== null) {
      const found = nodes.get(parentCode);
      if (!found) {
        const later = rows.find((r) => r.p.code === parentCode && r.row > row);
        reject('parentCode', later ? `the parent's row (${later.row}) must come before this one` : `unknown parent organization: ${parentCode}`);
      } else if (!found.path.startsWith(target.path)) reject('parentCode', 'out of scope');
      else parent = found;
    }
    const kind = (p.kind as OrganizationKind | null) ?? existing?.kind ?? null;
    if (!kind && !failed.has('kind') && !codeRefused) reject('kind', 'required for a new organization');
    if (existing && kind && existing.kind !== kind) reject('kind', `cannot change the kind of an existing organization (${existing.kind})`);
    if (existing && parent && existing.parentId !== parent.id) reject('parentCode', 'the organization exists under another parent: move it in the application');
    if (kind && parent && !allowedUnder(kind, parent.kind)) reject('kind', `a ${kind} cannot sit under a ${parent.kind}`);
    if (parent && code !== null && !bad) {
      const writable = existing
        ? ctx.ability.can('update', scopeSubject('Organization', existing, null))
        : ctx.ability.can('create', scopeSubject('Organization', { id: parent.id, path: `${parent.path}0/`, parentId: parent.id }, null));
      if (!writable) reject('parentCode', 'out of scope');
    }
    const hasSchool = p.schoolName !== null;
    const hasCounts = COUNTS.some((c) => p[c] !== null);
    if (kind && (hasSchool || hasCounts || p.schoolYear !== null) && !SCHOOL_ORGANIZATION_KINDS.includes(kind)) reject('schoolName', 'only a school cell or school committee has a school of its own');
    const school = existing ? (schoolOf.get(existing.id) ?? null) : null;
    if (hasSchool && !p.schoolLevel && !school && !failed.has('schoolLevel') && !codeRefused) reject('schoolLevel', 'required with a new school');
    if ((hasCounts || p.schoolYear !== null) && !hasSchool && !school && !failed.has('schoolName') && !codeRefused) reject('schoolName', 'headcounts need the school');
    if (hasCounts && p.schoolYear === null && !failed.has('schoolYear')) reject('schoolYear', 'required with headcounts');
    if (p.grade12Students !== null && p.students !== null && Number(p.grade12Students) > Number(p.students)) reject('grade12Students', 'cannot exceed the students');
    if (bad || !kind || !parent || code === null || parentCode === null) continue;
    const headcount = school && typeof p.schoolYear === 'number' ? (headcountOf.get(`${school.id}|${p.schoolYear}`) ?? null) : null;
    const changes: Record<string, unknown> = {};
    if (!existing || existing.name !== String(p.name)) changes.name = p.name;
    if (hasSchool && (!school || school.name !== String(p.schoolName))) changes.schoolName = p.schoolName;
    if (p.schoolLevel && (!school || school.level !== p.schoolLevel)) changes.schoolLevel = p.schoolLevel;
    if (typeof p.schoolYear === 'number') {
      for (const c of COUNTS) {
        const wanted = p[c] === null ? (headcount?.[c] ?? 0) : Number(p[c]);
        if (!headcount || headcount[c] !== wanted) changes[c] = wanted;
      }
    }
    const node: Node = existing
      ? { id: existing.id, path: existing.path, parentId: existing.parentId, kind, row: null }
      : { id: -row, path: `${parent.path}new${row}/`, parentId: parent.id, kind, row };
    nodes.set(code, node);
    plan.push({ row, parsed: p, parentCode, kind, existing, school, headcount, changes });
  }
  return plan;
}

export async function applyOrganizations(em: EntityManager, target: Organization, plan: OrganizationPlanned[], onProgress?: (done: number, total: number) => void): Promise<void> {
  const created = new Map<string, Organization>();
  const parentByCode = async (code: string): Promise<Organization> => {
    if (code === target.code) return target;
    const found = created.get(code) ?? (await em.findOne(Organization, { where: { tenantId: target.tenantId, code } }));
    if (!found) throw new Error(`Import: parent ${code} vanished`);
    created.set(code, found);
    return found;
  };
  for (const [index, item] of plan.entries()) {
    onProgress?.(index + 1, plan.length);
    const p = item.parsed;
    const code = String(p.code);
    if (item.existing && Object.keys(item.changes).length === 0) continue;
    let organization = item.existing;
    if (!organization) {
      organization = await insertOrganization(em, await parentByCode(item.parentCode), { name: String(p.name), kind: item.kind, code, mayDecideAdmission: false });
      created.set(code, organization);
    } else if ('name' in item.changes) {
      await em.update(Organization, { id: organization.id }, { name: String(p.name), ...nameKeys(String(p.name)), version: organization.version + 1 });
    }
    let school = item.school;
    if (!school && p.schoolName !== null) {
      school = await insertSchool(em, organization, { name: String(p.schoolName), level: p.schoolLevel as SchoolLevel, code });
    } else if (school && ('schoolName' in item.changes || 'schoolLevel' in item.changes)) {
      const name = String(p.schoolName ?? school.name);
      await em.update(School, { id: school.id }, { name, ...nameKeys(name), level: (p.schoolLevel as SchoolLevel | null) ?? school.level, version: school.version + 1 });
    }
    if (school && typeof p.schoolYear === 'number' && COUNTS.some((c) => c in item.changes)) {
      const values = Object.fromEntries(COUNTS.map((c) => [c, p[c] === null ? (item.headcount?.[c] ?? 0) : Number(p[c])]));
      if (item.headcount) await em.update(SchoolHeadcount, { id: item.headcount.id }, values);
      else await em.insert(SchoolHeadcount, { schoolId: school.id, schoolYear: p.schoolYear, ...values });
    }
  }
}
