import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { execFile, spawn, type ChildProcess } from 'node:child_process';

/**
 * The compiled code as it runs in production (`node dist/src/...`), for tests that start real
 * processes: built by `tsc -p tsconfig.build.json` into a private directory, so a concurrent
 * build of dist/ can neither break nor be broken by the test.
 */
export const ROOT = path.resolve(__dirname, '..', '..');

export interface Build {
  dir: string;
  /** The path of a compiled file, e.g. `src/server.ts` → <dir>/src/server.js. */
  js(source: string): string;
  remove(): void;
}

export async function buildPrivately(): Promise<Build> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketnap-build-'));
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const result = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(tsc, ['-p', 'tsconfig.build.json', '--outDir', dir], { cwd: ROOT, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
    });
  });
  const js = (source: string) => path.join(dir, source.replace(/\.ts$/, '.js'));
  // tsc emits even with type errors; only a missing build is fatal here (the typecheck is `npm run typecheck`).
  if (!fs.existsSync(js('src/server.ts'))) throw new Error(`tsc -p tsconfig.build.json produced no src/server.js (exit ${result.code}):\n${result.output}`);
  return { dir, js, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The environment of a production process: nothing inherited that could point it elsewhere (DATABASE_URL...). */
export function productionEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_PATH: path.join(ROOT, 'node_modules'), NODE_ENV: 'production', LOG_LEVEL: 'warn', ...extra };
}

export interface Started {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();

/** Kills whatever a test file left running. */
export function killStarted(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** Runs `node script ...args` (or the executable `script` itself when `executable`), with `stdin` written and closed, or kept open when `executable`. */
export function startProcess(script: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, stdin?: string, executable = false): Started {
  const command = executable ? script : process.execPath;
  const child = spawn(command, executable ? args : [script, ...args], { cwd, env, stdio: [stdin === undefined && !executable ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  if (stdin !== undefined) child.stdin?.end(stdin);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, output: () => ({ stdout, stderr }), exited };
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
    }),
  ]);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function waitUntilHealthy(base: string, started: Started, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  let exitedEarly = false;
  void started.exited.then(() => (exitedEarly = true));
  while (Date.now() < deadline) {
    if (exitedEarly) throw new Error(`The server exited while starting:\n${started.output().stderr}`);
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The server did not answer /healthz within ${ms} ms:\n${started.output().stderr}`);
}

/** Stops a server started for a test and waits until it has gone. */
export async function stopProcess(started: Started): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  started.child.kill('SIGTERM');
  await withTimeout(started.exited, 25_000, 'stopping the server');
}
