import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The fields a connection's query asks of its nodes (under `edges { node { ... } }` and
 * `nodes { ... }`), fragments included: a list can then fetch, in its own statement, the
 * relations the page will need instead of leaving them to loaders.
 */
export function nodeFieldsRequested(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const fieldsOf = (selectionSet: SelectionSetNode | undefined, visit: (field: FieldNode) => void, seen = new Set<string>()): void => {
    if (!selectionSet) return;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) visit(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) fieldsOf(selection.selectionSet, visit, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        fieldsOf(info.fragments[selection.name.value]?.selectionSet, visit, seen);
      }
    }
  };
  for (const connection of info.fieldNodes) {
    fieldsOf(connection.selectionSet, (field) => {
      if (field.name.value === 'nodes') fieldsOf(field.selectionSet, (node) => names.add(node.name.value));
      if (field.name.value === 'edges') {
        fieldsOf(field.selectionSet, (edge) => {
          if (edge.name.value === 'node') fieldsOf(edge.selectionSet, (node) => names.add(node.name.value));
        });
      }
    });
  }
  return names;
}
