import { bundleBudget } from '../web/budget';

/** The web build's budget (web/budget.ts): what a first visit loads counts, lazy routes do not; over the budget the build fails. */
type Chunk = { type: 'chunk'; fileName: string; code: string; isEntry: boolean; imports: string[] };

// Incompressible text of about `kib` KiB gzipped.
function noise(kib: number, seed: number): string {
  let x = seed;
  let out = '';
  while (out.length < kib * 1024 * 1.4) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += x.toString(36);
  }
  return out;
}

function run(limitKiB: number, chunks: Chunk[]): { error: string | null; printed: string } {
  const plugin = bundleBudget(limitKiB);
  const bundle = Object.fromEntries(chunks.map((c) => [c.fileName, c]));
  let printed = '';
  const write = process.stdout.write;
  process.stdout.write = ((text: string) => ((printed += text), true)) as typeof process.stdout.write;
  try {
    const hook = plugin.generateBundle as unknown as (this: { error(message: string): never }, options: unknown, bundle: unknown) => void;
    hook.call({ error: (message: string) => { throw new Error(message); } }, {}, bundle);
    return { error: null, printed };
  } catch (error) {
    return { error: (error as Error).message, printed };
  } finally {
    process.stdout.write = write;
  }
}

describe('web build: bundle budget', () => {
  const chunks: Chunk[] = [
    { type: 'chunk', fileName: 'assets/index.js', code: noise(60, 1), isEntry: true, imports: ['assets/vendor.js'] },
    { type: 'chunk', fileName: 'assets/vendor.js', code: noise(60, 2), isEntry: false, imports: [] },
    { type: 'chunk', fileName: 'assets/CandidatePage.js', code: noise(200, 3), isEntry: false, imports: ['assets/vendor.js'] },
  ];

  it('counts the entry and its static imports, not the lazy routes, and prints every chunk', () => {
    const { error, printed } = run(150, chunks);
    expect(error).toBeNull();
    expect(printed).toMatch(/initial +\d+\.\d KiB gz +assets\/index\.js/);
    expect(printed).toMatch(/lazy +\d+\.\d KiB gz +assets\/CandidatePage\.js/);
    expect(printed).toMatch(/initial total \d+\.\d KiB of 150 KiB/);
  });

  it('fails the build over the budget', () => {
    expect(run(100, chunks).error).toMatch(/over the budget of 100 KiB/);
  });
});
