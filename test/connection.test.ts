import { createTestDatabase, withStatements, type TestDatabase } from './support/database';
import { buildCell, buildOrganization } from './factories';
import { paginate } from '../src/graphql/connection';
import { School } from '../src/modules/school/school.entity';
import { Organization } from '../src/modules/organization/organization.entity';

/**
 * paginate() on a real database. The page's outer query leaves out the filter's joins when the
 * list selects only its own columns; a sort on a joined table needs its join all the same. No
 * list of the API sorts on a join yet, so this calls paginate directly.
 */
describe('paginate with a sort on a joined table', () => {
  let db: TestDatabase;
  let commune: Organization;
  const schoolIds: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const city = await buildOrganization(db.dataSource, null);
    commune = await buildOrganization(db.dataSource, city);
    for (let i = 0; i < 5; i += 1) schoolIds.push((await buildCell(db.dataSource, commune)).school.id);
  });
  afterAll(() => db.drop());

  const schoolsByCellDescending = () =>
    db.dataSource.manager
      .createQueryBuilder(School, 'school')
      .innerJoin(Organization, 'cell', 'cell.id = school.organizationId')
      .where('cell.parentId = :parent', { parent: commune.id });

  it('keeps the join the sort reads, on the first page and after a cursor', async () => {
    const options = {
      first: 2,
      sort: { property: 'cell.id', direction: 'DESC' as const },
      idProperty: 'school.id',
      sortValue: (row: School) => row.organizationId,
    };
    const first = await paginate(schoolsByCellDescending(), options);
    expect(first.totalCount).toBe(5);
    // Each school is its own cell's, made in order: the newest cell's school comes first.
    const expected = [...schoolIds].reverse();
    expect(first.edges.map((edge) => edge.node.id)).toEqual(expected.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await paginate(schoolsByCellDescending(), { ...options, after: first.pageInfo.endCursor! });
    expect(second.edges.map((edge) => edge.node.id)).toEqual(expected.slice(2, 4));
    expect(second.totalCount).toBe(5);
  });

  /** The statements paginate() sends while `run` runs. */
  const statementsOf = (run: () => Promise<unknown>) =>
    withStatements(db.dataSource, async (statements) => {
      await run();
      return statements;
    });

  const joinsOfCell = (sql: string) => sql.split(/JOIN\s+["`]?organization["`]?\s+["`]?cell["`]?/).length - 1;

  it('reads whole rows of the main table when the sort is its own, without repeating the join outside the ids', async () => {
    let page: Awaited<ReturnType<typeof paginate<School>>> | undefined;
    const statements = await statementsOf(async () => {
      page = await paginate(schoolsByCellDescending(), {
        first: 10,
        sort: { property: 'school.id', direction: 'ASC' },
        idProperty: 'school.id',
        sortValue: (row: School) => row.id,
      });
    });
    expect(page!.edges.map((edge) => edge.node.id)).toEqual(schoolIds);
    expect(page!.edges[0].node.name).toMatch(/^Trường Thử nghiệm /);
    expect(page!.pageInfo.hasNextPage).toBe(false);
    // One statement; the join to the cell only in the inner query that finds the ids.
    expect(statements).toHaveLength(1);
    expect(joinsOfCell(statements[0])).toBe(1);
  });

  it('keeps the join in the outer query too when the sort reads it', async () => {
    const statements = await statementsOf(() =>
      paginate(schoolsByCellDescending(), { first: 10, sort: { property: 'cell.id', direction: 'DESC' }, idProperty: 'school.id', sortValue: (row: School) => row.organizationId }),
    );
    expect(statements).toHaveLength(1);
    expect(joinsOfCell(statements[0])).toBe(2);
  });
});
