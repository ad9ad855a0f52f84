/** A demo tenant's root committee, then its commune committees and school cells, each cell with its school and headcounts. */
import type { EntityManager } from 'typeorm';
import type { Organization } from '../../modules/organization/organization.entity';
import { OrganizationKind, SchoolLevel } from '../../domain/enums';
import { insertOrganization } from '../../modules/organization/organization.rows';
import { insertSchool, type HeadcountSeed } from '../../modules/school/school.rows';
import { Rng } from './rng';
import { People } from './people';
import type { Cell, Tenant } from './model';

export async function createTenant(
  em: EntityManager,
  seed: Omit<Tenant, 'rng' | 'people' | 'root' | 'counters' | 'counts' | 'users'> & { prng: number; province: string },
): Promise<Tenant> {
  const root = await insertOrganization(em, null, { name: seed.name, kind: OrganizationKind.CITY_COMMITTEE, code: seed.code, mayDecideAdmission: true });
  const { prng, province, ...rest } = seed;
  const rng = new Rng(prng);
  return {
    ...rest,
    rng,
    people: new People(rng, province),
    root,
    counters: new Map(),
    counts: { organizations: 1, schools: 0, members: 0, candidates: 0 },
    users: [],
  };
}

/** Largest-remainder split of `total` in proportion to `weights` (exact sums). */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w * total) / sum);
  const result = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, rest = total - result.reduce((a, b) => a + b, 0); rest > 0; k++, rest--) result[order[k][1]]++;
  return result;
}

const SCHOOL_TAGS: Record<string, { level: SchoolLevel; prefix: string }> = {
  MN: { level: SchoolLevel.PRESCHOOL, prefix: 'Trường Mầm non' },
  TH: { level: SchoolLevel.PRIMARY, prefix: 'Trường Tiểu học' },
  THCS: { level: SchoolLevel.LOWER_SECONDARY, prefix: 'Trường THCS' },
  THPT: { level: SchoolLevel.UPPER_SECONDARY, prefix: 'Trường THPT' },
};
const BASE_SIZE: Record<SchoolLevel, number> = {
  PRESCHOOL: 26, PRIMARY: 36, LOWER_SECONDARY: 42, UPPER_SECONDARY: 80, CONTINUING: 30, HIGHER: 200,
};
const PUPILS_PER_STAFF: Record<SchoolLevel, number> = {
  PRESCHOOL: 11, PRIMARY: 21, LOWER_SECONDARY: 19, UPPER_SECONDARY: 15, CONTINUING: 15, HIGHER: 20,
};

export interface CommuneSpec {
  name: string;
  code: string;
  /** "THCS:Kim Hồng" → Trường THCS Kim Hồng; "THCS=Trường PTDTNT THCS Tam Đảo" gives the full name. */
  schools: string[];
}

export interface SchoolOverride {
  size?: number;
  students?: number;
  grade12?: number;
}

function parseTag(tag: string): { level: SchoolLevel; name: string; prefix: string } {
  const full = tag.includes('=');
  const [kind, rest] = tag.split(full ? '=' : ':');
  const spec = SCHOOL_TAGS[kind];
  return { level: spec.level, name: full ? rest : `${spec.prefix} ${rest}`, prefix: kind };
}

function headcounts(rng: Rng, level: SchoolLevel, size: number, override: SchoolOverride = {}): HeadcountSeed[] {
  const split = (total: number) => {
    const managers = level === SchoolLevel.UPPER_SECONDARY ? 4 : total >= 30 ? 3 : 2;
    const staff = Math.max(2, Math.round(total * 0.12));
    return { managers, teachers: total - managers - staff, staff };
  };
  const students = override.students ?? Math.round(size * PUPILS_PER_STAFF[level] * (0.9 + rng.next() * 0.2));
  const grade12 = level === SchoolLevel.UPPER_SECONDARY ? (override.grade12 ?? Math.round(students * 0.32)) : 0;
  const shrink = 0.93 + rng.next() * 0.04;
  return [
    { schoolYear: 2021, ...split(Math.round(size * shrink)), students: Math.round(students * 0.96), grade12Students: Math.round(grade12 * 0.96) },
    { schoolYear: 2025, ...split(size), students, grade12Students: grade12 },
  ];
}

/**
 * Creates the communes and the cells under them (and `direct` cells right under the root), each
 * cell with its school and headcounts. Staff sizes add up to `staffTotal` exactly when given.
 */
export async function seedTree(
  em: EntityManager,
  t: Tenant,
  communes: CommuneSpec[],
  direct: string[],
  options: { staffTotal?: number; overrides?: Record<string, SchoolOverride> } = {},
): Promise<{ communes: Map<string, Organization>; cells: Cell[] }> {
  const slots = [
    ...communes.flatMap((commune) => commune.schools.map((tag) => ({ commune, tag }))),
    ...direct.map((tag) => ({ commune: null as CommuneSpec | null, tag })),
  ];
  const weights = slots.map(({ tag }) => options.overrides?.[tag]?.size ?? BASE_SIZE[parseTag(tag).level] * (0.8 + t.rng.next() * 0.4));
  const sizes = options.staffTotal ? allocate(options.staffTotal, weights) : weights.map(Math.round);
  const communeOrgs = new Map<string, Organization>();
  const perPrefix = new Map<string, number>();
  const cells: Cell[] = [];
  for (const [i, { commune, tag }] of slots.entries()) {
    let parent = t.root;
    if (commune) {
      let org = communeOrgs.get(commune.code);
      if (!org) {
        org = await insertOrganization(em, t.root, { name: commune.name, kind: OrganizationKind.COMMUNE_COMMITTEE, code: `${t.code}-${commune.code}` });
        communeOrgs.set(commune.code, org);
        t.counts.organizations++;
      }
      parent = org;
    }
    const { level, name, prefix } = parseTag(tag);
    const n = (perPrefix.get(prefix) ?? 0) + 1;
    perPrefix.set(prefix, n);
    const code = `${t.code}-${commune ? `${commune.code}-` : ''}${prefix}${String(n).padStart(2, '0')}`;
    const org = await insertOrganization(em, parent, { name: `Chi bộ ${name}`, kind: OrganizationKind.SCHOOL_CELL, code });
    await insertSchool(em, org, { name, level, code, headcounts: headcounts(t.rng, level, sizes[i], options.overrides?.[tag]) });
    t.counts.organizations++;
    t.counts.schools++;
    cells.push({ org, tag, schoolName: name, level, committee: commune ? parent : null, size: sizes[i], members: null, nextMentor: 0 });
  }
  return { communes: communeOrgs, cells };
}
