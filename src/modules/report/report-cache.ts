import type { DataSource } from 'typeorm';

import { onCommit } from '../../db/commit-listeners';

/**
 * Reports computed recently, per database, tenant, root and period, kept for
 * config.reportCacheSeconds: a dashboard asking again gets the same figures without
 * scanning the tenant again. A write committed on this instance forgets its tenant's reports
 * (a system administrator's, every tenant's); other instances notice within the TTL.
 * The key holds the root, the period and the children the caller may see, so two callers
 * share a cached report only when they would see the same one.
 */
interface Entry {
  until: number;
  value: Promise<unknown>;
}

const caches = new WeakMap<DataSource, Map<number, Map<string, Entry>>>();

function tenantCache(dataSource: DataSource, tenantId: number): Map<string, Entry> {
  let byTenant = caches.get(dataSource);
  if (!byTenant) {
    byTenant = new Map();
    caches.set(dataSource, byTenant);
  }
  let cache = byTenant.get(tenantId);
  if (!cache) {
    cache = new Map();
    byTenant.set(tenantId, cache);
  }
  return cache;
}

export async function cachedReport<T>(dataSource: DataSource, tenantId: number, key: string, seconds: number, compute: () => Promise<T>): Promise<T> {
  if (seconds <= 0) return compute();
  const cache = tenantCache(dataSource, tenantId);
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.value as Promise<T>;
  if (cache.size > 500) cache.clear();
  const value = compute();
  cache.set(key, { until: Date.now() + seconds * 1000, value });
  value.catch(() => cache.delete(key));
  return value;
}

/** Forgets the cached reports of a tenant, or of every tenant. */
export function forgetReports(dataSource: DataSource, tenantId: number | null = null): void {
  const byTenant = caches.get(dataSource);
  if (!byTenant) return;
  if (tenantId === null) byTenant.clear();
  else byTenant.delete(tenantId);
}

onCommit((dataSource, tenantId) => forgetReports(dataSource, tenantId));
