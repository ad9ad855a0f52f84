/**
 * The house's shape, checked on every run: the import graph of `src/` has no circle, its layers
 * only point down, and no source file grows past 400 lines. Reads the files, not the build.
 *
 * Generated code (web/src/gql, git-ignored) is not counted.
 *
 * Layers, bottom to top (a file may import its own layer and those below):
 *   0 foundation  src/common, src/errors, src/config.ts, src/logger.ts
 *   1 domain      src/domain (the vocabulary: enums, labels)
 *   2 db          src/db (transactions, hydration, the statement counter: infrastructure only)
 *   3 auth        src/auth (principals, abilities, scopes, guards)
 *   4 graphql     src/graphql (context, connections, loaders, limits, guards' decorators)
 *   5 modules     src/modules (the features; they may import each other)
 *   6 tools       src/tools (the demo and scale generators, on top of the modules)
 *   7 roots       src/cli, src/app.ts, src/server.ts, src/schema.ts and the other composition files
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');

function filesUnder(dir: string, extensions: readonly string[]): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'generated' || entry.name === 'gql' ? [] : filesUnder(full, extensions);
    return extensions.some((extension) => entry.name.endsWith(extension)) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const LAYERS: { name: string; rank: number; matches(relative: string): boolean }[] = [
  { name: 'foundation', rank: 0, matches: (f) => f.startsWith('common/') || f.startsWith('errors/') || f === 'config.ts' || f === 'logger.ts' },
  { name: 'domain', rank: 1, matches: (f) => f.startsWith('domain/') },
  { name: 'db', rank: 2, matches: (f) => f.startsWith('db/') },
  { name: 'auth', rank: 3, matches: (f) => f.startsWith('auth/') },
  { name: 'graphql', rank: 4, matches: (f) => f.startsWith('graphql/') },
  { name: 'modules', rank: 5, matches: (f) => f.startsWith('modules/') },
  { name: 'tools', rank: 6, matches: (f) => f.startsWith('tools/') },
  { name: 'roots', rank: 7, matches: () => true },
];

function layerOf(file: string): { name: string; rank: number } {
  const relative = path.relative(SRC, file).split(path.sep).join('/');
  return LAYERS.find((layer) => layer.matches(relative))!;
}

/** The files of `src/` a file imports (static, dynamic and type-only imports alike). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm)].map((match) => match[1]);
  return specifiers.flatMap((specifier) => {
    const base = path.resolve(path.dirname(file), specifier);
    const target = [`${base}.ts`, path.join(base, 'index.ts'), base].find((candidate) => candidate.startsWith(SRC) && fs.existsSync(candidate) && fs.statSync(candidate).isFile());
    return target ? [target] : [];
  });
}

const sources = filesUnder(SRC, ['.ts']);
const graph = new Map(sources.map((file) => [file, importsOf(file)]));
const short = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/** Strongly connected components of more than one file (or a file importing itself): the circles. */
function circles(): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.map(short).sort());
    }
  };
  for (const file of sources) if (!indexOf.has(file)) visit(file);
  return found;
}

describe('the house', () => {
  it('has no import circle in src/', () => {
    expect(circles()).toEqual([]);
  });

  it('has layers that only point down', () => {
    const upward = sources.flatMap((file) => {
      const from = layerOf(file);
      return (graph.get(file) ?? []).filter((target) => layerOf(target).rank > from.rank).map((target) => `${short(file)} (${from.name}) imports ${short(target)} (${layerOf(target).name})`);
    });
    expect(upward).toEqual([]);
  });

  it('keeps every source file within 400 lines', () => {
    const files = [
      ...sources,
      ...filesUnder(path.join(ROOT, 'bench'), ['.ts']),
      ...filesUnder(path.join(ROOT, 'web', 'src'), ['.ts', '.tsx']),
      ...filesUnder(path.join(ROOT, 'test', 'support'), ['.ts']),
      ...filesUnder(path.join(ROOT, 'test', 'factories'), ['.ts']),
    ];
    const long = files
      .map((file) => ({ file: short(file), lines: fs.readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > 400)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('keeps seed helpers out of production code', () => {
    const production = sources.filter((file) => !['tools', 'roots'].includes(layerOf(file).name));
    const seeds = production.flatMap((file) => (graph.get(file) ?? []).filter((target) => /\/(seed|scale|tools)\//.test(short(target))).map((target) => `${short(file)} imports ${short(target)}`));
    expect(seeds).toEqual([]);
  });
});
