import { badInput } from '../errors/app-error';
import { todayInVietnam } from './dates';

export function assertNotFuture(date: string, field: string, today: string = todayInVietnam()): void {
  if (date > today) throw badInput(`${field} cannot be in the future`, [{ field, message: `must be on or before ${today}` }]);
}

export function assertOrder(earlier: string | null | undefined, later: string | null | undefined, earlierField: string, laterField: string): void {
  if (earlier && later && earlier > later) {
    throw badInput(`${laterField} cannot be before ${earlierField}`, [{ field: laterField, message: `must be on or after ${earlierField} (${earlier})` }]);
  }
}
