import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Which of an entity's columns a list must read to answer the GraphQL fields asked of its rows.
 *
 * - A field named like a column property reads that column (besides `always`).
 * - A field listed in `reads` (a resolver) reads the properties listed there (besides `always`).
 * - Any other field reads the whole record: what is not declared is never guessed.
 *
 * A record read this way is partial. It goes to the fields of the query that asked for it and
 * nowhere else: never into a loader, which other parts of the request share.
 */
export interface Projection {
  /** Read whatever is asked: the id, and what permission checks and resolvers of named fields need. */
  always: readonly string[];
  /** Resolver fields not named like a column, and what they read besides `always`. */
  reads: Readonly<Record<string, readonly string[]>>;
  /** Columns a list never reads, even when a field of that name is asked (a loader fetches them). */
  lazy?: readonly string[];
}

/**
 * The properties to select for `fields`, or null when one of them reads the whole record.
 * Introspection fields (`__typename`) read nothing.
 */
export function projectedProperties(em: EntityManager, target: EntityTarget<ObjectLiteral>, projection: Projection, fields: Iterable<string>): string[] | null {
  const columns = new Set(em.connection.getMetadata(target).columns.map((column) => column.propertyName));
  const lazy = new Set(projection.lazy ?? []);
  const selected = new Set(projection.always);
  for (const field of fields) {
    if (field.startsWith('__')) continue;
    const reads = projection.reads[field];
    if (reads) for (const property of reads) selected.add(property);
    else if (columns.has(field)) {
      if (!lazy.has(field)) selected.add(field);
    } else return null;
  }
  return [...selected];
}

/** Every column property but the lazy ones: what a list reads when its fields read whole records. */
export function allProperties(em: EntityManager, target: EntityTarget<ObjectLiteral>, projection?: Projection): string[] {
  const lazy = new Set(projection?.lazy ?? []);
  return em.connection
    .getMetadata(target)
    .columns.map((column) => column.propertyName)
    .filter((name) => !lazy.has(name));
}
