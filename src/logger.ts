/**
 * Structured logs: pino, one JSON object per line on stderr (`level` as a word, ISO `time`,
 * `message`). LOG_LEVEL sets the level (`debug`, `info`, `warn`, `error`; also pino's `trace`,
 * `fatal`, `silent`); by default `info`, and nothing under tests unless LOG_LEVEL asks.
 *
 * Nothing secret or personal is written: the values of keys that hold secrets or national IDs
 * (`password`, `token`, `nationalId`, `authorization`, `apiKey`...) are replaced wherever they
 * sit (pino's path redaction), and so is any text that looks like one (a JWT, an API key, a
 * bearer header, a 9- or 12-digit number: a driver's message may quote a row's national ID),
 * in every field and in errors' messages and stacks. An error is logged by its name, code,
 * message and stack only: a query error's parameters (a person's row) never are.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type Level = 'debug' | 'info' | 'warn' | 'error';

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

const CENSOR = '[redacted]';

/** Keys whose values are never logged, at any of the first four levels of a logged object. */
const SECRET_KEYS = ['password', 'newPassword', 'currentPassword', 'passwordHash', 'nationalId', 'token', 'refreshToken', 'key', 'apiKey', 'secret', 'jwtSecret', 'authorization', 'cookie'];
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

/** Text that is a secret or a national ID wherever it appears in a string. */
const SECRET_TEXT: RegExp[] = [
  // A JWT (session tokens): three base64url parts, the first a JSON header.
  /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g,
  // An API key: knp_<prefix>_<secret>.
  /\bknp_[\w-]+/g,
  // The credential of an Authorization header.
  /\b(Bearer|ApiKey|Basic)\s+[^\s"',;]+/gi,
  // A national ID: 12 digits (CCCD) or 9 (CMND), not part of a longer number or word.
  /(?<![\w.])(?:\d{12}|\d{9})(?![\w.])/g,
];

/** A request id as the server makes them: its last group may be 12 digits, and it is no secret. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function redactText(text: string): string {
  if (UUID.test(text)) return text;
  return SECRET_TEXT.reduce((result, pattern) => result.replace(pattern, (match, scheme?: string) => (typeof scheme === 'string' && /^(bearer|apikey|basic)$/i.test(scheme) ? `${scheme} ${CENSOR}` : CENSOR)), text);
}

function isErrorLike(value: unknown): value is Error {
  return value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as Error).message === 'string' && typeof (value as Error).stack === 'string');
}

/** An error as it is logged: what it is and where it was thrown, never the data it carries. */
function serializeError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  const serialized: Record<string, unknown> = { name: error.name, message: redactText(error.message), stack: redactText(error.stack ?? '') };
  if (typeof code === 'string' || typeof code === 'number') serialized.code = code;
  const cause = (error as { cause?: unknown }).cause;
  if (isErrorLike(cause)) serialized.cause = serializeError(cause);
  return serialized;
}

/** A copy of a logged value with every string's secrets replaced and errors serialized. */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (isErrorLike(value)) return serializeError(value);
  if (depth >= 6) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  if (value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = scrub(item, depth + 1);
  return copy;
}

/** The level LOG_LEVEL asks for, or the default: `info`, silent under tests. */
export function levelFrom(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.LOG_LEVEL?.trim().toLowerCase();
  if (configured && LEVELS.has(configured)) return configured;
  return env.NODE_ENV === 'test' ? 'silent' : 'info';
}

/** A logger writing to `destination` (stderr by default, synchronously: nothing is lost on exit). */
export function createLogger(destination: DestinationStream = pino.destination({ fd: 2, sync: true }), level = levelFrom()): Logger {
  return pino(
    {
      level,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => scrub(fields) as Record<string, unknown>,
      },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
    },
    destination,
  );
}

let current: Logger = createLogger();

/** Logs through `logger` from now on (a test reads what the server logs); returns the way back. */
export function useLogger(logger: Logger): () => void {
  const previous = current;
  current = logger;
  return () => {
    current = previous;
  };
}

/** Whether messages of this level are written (skip building what would be dropped). */
export function logs(level: Level): boolean {
  return current.isLevelEnabled(level);
}

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (!current.isLevelEnabled(level)) return;
  current[level](fields, redactText(message));
}
