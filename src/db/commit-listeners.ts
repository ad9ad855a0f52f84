import type { DataSource } from 'typeorm';

/** Things to do after any write transaction commits (caches of derived data forget what it changed). */
type Listener = (dataSource: DataSource) => void;
const listeners: Listener[] = [];

export function onCommit(listener: Listener): void {
  listeners.push(listener);
}

export function committed(dataSource: DataSource): void {
  for (const listener of listeners) listener(dataSource);
}
