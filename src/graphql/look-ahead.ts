import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** What a connection's query asks of its nodes: their fields, and the fields asked of each of those. */
export interface NodeSelection {
  /** Names of the fields asked of the nodes (under `edges { node { ... } }` and `nodes { ... }`). */
  fields: Set<string>;
  /** Names of the fields asked of the nodes' field `name` (every occurrence and alias of it). */
  subfields(name: string): Set<string>;
}

/** The fields of a selection set, fragments (named and inline) included. */
function forEachField(info: GraphQLResolveInfo, selectionSet: SelectionSetNode | undefined, visit: (field: FieldNode) => void, seen = new Set<string>()): void {
  if (!selectionSet) return;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) visit(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) forEachField(info, selection.selectionSet, visit, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      forEachField(info, info.fragments[selection.name.value]?.selectionSet, visit, seen);
    }
  }
}

/**
 * What a connection's query asks of its nodes, fragments included: a list can then fetch, in its
 * own statement, the relations the page will need (instead of leaving them to loaders) and only
 * the columns its fields read.
 */
export function nodeSelection(info: GraphQLResolveInfo): NodeSelection {
  const byName = new Map<string, FieldNode[]>();
  const addNode = (node: FieldNode) => {
    const list = byName.get(node.name.value);
    if (list) list.push(node);
    else byName.set(node.name.value, [node]);
  };
  for (const connection of info.fieldNodes) {
    forEachField(info, connection.selectionSet, (field) => {
      if (field.name.value === 'nodes') forEachField(info, field.selectionSet, addNode);
      if (field.name.value === 'edges') {
        forEachField(info, field.selectionSet, (edge) => {
          if (edge.name.value === 'node') forEachField(info, edge.selectionSet, addNode);
        });
      }
    });
  }
  return {
    fields: new Set(byName.keys()),
    subfields(name) {
      const names = new Set<string>();
      for (const node of byName.get(name) ?? []) forEachField(info, node.selectionSet, (field) => names.add(field.name.value));
      return names;
    },
  };
}
