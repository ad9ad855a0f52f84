/** Structured JSON logs on stderr: one object per line. Quiet under tests unless LOG_LEVEL asks. */
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const configured = process.env.LOG_LEVEL as Level | undefined;
  if (configured && configured in ORDER) return ORDER[configured];
  return process.env.NODE_ENV === 'test' ? ORDER.error + 1 : ORDER.info;
}

/** Whether messages of this level are written (skip building what would be dropped). */
export function logs(level: Level): boolean {
  return ORDER[level] >= threshold();
}

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < threshold()) return;
  const entry = { time: new Date().toISOString(), level, message, ...fields };
  process.stderr.write(JSON.stringify(entry, (_key, value: unknown) => (value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value)) + '\n');
}
