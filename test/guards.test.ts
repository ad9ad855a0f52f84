import 'reflect-metadata';
import { Authorized, buildSchema, Mutation, Query, Resolver } from 'type-graphql';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { startTestServer, ok, errorCode, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid, TEST_PASSWORD } from './factories';
import { buildAppSchema } from '../src/schema';
import { assertRootFieldsGuarded, authChecker, Public, publicRootFields } from '../src/graphql/guards';
import { CandidateStage, Role } from '../src/domain/enums';
import { AuditLog } from '../src/modules/audit/audit.entity';

/**
 * Guards are declared, and deny by default: a root field is `@Authorized()` (a caller is needed)
 * or `@Public()`, and the schema does not build otherwise. Restricted fields are checked and
 * audited by one middleware, for every type that has them.
 */

/** A value of the argument's type, shaped to pass the schema's own validation (what the resolver would then refuse does not matter: no caller gets that far). */
function sampleOf(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleOf(type.ofType);
  if (isListType(type)) return [sampleOf(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((field) => isNonNullType(field.type)).map((field) => [field.name, sampleOf(field.type)]));
  }
  if (!isScalarType(type)) throw new Error(`no sample for ${String(type)}`);
  const samples: Record<string, unknown> = { ID: 'bm90IGFuIGlk', String: 'một hai ba', Int: 1, Float: 1, Boolean: true, LocalDate: '2026-01-05', DateTime: '2026-01-05T00:00:00.000Z' };
  if (!(type.name in samples)) throw new Error(`no sample for the scalar ${type.name}`);
  return samples[type.name];
}

/** A request calling `field` alone, with every required argument given. */
function requestFor(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): { query: string; variables: Record<string, unknown> } {
  const required = field.args.filter((arg) => isNonNullType(arg.type));
  const declared = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    query: `${operation}${declared ? ` (${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((arg) => [arg.name, sampleOf(arg.type)])),
  };
}

describe('deny by default', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    server = await startTestServer();
    schema = await buildAppSchema();
  });
  afterAll(() => server.close());

  it('declares two root fields public: login and me', () => {
    expect(publicRootFields(schema).sort()).toEqual(['Mutation.login', 'Query.me']);
  });

  it('answers UNAUTHENTICATED, without a token, on every other root field, before reading its arguments, and writes nothing', async () => {
    const audited = await server.dataSource.getRepository(AuditLog).count();
    const roots = [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const;
    const answers: Record<string, string | undefined> = {};
    const expected: Record<string, string> = {};
    for (const [operation, type] of roots) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        const name = `${type?.name}.${field.name}`;
        if (publicRootFields(schema).includes(name)) continue;
        const { query, variables } = requestFor(operation, field);
        const response = await server.gql(query, variables);
        answers[name] = errorCode(response) ?? `data: ${JSON.stringify(response.data)}`;
        expected[name] = 'UNAUTHENTICATED';
      }
    }
    // The ids sent are no global ids and some numbers are out of range: the caller is asked for first.
    expect(answers).toEqual(expected);
    expect(Object.keys(answers).length).toBeGreaterThan(40);
    expect(await server.dataSource.getRepository(AuditLog).count()).toBe(audited);
  });

  it('answers the public ones without a token: me is null, login logs in', async () => {
    expect(ok(await server.gql('{ me { email } }'))).toEqual({ me: null });
    const city = await buildOrganization(server.dataSource, null, { name: 'Thành ủy Cửa Mở' });
    const user = await buildUser(server.dataSource, Role.COMMITTEE, city);
    const login = ok(await server.gql<{ login: { user: { email: string } } }>('mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { user { email } } }', { email: user.email, password: TEST_PASSWORD }));
    expect(login.login.user.email).toBe(user.email);
  });

  it('refuses to build a schema with a root field that is neither authorized nor public', async () => {
    @Resolver()
    class NewFeatureResolver {
      @Authorized()
      @Query(() => String)
      guardedQuery(): string {
        return 'ok';
      }

      @Public()
      @Query(() => String)
      openQuery(): string {
        return 'ok';
      }

      @Query(() => String)
      forgottenQuery(): string {
        return 'leak';
      }

      @Mutation(() => String)
      forgottenMutation(): string {
        return 'leak';
      }
    }
    const resolvers = [NewFeatureResolver] as const;
    const built = await buildSchema({ resolvers, authChecker });
    expect(() => assertRootFieldsGuarded(built, resolvers)).toThrow('Root fields without a guard (@Authorized() or @Public()): Query.forgottenQuery, Mutation.forgottenMutation');
  });
});

describe('restricted fields, through one middleware', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const BACKGROUND = { result: 'Lý lịch rõ ràng', date: '2026-03-01' };

  async function world(label: string) {
    const ds = server.dataSource;
    const city = await buildOrganization(ds, null, { name: `Thành ủy ${label}` });
    const { cell } = await buildCell(ds, city, { name: `Chi bộ ${label}` });
    const mentor = await buildMember(ds, cell, { nationalId: '001088000222' });
    const candidate = await buildCandidate(ds, cell, {
      mentor,
      email: 'hoa@truong.edu.vn',
      address: null,
      notes: 'Gia đình có công với cách mạng',
      steps: [
        { stage: CandidateStage.SOURCE, on: '2026-01-05' },
        { stage: CandidateStage.SYMPATHIZER, on: '2026-01-20' },
        { stage: CandidateStage.TRAINED, on: '2026-02-10', facts: { certificateNumber: 'GCN-01' } },
        { stage: CandidateStage.DOSSIER, on: '2026-03-02', facts: { applicationDate: '2026-02-20', backgroundCheck: BACKGROUND } },
      ],
    });
    const secretary = await buildUser(ds, Role.CELL_SECRETARY, cell);
    const mentorUser = await buildUser(ds, Role.MENTOR, cell, mentor);
    return { cell, mentor, candidate, secretary, mentorUser };
  }

  const CANDIDATE = `query ($id: ID!) { candidate(id: $id) { nationalId phone email address notes history { toStage facts } } }`;
  const LIST = `{ candidates { edges { node { cell { name } nationalId } } } members { edges { node { id nationalId } } } }`;

  type CandidateView = { nationalId: string | null; phone: string | null; email: string | null; address: string | null; notes: string | null; history: { toStage: string; facts: Record<string, unknown> | null }[] };

  function sensitiveReads(userId: number) {
    return server.dataSource.getRepository(AuditLog).find({ where: { userId, action: 'sensitive.read' }, order: { id: 'ASC' } });
  }

  it('shows a candidate’s restricted fields and its background check to the cell’s secretary, one audit row per record naming the non-null fields read', async () => {
    const { candidate, secretary, cell } = await world('Đọc Hồ Sơ');
    const read = ok(await server.gql<{ candidate: CandidateView }>(CANDIDATE, { id: gid.candidate(candidate) }, server.tokenFor(secretary))).candidate;
    expect(read).toMatchObject({ nationalId: candidate.nationalId, phone: '0912345678', email: 'hoa@truong.edu.vn', address: null, notes: 'Gia đình có công với cách mạng' });
    expect(read.history.find((step) => step.toStage === 'DOSSIER')?.facts).toEqual({ applicationDate: '2026-02-20', backgroundCheck: BACKGROUND });
    const rows = await sensitiveReads(secretary.id);
    expect(rows.map((row) => ({ subjectType: row.subjectType, subjectId: row.subjectId, organizationId: row.organizationId, fields: (JSON.parse(row.changes ?? '{}') as { fields: string[] }).fields }))).toEqual([
      // address is null: nothing of it was read.
      { subjectType: 'Candidate', subjectId: candidate.id, organizationId: cell.id, fields: ['backgroundCheck', 'email', 'nationalId', 'notes', 'phone'] },
    ]);
  });

  it('audits a member’s national ID and a listed candidate’s (the cell read with the page) the same way', async () => {
    const { candidate, mentor, secretary } = await world('Danh Sách');
    const data = ok(await server.gql<{ candidates: { edges: { node: { cell: { name: string }; nationalId: string } }[] }; members: { edges: { node: { id: string; nationalId: string | null } }[] } }>(LIST, {}, server.tokenFor(secretary)));
    expect(data.candidates.edges.map((edge) => edge.node)).toEqual([{ cell: { name: 'Chi bộ Danh Sách' }, nationalId: candidate.nationalId }]);
    expect(data.members.edges.map((edge) => edge.node)).toEqual([{ id: gid.member(mentor), nationalId: '001088000222' }]);
    const rows = await sensitiveReads(secretary.id);
    expect(rows.map((row) => [row.subjectType, row.subjectId, (JSON.parse(row.changes ?? '{}') as { fields: string[] }).fields]).sort()).toEqual([
      ['Candidate', candidate.id, ['nationalId']],
      ['Member', mentor.id, ['nationalId']],
    ]);
  });

  it('gives null (the background check blanked) to a mentor, who may read the candidate but not its restricted fields, and audits nothing', async () => {
    const { candidate, mentorUser } = await world('Người Giúp');
    const token = server.tokenFor(mentorUser);
    const read = ok(await server.gql<{ candidate: CandidateView }>(CANDIDATE, { id: gid.candidate(candidate) }, token)).candidate;
    expect(read).toMatchObject({ nationalId: null, phone: null, email: null, address: null, notes: null });
    expect(read.history.find((step) => step.toStage === 'DOSSIER')?.facts).toEqual({ applicationDate: '2026-02-20', backgroundCheck: null });
    expect(read.history.find((step) => step.toStage === 'TRAINED')?.facts).toEqual({ certificateNumber: 'GCN-01' });
    const list = ok(await server.gql<{ candidates: { edges: { node: { nationalId: string | null } }[] }; members: { edges: { node: { nationalId: string | null } }[] } }>(LIST, {}, token));
    expect(list.candidates.edges.map((edge) => edge.node.nationalId)).toEqual([null]);
    expect(list.members.edges.map((edge) => edge.node.nationalId)).toEqual([null]);
    expect(await sensitiveReads(mentorUser.id)).toEqual([]);
  });
});
