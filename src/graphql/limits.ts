import { GraphQLError, Kind, getOperationAST, getVariableValues, type ASTNode, type ValidationContext, type ASTVisitor, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../errors/app-error';

/**
 * Limits that keep one request from costing the server more than it should: depth of the
 * selection, an estimated cost in which a list costs its page size times its items, and
 * the number of operations in a batched request.
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

/** Fields whose resolution runs a report of its own (a dozen SQL statements). */
const EXPENSIVE_FIELDS = new Map([['statistics', 200]]);

/** A list field costs its page size (`first`, or the default) times what each item costs. */
function pagedEstimator(defaultPageSize: number): ComplexityEstimator {
  return ({ args, childComplexity, field }) => {
    const expensive = EXPENSIVE_FIELDS.get(field.name);
    if (expensive !== undefined) return expensive + childComplexity;
    const returnsConnection = /Connection!?$/.test(String(field.type));
    if (!returnsConnection) return undefined;
    const first = typeof args.first === 'number' ? args.first : defaultPageSize;
    return 1 + first * Math.max(childComplexity, 1);
  };
}

/**
 * Costs already worked out, per parsed document (Apollo keeps one per query text, so a client
 * repeating a query sends the same one), operation, page size and the operation's variables as
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

function costKey(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined, defaultPageSize: number): string | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  try {
    const read = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
    if (!read.coerced) return undefined;
    const key = JSON.stringify([operationName ?? null, defaultPageSize, read.coerced]);
    return key.length <= MAX_KEY_LENGTH ? key : undefined;
  } catch {
    // Nested too deeply to write out: not remembered.
    return undefined;
  }
}

function costOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined, defaultPageSize: number): number | null {
  const key = costKey(schema, document, variables, operationName, defaultPageSize);
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
      estimators: [pagedEstimator(defaultPageSize), simpleEstimator({ defaultComplexity: 1 })],
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

export function assertComplexity(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined, limits: { maxComplexity: number; defaultPageSize: number }): void {
  const complexity = costOf(schema, document, variables, operationName, limits.defaultPageSize);
  // Variables that do not fit the schema: execution reports them as BAD_USER_INPUT.
  if (complexity === null) return;
  if (complexity > limits.maxComplexity) {
    throw new GraphQLError(`The query would cost ${complexity}; at most ${limits.maxComplexity} is allowed (ask for smaller pages or fewer nested lists)`, {
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, maxComplexity: limits.maxComplexity, complexity, http: { status: 400 } },
    });
  }
}
