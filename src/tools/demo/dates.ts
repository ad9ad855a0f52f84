/** Calendar arithmetic on YYYY-MM-DD strings (no time zones), for the demo and scale generators. */
import { addMonths, formatDate, parts } from '../../common/dates';
import type { Rng } from './rng';

const DAY_MS = 24 * 3600 * 1000;

function toUtc(date: string): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): string {
  const value = new Date(ms);
  return formatDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** Documents are signed on working days: a Saturday or Sunday moves to the next Monday. */
export function onWeekday(date: string): string {
  const weekday = new Date(toUtc(date)).getUTCDay();
  if (weekday === 6) return addDays(date, 2);
  if (weekday === 0) return addDays(date, 1);
  return date;
}

/** A day in [from, to], both included. */
export function dateBetween(rng: Rng, from: string, to: string): string {
  return addDays(from, rng.int(0, daysBetween(from, to)));
}
