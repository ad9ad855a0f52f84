import type { DataSource } from 'typeorm';

/**
 * Things to do after any write transaction commits (caches of derived data forget what it
 * changed). `tenantId` is the tenant the transaction wrote in, or null when it may have
 * written anywhere (a system administrator, start-up seeding).
 */
type Listener = (dataSource: DataSource, tenantId: number | null) => void;
const listeners: Listener[] = [];

export function onCommit(listener: Listener): void {
  listeners.push(listener);
}

export function committed(dataSource: DataSource, tenantId: number | null): void {
  for (const listener of listeners) listener(dataSource, tenantId);
}
