import { badInput, conflict } from '../errors/app-error';
import { todayInVietnam } from './dates';

export function assertNotFuture(date: string, field: string, today: string = todayInVietnam()): void {
  if (date > today) throw badInput(`${field} cannot be in the future`, [{ field, message: `must be on or before ${today}` }]);
}

export function assertOrder(earlier: string | null | undefined, later: string | null | undefined, earlierField: string, laterField: string): void {
  if (earlier && later && earlier > later) {
    throw badInput(`${laterField} cannot be before ${earlierField}`, [{ field: laterField, message: `must be on or after ${earlierField} (${earlier})` }]);
  }
}

/** Optimistic concurrency: the version the client read must still be the current one. */
export function assertVersion(what: string, sent: number | undefined, current: number): void {
  if (sent !== undefined && sent !== null && sent > current) {
    throw conflict(`This ${what} has no version ${sent} yet (it is at version ${current}); reload and try again`);
  }
  if (sent !== undefined && sent !== null && sent !== current) {
    throw conflict(`This ${what} has changed since version ${sent} (now ${current}); reload and try again`);
  }
}
