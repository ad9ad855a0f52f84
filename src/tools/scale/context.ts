import type { RulesConfig } from '../../config';
import type { WorkingCalendar } from '../../modules/calendar/working-days';
import { nameKeys } from '../../common/text';
import { dateBetween } from '../demo/dates';
import type { Rng } from '../demo/rng';
import type { People } from '../demo/people';
import type { Ids, RowSet } from './bulk';
import type { TenantSpec } from './names';

/** Everything the planners of one tenant share: its PRNG and people, the ids, the rows. */
export interface TenantContext {
  spec: TenantSpec;
  /** Id of the tenant's root committee, which every row carries. */
  tenantId: number;
  rng: Rng;
  people: People;
  calendar: WorkingCalendar;
  rules: RulesConfig;
  /** The data's today: every step is dated before it. */
  asOf: string;
  ids: Ids;
  rows: RowSet;
  /** Last number of each series of documents ("QD-2024" → 1234). */
  counters: Map<string, number>;
  /** Signs the admission decisions of the tenant's standing committee. */
  signer: string;
  keys: NameKeyCache;
}

/** Hà Nội's counts; `--scale` multiplies them. */
export const HANOI = {
  communes: 126,
  schools: 2835,
  teachers: 138_090,
  members: 95_000,
  activeCandidates: 30_000,
  finishedCandidates: 20_000,
};

export type TenantCounts = typeof HANOI;

export function countsFor(scale: number): TenantCounts {
  const times = (value: number, min: number) => Math.max(min, Math.round(value * scale));
  const schools = times(HANOI.schools, 3);
  return {
    communes: Math.min(times(HANOI.communes, 1), schools),
    schools,
    teachers: times(HANOI.teachers, schools * 5),
    members: times(HANOI.members, schools * 4),
    activeCandidates: times(HANOI.activeCandidates, 8),
    finishedCandidates: times(HANOI.finishedCandidates, 3),
  };
}

/** Search and sort keys of a name, computed once per distinct name (names repeat a lot). */
export class NameKeyCache {
  private readonly cache = new Map<string, { searchName: string; sortName: string }>();

  get(name: string): { searchName: string; sortName: string } {
    let keys = this.cache.get(name);
    if (!keys) this.cache.set(name, (keys = nameKeys(name)));
    return keys;
  }
}

/** Largest-remainder split of `total` in proportion to `weights` (exact sums). */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || weights.length === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w * total) / sum);
  const result = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, rest = total - result.reduce((a, b) => a + b, 0); rest > 0; k++, rest--) result[order[k % order.length][1]]++;
  return result;
}

/** `total` values in proportion to their shares (exact counts, largest remainder), shuffled. */
export function dealt<T extends string>(rng: Rng, total: number, shares: Partial<Record<T, number>>): T[] {
  const values = Object.keys(shares) as T[];
  const counts = allocate(total, values.map((value) => shares[value] ?? 0));
  return rng.shuffle(values.flatMap((value, i) => Array.from({ length: counts[i] }, () => value)));
}

/** A day in [from, to] (just `from` when the range is empty). */
export function between(rng: Rng, from: string, to: string): string {
  return to <= from ? from : dateBetween(rng, from, to);
}

/** The next number of a series of documents, starting a little above `start`. */
export function nextNumber(ctx: TenantContext, series: string, start: number): number {
  const value = (ctx.counters.get(series) ?? start + ctx.rng.int(0, 9)) + ctx.rng.int(1, 2);
  ctx.counters.set(series, value);
  return value;
}
