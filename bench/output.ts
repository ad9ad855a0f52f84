/** Where the results go (bench/results/), and what to do when there is no data to measure. */
import fs from 'node:fs';
import path from 'node:path';
import { renderMarkdown, type BenchResults } from './report';
import { DEFAULT_URL, say } from './settings';

function resultsDir(): string {
  const parent = path.resolve(__dirname, '..');
  return path.resolve(parent, ...(path.basename(parent) === 'dist' ? ['..'] : []), 'bench', 'results');
}

/** YYYY-MM-DD-HHMM in local time: several runs a day each keep their own dated copy. */
function localStamp(): string {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}`;
}

export function howToGetData(reason: string): never {
  process.stderr.write(
    [
      `npm run bench measures the API against the Hà Nội-scale data in MySQL/MariaDB, and it is not there: ${reason}`,
      '',
      'Generate it (a few minutes), then run the benchmark:',
      `  DATABASE_URL=${DEFAULT_URL} npm run seed:scale`,
      `  DATABASE_URL=${DEFAULT_URL} npm run bench      # DATABASE_URL defaults to this URL`,
      '',
      'Without MySQL, the quick demo mode runs the same scenarios on an embedded SQLite file with the demo data',
      '(no floor, no EXPLAIN):',
      '  npm run bench -- --demo',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

export function writeResults(results: BenchResults, databaseLabel: string): void {
  const dir = resultsDir();
  fs.mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(results);
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'latest.md'), markdown);
  const dated = path.join(dir, `${localStamp()}-${databaseLabel.replace(/[^A-Za-z0-9_.-]/g, '_')}.md`);
  fs.writeFileSync(dated, markdown);
  say(`\n${markdown}`);
  say(`Written to ${path.join(dir, 'latest.md')}, latest.json and ${dated}`);
}
