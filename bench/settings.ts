/** The benchmark's settings (BENCH_* environment variables) and its console. */
export const DEFAULT_URL = 'mysql://root@127.0.0.1:3306/ketnap_scale';

function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

export const SECONDS = setting('BENCH_SECONDS', 10, 1, 300);
export const WARMUP = setting('BENCH_WARMUP', 200, 0, 100_000);
export const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', 5, 1, 120);
export const CONNECTIONS = setting('BENCH_CONNECTIONS', 32, 2, 1024);
export const POOL_TARGET = setting('BENCH_MUTATION_POOL', Math.max(64, 2 * CONNECTIONS), 1, 10_000);
export const MEASURED_ENV = process.env.BENCH_NODE_ENV === 'development' ? 'development' : 'production';
export const KEEP_WRITES = ['1', 'true', 'yes'].includes((process.env.BENCH_KEEP_WRITES ?? '').toLowerCase());

export const say = (line: string) => process.stdout.write(`${line}\n`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
