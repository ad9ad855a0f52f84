import { rulesToAST } from '@casl/ability/extra';
import type { Condition, FieldCondition, CompoundCondition } from '@ucast/mongo2js';
import type { Action, AppAbility, SubjectName } from './ability';

/**
 * Turns the ability's rules for (action, subject) into a SQL condition, so every list, count
 * and loader is filtered in the database by exactly the rules that single-record checks use.
 *
 * `columns` maps each scope-view field to the SQL expression that holds it in the query.
 * A field the rules use but the query does not map is an error, never silently ignored.
 */
export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

export type ScopeColumns = Record<string, string>;

const DENY: SqlCondition = { sql: '1 = 0', params: {} };
const ALLOW: SqlCondition = { sql: '1 = 1', params: {} };

let parameterSequence = 0;

export function scopeFilter(ability: AppAbility, action: Action, subject: SubjectName, columns: ScopeColumns): SqlCondition {
  const ast = rulesToAST(ability, action, subject);
  if (ast === null) return DENY;
  const params: Record<string, unknown> = {};
  const sql = toSql(ast, columns, params);
  return { sql, params };
}

function nextParam(params: Record<string, unknown>, value: unknown): string {
  parameterSequence = (parameterSequence + 1) % 1_000_000_000;
  const name = `scope_${parameterSequence}`;
  params[name] = value;
  return `:${name}`;
}

function column(columns: ScopeColumns, field: string): string {
  const expression = columns[field];
  if (!expression) throw new Error(`Scope field "${field}" has no column in this query`);
  return expression;
}

/** Subtree prefixes are materialized paths of ids ("/1/7/"): nothing LIKE could misread. */
function pathPrefix(value: unknown): string {
  if (typeof value !== 'string' || !/^(\/[0-9]+)+\/$/.test(value)) throw new Error(`Not a tree path: ${String(value)}`);
  return value;
}

function toSql(condition: Condition, columns: ScopeColumns, params: Record<string, unknown>): string {
  switch (condition.operator) {
    case 'and':
    case 'or': {
      const parts = (condition as CompoundCondition).value.map((child) => toSql(child, columns, params));
      if (parts.length === 0) return condition.operator === 'and' ? ALLOW.sql : DENY.sql;
      return `(${parts.join(condition.operator === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'not': {
      const parts = (condition as CompoundCondition).value.map((child) => toSql(child, columns, params));
      return `NOT (${parts.join(' AND ')})`;
    }
  }
  const field = condition as FieldCondition;
  const target = column(columns, field.field);
  switch (field.operator) {
    case 'eq':
      return field.value === null ? `${target} IS NULL` : `${target} = ${nextParam(params, field.value)}`;
    case 'ne':
      return field.value === null ? `${target} IS NOT NULL` : `(${target} IS NULL OR ${target} <> ${nextParam(params, field.value)})`;
    case 'in': {
      const values = field.value as unknown[];
      if (values.length === 0) return DENY.sql;
      return `${target} IN (${nextParam(params, values).replace(/^:/, ':...')})`;
    }
    case 'startsWith':
      return `${target} LIKE ${nextParam(params, `${pathPrefix(field.value)}%`)}`;
    default:
      throw new Error(`Condition operator "${field.operator}" cannot be turned into SQL`);
  }
}
