import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The API as a child process (`node dist/src/server.js`), exactly as it is deployed: its own
 * event loop and heap, so the load generator in this process does not share them, and its
 * memory (VmRSS) can be read from /proc.
 */
export interface ServerOptions {
  /** Environment on top of a clean base (PATH, HOME...); PORT is chosen here. */
  env: Record<string, string>;
  label: string;
  /** Keep what the server prints on stderr (LOG_SQL=true probes). */
  captureStderr?: boolean;
}

export interface RunningServer {
  pid: number;
  port: number;
  url: string;
  /** Everything printed on stderr so far (only with captureStderr). */
  stderr(): string;
  rssMiB(): number | null;
  stop(): Promise<void>;
}

/** A free port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** VmRSS of a process in MiB, from /proc/<pid>/status (null where there is no /proc). */
export function rssMiB(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function randomJwtSecret(): string {
  return crypto.randomBytes(48).toString('base64url');
}

const BASE_ENV_KEYS = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'NODE_OPTIONS'];

/** The node flags of package.json's `start` script (heap sizes), so the benchmark runs what `npm start` runs. */
export function startFlags(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return manifest.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

export async function startServer(serverJs: string, options: ServerOptions): Promise<RunningServer> {
  if (!fs.existsSync(serverJs)) throw new Error(`${serverJs} does not exist: run "npm run build" first`);
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const key of BASE_ENV_KEYS) if (process.env[key] !== undefined) env[key] = process.env[key] as string;
  Object.assign(env, options.env, { PORT: String(port) });
  // The same heap settings as `npm start` (and the Docker image).
  const child: ChildProcess = spawn(process.execPath, [...startFlags(), serverJs], { env, cwd: path.resolve(path.dirname(serverJs), '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    if (stdout.length < 64_000) stdout += chunk;
  });
  child.stderr?.on('data', (chunk: string) => {
    if (options.captureStderr || stderr.length < 64_000) stderr += chunk;
  });
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`The ${options.label} server exited (${JSON.stringify(exited)}) before it was ready:\n${stderr.slice(-4000)}${stdout.slice(-2000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The ${options.label} server was not ready within 60 s:\n${stderr.slice(-4000)}`);
    }
    try {
      const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const pid = child.pid as number;
  return {
    pid,
    port,
    url: `${base}/graphql`,
    stderr: () => stderr,
    rssMiB: () => rssMiB(pid),
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

/** Samples a process's RSS every `everyMs` while started; reports the maximum. */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  max = 0;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 100,
  ) {}

  start(): this {
    this.max = 0;
    const sample = () => {
      const value = rssMiB(this.pid);
      if (value !== null && value > this.max) this.max = value;
    };
    sample();
    this.timer = setInterval(sample, this.everyMs);
    return this;
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const value = rssMiB(this.pid);
    if (value !== null && value > this.max) this.max = value;
    return this.max;
  }
}

/** CPU time (user + system, clock ticks) a process has used, from /proc/<pid>/stat. */
export function cpuTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * Waits until the server has finished what an earlier run left in flight (autocannon closes its
 * sockets at the end of a run, but the server still answers the requests it had read): its CPU
 * is quiet and `busy()` (e.g. queries running in the database) says no, twice in a row.
 */
export async function settle(pid: number, busy: () => Promise<boolean>, maxMs = 60_000): Promise<number> {
  const started = Date.now();
  let quiet = 0;
  while (Date.now() - started < maxMs) {
    const before = cpuTicks(pid);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = cpuTicks(pid);
    // Under 3 ticks (30 ms at 100 Hz) in 250 ms: idle but for timers.
    const cpuBusy = before !== null && after !== null && after - before >= 3;
    if (!cpuBusy && !(await busy())) {
      quiet += 1;
      if (quiet >= 2) return Date.now() - started;
    } else {
      quiet = 0;
    }
  }
  return Date.now() - started;
}

/** The local MariaDB/MySQL server's pid, if it runs on this machine (for its CPU time). */
export function findDatabasePid(): number | null {
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
        if (comm === 'mariadbd' || comm === 'mysqld') return Number(entry);
      } catch {
        // gone, or not ours to read
      }
    }
  } catch {
    // no /proc
  }
  return null;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
export const CLOCK_TICKS = 100;
