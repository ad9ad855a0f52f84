/**
 * The lists of what lies in the tree (organizations, schools, members, users), written once: the
 * caller's scope in SQL, narrowed to the subtree of `under`, then a page in one order.
 */
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { RequestContext } from '../../graphql/context';
import type { SubjectName, SubjectTypes } from '../../auth/subjects';
import { scopedQuery } from '../../auth/scope';
import { matchName, restrictToSubtree } from '../../graphql/list-filters';
import { paginate, type Connection } from '../../graphql/connection';

/**
 * What the caller may read of `subject`, under the organization `under` when one is given (one
 * the caller may read, or NOT_FOUND). `pathColumn` holds the path the subtree is read on: the
 * record's organization's (`scope_org`, the default) or, for an organization, its own.
 */
export async function subtreeQuery<N extends SubjectName>(
  ctx: RequestContext,
  subject: N,
  under: string | null | undefined,
  pathColumn = 'scope_org.path',
): Promise<SelectQueryBuilder<SubjectTypes[N] & ObjectLiteral>> {
  const qb = scopedQuery<SubjectTypes[N] & ObjectLiteral>(ctx.dataSource.manager, ctx.ability, 'read', subject);
  await restrictToSubtree(ctx, qb, under, pathColumn);
  return qb;
}

/** A page of the list in ascending order of one of its columns, then of id. */
export function pageBy<T extends ObjectLiteral & { id: number }>(
  qb: SelectQueryBuilder<T>,
  column: keyof T & string,
  first: number,
  after: string | undefined,
): Promise<Connection<T>> {
  const sortValue = (row: T) => row[column] as string | number;
  return paginate(qb, { first, after, sort: { property: `${qb.alias}.${column}`, direction: 'ASC' }, idProperty: `${qb.alias}.id`, sortValue });
}

/** A page of the records whose name holds `search` (diacritics and case aside), in the Vietnamese order of names. */
export function pageByName<T extends ObjectLiteral & { id: number; sortName: string }>(
  qb: SelectQueryBuilder<T>,
  search: string | null | undefined,
  first: number,
  after: string | undefined,
): Promise<Connection<T>> {
  matchName(qb, `${qb.alias}.searchName`, search);
  return pageBy(qb, 'sortName', first, after);
}
