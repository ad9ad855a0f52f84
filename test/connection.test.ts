import { createTestDatabase, type TestDatabase } from './support/database';
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

  it('reads whole rows of the main table when the sort is its own', async () => {
    const page = await paginate(schoolsByCellDescending(), {
      first: 10,
      sort: { property: 'school.id', direction: 'ASC' },
      idProperty: 'school.id',
      sortValue: (row: School) => row.id,
    });
    expect(page.edges.map((edge) => edge.node.id)).toEqual(schoolIds);
    expect(page.edges[0].node.name).toMatch(/^Trường Thử nghiệm /);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });
});
