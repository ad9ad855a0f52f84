/**
 * One DataLoader per relation, built fresh for every request (a cache shared between users
 * would leak). Every registered subject has a loader by id, named after it (`organization`,
 * `apiKey`), that goes through `scopedQuery`: a nested field can never show what the caller
 * could not read directly, and what is out of scope comes back as null. The modules add their
 * own loaders (children, headcounts, history...) with `registerLoaders`.
 */
import DataLoader from 'dataloader';
import { In, type EntityManager } from 'typeorm';
import type { AppAbility } from '../auth/ability';
import { scopedQuery } from '../auth/scope';
import { registeredSubjects, type SubjectName, type SubjectTypes } from '../auth/subjects';

/**
 * The loaders the modules add, each module declaring its own by declaration merging:
 *
 *     declare module '../../graphql/loaders' {
 *       interface ModuleLoaders extends OrganizationLoaders {}
 *     }
 */
export interface ModuleLoaders {}

/** A subject's loader by id, named after the subject ("ApiKey" → `apiKey`). */
export type SubjectLoaders = { [K in SubjectName as Uncapitalize<K>]: DataLoader<number, SubjectTypes[K] | null> };

export type Loaders = SubjectLoaders & ModuleLoaders;

/** Makes some of a request's loaders, given what the request may read. */
export type LoaderFactory = (em: EntityManager, ability: AppAbility) => Partial<ModuleLoaders>;

const factories: LoaderFactory[] = [];

/** Called by a module when it loads (its `<m>.subject.ts`). */
export function registerLoaders(factory: LoaderFactory): void {
  factories.push(factory);
}

export function loaderName<K extends SubjectName>(subject: K): Uncapitalize<K> {
  return (subject.charAt(0).toLowerCase() + subject.slice(1)) as Uncapitalize<K>;
}

/** The loader by id of `subject`. */
export function subjectLoader<K extends SubjectName>(loaders: Loaders, subject: K): DataLoader<number, SubjectTypes[K] | null> {
  return (loaders as unknown as Record<string, DataLoader<number, SubjectTypes[K] | null>>)[loaderName(subject)];
}

/** Records of `subject` by id, scoped to what `ability` may read. */
function byId(em: EntityManager, ability: AppAbility, subject: SubjectName, alias: string): DataLoader<number, { id: number } | null> {
  return new DataLoader<number, { id: number } | null>(async (ids) => {
    const rows = await scopedQuery<{ id: number }>(em, ability, 'read', subject)
      .andWhere(`${alias}.id IN (:...ids)`, { ids: [...ids] })
      .getMany();
    const byKey = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byKey.get(id) ?? null);
  });
}

/** Rows of a child table grouped by a parent key (the parent itself is already scoped), for modules' loaders. */
export function groupedBy<T, K extends keyof T & string>(em: EntityManager, entity: new () => T, key: K, order: Record<string, 'ASC' | 'DESC'>): DataLoader<number, T[]> {
  return new DataLoader<number, T[]>(async (keys) => {
    const rows = await em.getRepository(entity as new () => object).find({ where: { [key]: In([...keys]) }, order });
    const groups = new Map<number, T[]>();
    for (const row of rows as T[]) {
      const value = row[key] as unknown as number;
      const group = groups.get(value) ?? [];
      group.push(row);
      groups.set(value, group);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}

export function createLoaders(em: EntityManager, ability: AppAbility): Loaders {
  const loaders: Record<string, unknown> = {};
  for (const subject of registeredSubjects()) loaders[loaderName(subject.name)] = byId(em, ability, subject.name, subject.alias);
  for (const factory of factories) Object.assign(loaders, factory(em, ability));
  return loaders as unknown as Loaders;
}
