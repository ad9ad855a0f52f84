import { GraphQLError, Kind, getNamedType, getNullableType, getOperationAST, getVariableValues, isCompositeType, isListType, parse, type ASTNode, type ValidationContext, type ASTVisitor, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../errors/app-error';

/**
 * Limits that keep one request from costing the server more than it should: depth of the
 * selection, an estimated cost in which a list costs its possible size times its items and a
 * report the subtree it aggregates (per operation, and for a batched request in all), and the
 * number of operations in a batched request.
 */
export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(context.getDocument().definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    const depthOf = (selectionSet: SelectionSetNode | undefined, depth: number, seen: Set<string>): number => {
      if (!selectionSet) return depth;
      let deepest = depth;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          deepest = Math.max(deepest, depthOf(selection.selectionSet, depth + 1, seen));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, depth, seen));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (fragment && !seen.has(name)) deepest = Math.max(deepest, depthOf(fragment.selectionSet, depth, new Set([...seen, name])));
        }
        if (deepest > maxDepth) return deepest;
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, 0, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`The query is ${depth} levels deep; at most ${maxDepth} are allowed`, {
              nodes: [node as ASTNode],
              extensions: { code: ErrorCode.QUERY_TOO_DEEP, maxDepth, depth },
            }),
          );
        }
      },
    };
  };
}

/**
 * What a query costs, estimated before it runs (so a refused query sends no SQL):
 * - a field costs 1 plus its selection;
 * - a connection costs its page size (`first`, or the default) times what each item costs;
 * - any other list of objects costs its possible size times what each item costs: the size
 *   its field declares (`complexity: listOf(n)`: lists bounded by an enum, a candidate's
 *   history, an organization's ancestors), otherwise `listSizeEstimate` (LIST_SIZE_ESTIMATE,
 *   100): an organization's cells, children and moves, a report's byChild have no bound the
 *   schema knows;
 * - a report (`complexity: aReport`) costs the rows of the subtree it aggregates: that subtree
 *   is estimated like any unbounded list, `listSizeEstimate` organizations, and each brings
 *   REPORT_ROWS_PER_ORGANIZATION kinds of rows (its school, members, candidates and their
 *   steps): 400 by default, plus its selection.
 * So `organization { cells { statistics } }` costs 100 reports, and the limit allows some 60
 * reports a request (a batched request: in all its operations).
 */
export interface CostLimits {
  maxComplexity: number;
  defaultPageSize: number;
  listSizeEstimate: number;
}

const REPORT_ROWS_PER_ORGANIZATION = 4;

/** What one report costs before its selection. */
export function reportCost(limits: Pick<CostLimits, 'listSizeEstimate'>): number {
  return REPORT_ROWS_PER_ORGANIZATION * limits.listSizeEstimate;
}

/** For a list field with a known bound: `@Field(() => [X], { complexity: listOf(n) })`. */
export function listOf(size: number): ComplexityEstimator {
  return ({ childComplexity }) => 1 + size * Math.max(childComplexity, 1);
}

/** For a field that computes a report: `@Query(() => Statistics, { complexity: aReport })`. */
export const aReport: ComplexityEstimator = ({ childComplexity, context }) => 1 + reportCost(context as CostLimits) + childComplexity;

function costEstimator(limits: CostLimits): ComplexityEstimator {
  return ({ type, args, childComplexity, field }) => {
    const returned = getNullableType(field.type);
    if (/Connection!?$/.test(String(field.type))) {
      const first = typeof args.first === 'number' ? args.first : limits.defaultPageSize;
      return 1 + first * Math.max(childComplexity, 1);
    }
    // A connection's edges and nodes: the connection counted its page already.
    if (!isListType(returned) || !isCompositeType(getNamedType(returned)) || /Connection$/.test(type.name)) return undefined;
    return 1 + limits.listSizeEstimate * Math.max(childComplexity, 1);
  };
}

/**
 * Costs already worked out, per parsed document (Apollo keeps one per query text, so a client
 * repeating a query sends the same one), operation, page size, list estimate and the operation's variables as
 * GraphQL reads them: coerced, with their declared defaults applied (so `$n: Int = 100` left out
 * and `$n` sent as null, which cost differently, have different keys). Variables the operation
 * does not declare cannot change the cost and are not part of the key, so a client cannot grow
 * the cache by sending them. Only costs are kept: variables that do not fit the schema are
 * worked out again each time (execution refuses them anyway). At most MAX_KEY_LENGTH characters
 * per key and MAX_COSTS keys in all (some 10 MB at worst): past that the cache starts again empty.
 */
let costs = new WeakMap<DocumentNode, Map<string, number>>();
let costCount = 0;
const MAX_COSTS = 5_000;
const MAX_KEY_LENGTH = 1_024;

/** How many costs are remembered (for tests). */
export function rememberedCosts(): number {
  return costCount;
}

function costKey(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined, limits: CostLimits): string | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  try {
    const read = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
    if (!read.coerced) return undefined;
    const key = JSON.stringify([operationName ?? null, limits.defaultPageSize, limits.listSizeEstimate, read.coerced]);
    return key.length <= MAX_KEY_LENGTH ? key : undefined;
  } catch {
    // Nested too deeply to write out: not remembered.
    return undefined;
  }
}

function costOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined, limits: CostLimits): number | null {
  const key = costKey(schema, document, variables, operationName, limits);
  const known = costs.get(document);
  const cached = key === undefined ? undefined : known?.get(key);
  if (cached !== undefined) return cached;
  let complexity: number;
  try {
    complexity = getComplexity({
      schema,
      query: document,
      variables,
      operationName,
      context: limits,
      estimators: [fieldExtensionsEstimator(), costEstimator(limits), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    return null;
  }
  if (key === undefined) return complexity;
  if (costCount >= MAX_COSTS) {
    costs = new WeakMap();
    costCount = 0;
  }
  let remembered = costs.get(document);
  if (!remembered) costs.set(document, (remembered = new Map()));
  remembered.set(key, complexity);
  costCount += 1;
  return complexity;
}

function tooComplex(complexity: number, limits: CostLimits, batched: boolean): { message: string; extensions: { code: ErrorCode; maxComplexity: number; complexity: number } } {
  const what = batched ? `The operations of this batch would cost ${complexity} in all` : `The query would cost ${complexity}`;
  return {
    message: `${what}; at most ${limits.maxComplexity} is allowed (ask for smaller pages, fewer reports or fewer nested lists)`,
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, maxComplexity: limits.maxComplexity, complexity },
  };
}

/** What the operations of a request have cost so far (the operations of a batch share one context). */
const spentByRequest = new WeakMap<object, number>();

/**
 * QUERY_TOO_COMPLEX when an operation would cost more than the limit, or, with the request's
 * context, when the operations of its batch would in all (a batch whose operations arrive as
 * text is refused whole by `batchRefusal` before any of them runs; this also covers operations
 * sent as persisted-query hashes).
 */
export function assertComplexity(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined, limits: CostLimits, request?: object): void {
  const complexity = costOf(schema, document, variables, operationName, limits);
  // Variables that do not fit the schema: execution reports them as BAD_USER_INPUT.
  if (complexity === null) return;
  const before = request ? (spentByRequest.get(request) ?? 0) : 0;
  if (request) spentByRequest.set(request, before + complexity);
  if (before + complexity > limits.maxComplexity) {
    const refusal = tooComplex(before + complexity, limits, before > 0);
    throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status: 400 } } });
  }
}

/** Documents of batched operations, parsed once per text (at most MAX_DOCUMENTS kept). */
let batchDocuments = new Map<string, DocumentNode | null>();
const MAX_DOCUMENTS = 200;

function documentOf(text: string): DocumentNode | null {
  let document = batchDocuments.get(text);
  if (document !== undefined) return document;
  try {
    document = parse(text);
  } catch {
    // Apollo answers the syntax error for this operation.
    document = null;
  }
  if (batchDocuments.size >= MAX_DOCUMENTS) batchDocuments = new Map();
  batchDocuments.set(text, document);
  return document;
}

/**
 * The refusal of a batched request (an array of operations) whose operations would cost more
 * than the limit in all, worked out before any of them runs; null when it fits. Operations that
 * do not parse or fit the schema count nothing here: Apollo refuses them one by one.
 */
export function batchRefusal(schema: GraphQLSchema, operations: readonly unknown[], limits: CostLimits): ReturnType<typeof tooComplex> | null {
  let total = 0;
  for (const operation of operations) {
    const { query, variables, operationName } = (operation ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof query !== 'string') continue;
    const document = documentOf(query);
    if (!document) continue;
    const cost = costOf(schema, document, variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : undefined, typeof operationName === 'string' ? operationName : undefined, limits);
    total += cost ?? 0;
  }
  return total > limits.maxComplexity ? tooComplex(total, limits, true) : null;
}
