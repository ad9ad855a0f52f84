import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { IsOptional, Max, Min } from 'class-validator';
import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import { hydrateAlias } from '../db/hydrate';
import { badInput } from '../errors/app-error';
import type { AppConfig } from '../config';

/** Relay connections: `first/after` keyset pagination with a stable sort and an exact totalCount. */
@ObjectType({ description: 'Where a page stands in the whole list' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field({ description: 'True when this page was fetched with `after`' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (default 20, at most 100)' })
  @IsOptional()
  @Min(1, { message: 'first must be at least 1' })
  @Max(1000, { message: 'first is too large' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the last row of the previous page' })
  @IsOptional()
  after?: string;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function connectionTypes<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} rows` })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [node], { description: 'The nodes of the edges, for clients that need no cursors' })
    nodes(): T[] {
      return this.edges.map((edge) => edge.node);
    }

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many rows match the filter, counting only what the caller may see' })
    totalCount!: number;
  }
  return { EdgeType, ConnectionType };
}

/** One way to sort a list: a column that never holds NULL, tie-broken by id. */
export interface SortKey {
  /** Property path in the query, e.g. "candidate.sortName". */
  property: string;
  direction: 'ASC' | 'DESC';
}

interface CursorValue {
  v: string | number;
  id: number;
}

function encodeCursor(value: CursorValue): string {
  return Buffer.from(JSON.stringify([value.v, value.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): CursorValue {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') && Number.isSafeInteger(parsed[1])) {
      return { v: parsed[0], id: parsed[1] as number };
    }
  } catch {
    // fall through to the error below
  }
  throw badInput('after is not a cursor from this list', [{ field: 'after', message: 'invalid cursor' }]);
}

export interface PageOptions {
  first: number;
  after?: string;
  sort: SortKey;
  /** Property path of the id, e.g. "candidate.id". */
  idProperty: string;
  /** Reads the sort value off a loaded row. */
  sortValue: (row: never) => string | number;
  /**
   * Relations read with the page: `join` adds them to the query of the page's full rows, `read`
   * gets the rows with, for each, its raw row (where the joined columns are).
   */
  withPage?: { join(page: SelectQueryBuilder<never>): void; read(rows: never[], rawRows: Record<string, unknown>[]): void };
}

/**
 * The query of a page's full rows, to be joined to the page's ids: without the filter (the ids
 * carry it) and, when the list selects and sorts by only its own columns, without the filter's joins either
 * (the scope's organization, say), which the outer query would otherwise repeat for every row.
 */
function outerQuery<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, ordering: string[]): SelectQueryBuilder<T> {
  const main = qb.expressionMap.mainAlias!;
  const outer = qb.clone().where('1 = 1');
  const own = (path: string) => path === main.name || path.startsWith(`${main.name}.`);
  // The sort and the id are read by the outer query too: a join they need stays.
  if (qb.expressionMap.selects.every((select) => own(select.selection)) && ordering.every(own)) outer.expressionMap.joinAttributes = [];
  return outer;
}

/**
 * Runs a page query and its count. The query must already carry every filter (scope
 * included); this adds only the cursor condition, the order and the limit.
 *
 * One statement with a deferred join: an inner query finds the page's ids (and, on the first
 * page, the total as a window count), reading only what the filter and the sort need, often an
 * index alone; the outer query reads the full rows of those ids only. Sorting and counting
 * whole rows cost several times more (see the README, section Performance).
 */
export async function paginate<T extends ObjectLiteral & { id: number }>(qb: SelectQueryBuilder<T>, options: PageOptions): Promise<Connection<T>> {
  const { first, after, sort, idProperty } = options;
  const ids = qb.clone();
  if (after) {
    const cursor = decodeCursor(after);
    const op = sort.direction === 'ASC' ? '>' : '<';
    ids.andWhere(`(${sort.property} ${op} :cursorValue OR (${sort.property} = :cursorValue AND ${idProperty} ${op} :cursorId))`, {
      cursorValue: cursor.v,
      cursorId: cursor.id,
    });
  }
  ids.select(idProperty, 'page_id');
  // The first page carries the total in the same statement (a window count over the filter).
  if (!after) ids.addSelect('COUNT(*) OVER ()', 'page_total_count');
  ids.orderBy(sort.property, sort.direction).addOrderBy(idProperty, sort.direction).limit(first + 1);
  const page = outerQuery(qb, [sort.property, idProperty])
    .innerJoin(`(${ids.getQuery()})`, 'page', `page.page_id = ${idProperty}`)
    .setParameters(ids.getParameters())
    .orderBy(sort.property, sort.direction)
    .addOrderBy(idProperty, sort.direction);
  if (!after) page.addSelect('page.page_total_count', 'page_total_count');
  options.withPage?.join(page as unknown as SelectQueryBuilder<never>);
  // The rows are read off the raw result (the first raw row of each id: joins may repeat a
  // row), without TypeORM's per-row regrouping, the largest part of a page's Node time.
  const raw = (await page.getRawMany()) as Record<string, unknown>[];
  const main = page.expressionMap.mainAlias!;
  const idKey = DriverUtils.buildAlias(page.connection.driver, undefined, main.name, main.metadata.primaryColumns[0].databaseName);
  const seen = new Set<unknown>();
  const rows: T[] = [];
  const rawRows: Record<string, unknown>[] = [];
  for (const row of raw) {
    if (seen.has(row[idKey])) continue;
    seen.add(row[idKey]);
    const entity = hydrateAlias(page.connection.manager, main.metadata.target as EntityTarget<T>, main.name, row);
    if (!entity) continue;
    rows.push(entity);
    rawRows.push(row);
  }
  options.withPage?.read(rows as never[], rawRows);
  const totalCount = after ? await qb.clone().getCount() : Number((raw[0] as { page_total_count?: number | string } | undefined)?.page_total_count ?? 0);
  const hasNextPage = rows.length > first;
  const nodes = rows.slice(0, first);
  const sortValue = options.sortValue as (row: T) => string | number;
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor({ v: sortValue(node), id: node.id }) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** The page size asked for, checked against the configured maximum. */
export function pageSize(config: AppConfig, first: number | undefined): number {
  if (first === undefined || first === null) return config.defaultPageSize;
  if (first > config.maxPageSize) {
    throw badInput(`first may be at most ${config.maxPageSize}`, [{ field: 'first', message: `at most ${config.maxPageSize}` }]);
  }
  return first;
}
