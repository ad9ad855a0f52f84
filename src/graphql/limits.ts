import { GraphQLError, Kind, type ASTNode, type ValidationContext, type ASTVisitor, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
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
 * repeating a query sends the same one), operation, variables and page size. Null: the variables
 * do not fit the schema.
 */
const costs = new WeakMap<DocumentNode, Map<string, number | null>>();
const COSTS_PER_DOCUMENT = 256;

function costOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined, defaultPageSize: number): number | null {
  let known = costs.get(document);
  if (!known) costs.set(document, (known = new Map()));
  const key = JSON.stringify([operationName ?? null, defaultPageSize, variables ?? null]);
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  let complexity: number | null;
  try {
    complexity = getComplexity({
      schema,
      query: document,
      variables,
      operationName,
      estimators: [pagedEstimator(defaultPageSize), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    complexity = null;
  }
  if (known.size >= COSTS_PER_DOCUMENT) known.clear();
  known.set(key, complexity);
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
