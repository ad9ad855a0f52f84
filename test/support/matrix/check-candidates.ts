import { IsNull } from 'typeorm';
import { buildMongoQueryMatcher, createMongoAbility, subject as asSubject, type ConditionsMatcher, type MongoQuery, type RawRuleOf, type MongoAbility } from '@casl/ability';
import type { FieldCondition, FieldInstruction, JsInterpreter } from '@ucast/mongo2js';
import { gqlAs, gqlBatch } from '../http';
import { fromGlobalId } from '../../../src/graphql/global-id';
import { Role } from '../../../src/domain/enums';
import type { Candidate } from '../../../src/modules/candidate/candidate.entity';
import { AuditLog } from '../../../src/modules/audit/audit.entity';
import { CAN_ACTIONS, PROBE_ACTIONS, probeOutcome, probeQuery } from '../probes';
import { describeRecord, expectedSteps, gid, sample } from './oracle';
import { collectErrors, type Run } from './comparisons';

/**
 * What the matrix asks of candidates beyond reading them: the restricted fields (values, the
 * background check's facts, and one sensitive.read audit row per record read), and the steps of
 * the path, where the mutations, can() and the client's rules must agree with the tree.
 */

// --- restricted fields ------------------------------------------------------------------------

const SENSITIVE_FACTS = new Set(['backgroundCheck']);

/** What someone without readSensitive gets of a step's facts: the background check's content blanked. */
function redactFacts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactFacts);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, SENSITIVE_FACTS.has(key) ? null : redactFacts(inner)]));
}

/**
 * nationalId, phone, email, address, notes and the background check: the cell's secretary,
 * committees above and administrators see them; mentors and reporters get null. Candidates
 * all, members a sample (every read is audited, one row per record).
 */
export async function checkSensitive(run: Run): Promise<void> {
  const { world, scope, user } = run;
  const mayRead = user.role === Role.SYSTEM_ADMIN || user.role === Role.COMMITTEE || user.role === Role.CELL_SECRETARY;
  const candidates = world.candidates.filter(scope.candidate);
  const members = sample(world.members.filter(scope.member), 20);
  const sensitiveRows = () => run.server.dataSource.getRepository(AuditLog).count({ where: { userId: user.userId ?? IsNull(), action: 'sensitive.read' } });
  const before = await sensitiveRows();
  const probes = [
    ...candidates.map((c) => ({ kind: 'Candidate' as const, id: c.id, selection: '... on Candidate { nationalId phone email address notes history { id facts } }' })),
    ...members.map((m) => ({ kind: 'Member' as const, id: m.id, selection: '... on Member { nationalId }' })),
  ];
  if (probes.length === 0) return;
  const query = `{ ${probes.map((p, i) => `r${i}: node(id: ${JSON.stringify(gid(p.kind, p.id))}) { id ${p.selection} }`).join('\n')} }`;
  const result = await gqlAs<Record<string, Record<string, unknown> | null>>(run.server, run.auth, query);
  if (!collectErrors(run, result, 'restricted fields') || !result.data) return;
  let readRecords = 0;
  probes.forEach((p, i) => {
    const node = result.data![`r${i}`];
    const label = describeRecord(world, p.kind, p.id);
    if (!node) {
      run.report(`${label}: node(id) returned null for restricted fields`);
      return;
    }
    const row = (p.kind === 'Candidate' ? world.candidateById.get(p.id) : world.memberById.get(p.id)) as unknown as Record<string, unknown>;
    const fields = p.kind === 'Candidate' ? ['nationalId', 'phone', 'email', 'address', 'notes'] : ['nationalId'];
    let read = false;
    for (const field of fields) {
      const expected = mayRead ? (row[field] ?? null) : null;
      run.count('restricted values compared');
      if (node[field] !== expected) run.report(`${label}.${field} is ${JSON.stringify(node[field])}, expected ${mayRead ? 'the value' : 'null'}`);
      if (mayRead && expected !== null) read = true;
    }
    if (p.kind === 'Candidate') {
      const history = (node.history ?? []) as { id: string; facts: unknown }[];
      for (const item of history) {
        const eventId = fromGlobalId(item.id)?.id;
        const event = world.events.find((e) => e.id === eventId);
        if (!event) continue;
        const raw = event.facts === null ? null : (JSON.parse(event.facts) as unknown);
        const expected = raw === null ? null : mayRead ? raw : redactFacts(raw);
        run.count('step facts compared');
        if (JSON.stringify(item.facts) !== JSON.stringify(expected)) run.report(`${label} step ${event.id} facts are ${JSON.stringify(item.facts).slice(0, 120)}, expected ${mayRead ? 'all of them' : 'the background check blanked'}`);
        if (mayRead && event.facts?.includes('"backgroundCheck"')) read = true;
      }
    }
    if (read) readRecords += 1;
  });
  const after = await sensitiveRows();
  if (after - before !== readRecords) run.report(`reading restricted fields of ${readRecords} records wrote ${after - before} sensitive.read audit rows`);
}

// --- the steps of the path: mutations, can() and the client's rules agree ---------------------

/** `$startsWith` for a client's CASL, as a frontend loading `me.permissions` would define it. */
const startsWithInstruction: FieldInstruction<string> = { type: 'field' };
const startsWithInterpreter: JsInterpreter<FieldCondition<string>> = (condition, object, { get }) => {
  const value = get(object, condition.field);
  return typeof value === 'string' && value.startsWith(condition.value);
};
const clientMatcher = buildMongoQueryMatcher({ $startsWith: startsWithInstruction }, { startsWith: startsWithInterpreter }) as unknown as ConditionsMatcher<MongoQuery>;

/** Candidates to probe: in scope (one per cell-parent first, so resolve and decide vary), elsewhere in the tenant, other tenants. */
function stepCandidates(run: Run): Candidate[] {
  const { world, scope, user } = run;
  if (user.tenantId === null) return sample(world.candidates, 10);
  const inScope = world.candidates.filter(scope.candidate);
  const byParent = new Map<number | null, Candidate>();
  for (const c of inScope) {
    const parent = world.orgById.get(c.organizationId)?.parentId ?? null;
    if (!byParent.has(parent)) byParent.set(parent, c);
  }
  const chosen = new Map<number, Candidate>();
  for (const c of [...byParent.values()].slice(0, 8)) chosen.set(c.id, c);
  for (const c of sample(inScope, 12 - chosen.size)) chosen.set(c.id, c);
  for (const c of sample(world.candidates.filter((c) => c.tenantId === user.tenantId && !scope.candidate(c)), 4)) chosen.set(c.id, c);
  for (const t of run.otherTenants) for (const c of sample(world.candidates.filter((c) => c.tenantId === t), 2)) chosen.set(c.id, c);
  return [...chosen.values()];
}

/**
 * For sampled candidates and every step: what the mutation does (a stale version: CONFLICT means
 * accepted), what `can(action, "Candidate", id)` answers, what the client's CASL decides from
 * `me.permissions` over `Candidate.permissionSubject`, and what the tree says must be the same.
 */
export async function checkSteps(run: Run): Promise<void> {
  const { world, scope, user } = run;
  const candidates = stepCandidates(run);
  const asked = candidates.flatMap((c) => PROBE_ACTIONS.map((action) => ({ c, action })));
  const outcomes = await gqlBatch(run.server, run.auth, asked.map((a) => probeQuery(a.action, a.c.id)));
  run.count('step probes', asked.length);

  const canActions = [...new Set(Object.values(CAN_ACTIONS).flat())];
  const canQuery = `{ me { permissions { actions subjects conditions inverted } }
    ${candidates.map((c) => canActions.map((action) => `c${c.id}_${action}: can(action: ${JSON.stringify(action)}, subject: "Candidate", id: ${JSON.stringify(gid('Candidate', c.id))})`).join('\n')).join('\n')}
    ${candidates.filter(scope.candidate).map((c) => `s${c.id}: candidate(id: ${JSON.stringify(gid('Candidate', c.id))}) { permissionSubject }`).join('\n')} }`;
  const answers = await gqlAs<Record<string, unknown>>(run.server, run.auth, canQuery);
  if (!collectErrors(run, answers, 'can() and permissionSubject') || !answers.data) return;
  type Rule = { actions: string[]; subjects: string[]; conditions: MongoQuery | null; inverted: boolean };
  const me = answers.data.me as { permissions: Rule[] } | null;
  const rules: RawRuleOf<MongoAbility>[] = (me?.permissions ?? []).map((r) => ({ action: r.actions, subject: r.subjects, inverted: r.inverted, ...(r.conditions ? { conditions: r.conditions } : {}) }));
  const client = createMongoAbility(rules, { conditionsMatcher: clientMatcher });

  outcomes.forEach((result, i) => {
    const { c, action } = asked[i];
    const label = `${action} on ${describeRecord(world, 'Candidate', c.id)}`;
    const outcome = probeOutcome(action, result);
    if (outcome === 'broken') {
      run.report(`${label}: the probe answered ${JSON.stringify(result.errors ?? result.data).slice(0, 160)}`);
      return;
    }
    const accepted = outcome === 'accepted';
    const expected = expectedSteps(user, world, scope, c).has(action);
    const can = CAN_ACTIONS[action].some((a) => answers.data![`c${c.id}_${a}`] === true);
    const view = (answers.data![`s${c.id}`] as { permissionSubject: Record<string, unknown> } | undefined)?.permissionSubject;
    const clientSays = view !== undefined && CAN_ACTIONS[action].some((a) => client.can(a, asSubject('Candidate', { ...view })));
    run.count('step decisions compared');
    run.count(`step ${action} ${expected ? 'allowed' : 'not allowed'}`);
    if (accepted !== expected || can !== expected || clientSays !== expected) {
      run.report(`${label}: the mutation ${accepted ? 'accepts' : 'refuses'}, can() says ${can}, the client's rules say ${clientSays}; the tree says ${expected ? 'allowed' : 'not allowed'}`);
    }
  });
}
