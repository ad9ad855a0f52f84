import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { RequestContext } from './context';
import { loadFor } from '../auth/guard';
import { decodeId } from './ids';
import { likeSafe, searchKey } from '../common/text';

/**
 * Filters shared by the lists. `under` must be an organization the caller may read (otherwise
 * NOT_FOUND, like any out-of-scope id); it narrows the already scoped query to its subtree.
 */
export async function restrictToSubtree<T extends ObjectLiteral>(
  ctx: RequestContext,
  qb: SelectQueryBuilder<T>,
  under: string | null | undefined,
  pathColumn: string,
): Promise<void> {
  if (!under) return;
  const { record } = await loadFor<{ path: string }>(ctx, qb.connection.manager, 'Organization', decodeId(under, 'Organization', 'filter.under'));
  qb.andWhere(`${pathColumn} LIKE :underPath`, { underPath: `${record.path}%` });
}

/** Part of a name, ignoring diacritics and case ("dang duc" finds "Đặng Đức"). */
export function matchName<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, searchColumn: string, search: string | null | undefined): void {
  if (!search) return;
  qb.andWhere(`${searchColumn} LIKE :search`, { search: `%${likeSafe(searchKey(search))}%` });
}
