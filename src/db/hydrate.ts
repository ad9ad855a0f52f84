import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { DriverUtils } from 'typeorm/driver/DriverUtils';

interface AliasPlan {
  metadata: EntityMetadata;
  primaryKey: string;
  columns: [key: string, column: ColumnMetadata][];
}

/** Per entity and alias, the raw keys to read (worked out once per process). */
const plans = new WeakMap<EntityMetadata, Map<string, AliasPlan>>();

function planOf(em: EntityManager, target: EntityTarget<ObjectLiteral>, alias: string): AliasPlan {
  const metadata = em.connection.getMetadata(target);
  let byAlias = plans.get(metadata);
  if (!byAlias) plans.set(metadata, (byAlias = new Map()));
  let plan = byAlias.get(alias);
  if (!plan) {
    // The names TypeORM gives the selected columns (shortened where the driver needs it).
    const key = (column: ColumnMetadata) => DriverUtils.buildAlias(em.connection.driver, undefined, alias, column.databaseName);
    plan = { metadata, primaryKey: key(metadata.primaryColumns[0]), columns: metadata.columns.map((column) => [key(column), column]) };
    byAlias.set(alias, plan);
  }
  return plan;
}

/**
 * An entity read off the raw row of a query that selected `alias` as plain columns
 * (`alias_column`), with the driver's conversions (dates, booleans...): what TypeORM does for a
 * mapped join, without its per-row regrouping. Null when the row has no such record (a LEFT
 * JOIN that found nothing).
 */
export function hydrateAlias<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, alias: string, raw: Record<string, unknown>): T | null {
  const plan = planOf(em, target as EntityTarget<ObjectLiteral>, alias);
  const primary = raw[plan.primaryKey];
  if (primary === null || primary === undefined) return null;
  const driver = em.connection.driver;
  const entity = plan.metadata.create() as T;
  for (const [key, column] of plan.columns) {
    const value = raw[key];
    if (value !== undefined) column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
  }
  return entity;
}
