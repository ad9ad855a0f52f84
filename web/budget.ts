import { gzipSync } from 'node:zlib';

/** What the hook reads of Rollup's output (typed here so that the repository's tests can load this file without Vite's ESM types). */
type OutputItem = { type: 'chunk'; fileName: string; code: string; isEntry: boolean; imports: string[] } | { type: 'asset'; fileName: string };
interface BudgetPlugin {
  name: string;
  apply: 'build';
  generateBundle(this: { error(message: string): never }, options: unknown, bundle: Record<string, OutputItem>): void;
}

/**
 * Prints the gzipped size of every chunk and fails the build when the JavaScript a first
 * visit loads (the entry chunk and what it imports statically) is over the budget. Routes
 * are split off with React.lazy, so they do not count here.
 */
export function bundleBudget(limitKiB: number): BudgetPlugin {
  return {
    name: 'ketnap-bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((item): item is Extract<OutputItem, { type: 'chunk' }> => item.type === 'chunk');
      const gzipped = new Map(chunks.map((chunk) => [chunk.fileName, gzipSync(chunk.code, { level: 9 }).length]));
      const entry = chunks.find((chunk) => chunk.isEntry);
      if (!entry) throw new Error('bundle budget: no entry chunk');
      const initial = new Set<string>();
      const visit = (fileName: string): void => {
        if (initial.has(fileName)) return;
        initial.add(fileName);
        const chunk = chunks.find((c) => c.fileName === fileName);
        for (const imported of chunk?.imports ?? []) visit(imported);
      };
      visit(entry.fileName);
      const kib = (bytes: number) => (bytes / 1024).toFixed(1);
      const lines = chunks
        .map((chunk) => ({ name: chunk.fileName, size: gzipped.get(chunk.fileName) ?? 0, initial: initial.has(chunk.fileName) }))
        .sort((a, b) => b.size - a.size)
        .map((c) => `  ${c.initial ? 'initial' : 'lazy   '}  ${kib(c.size).padStart(8)} KiB gz  ${c.name}`);
      const total = [...initial].reduce((sum, name) => sum + (gzipped.get(name) ?? 0), 0);
      process.stdout.write(`\nWeb client JavaScript (gzipped):\n${lines.join('\n')}\n  initial total ${kib(total)} KiB of ${limitKiB} KiB\n\n`);
      if (total > limitKiB * 1024) this.error(`The initial JavaScript is ${kib(total)} KiB gzipped, over the budget of ${limitKiB} KiB: split a route off (React.lazy) or drop a dependency`);
    },
  };
}
