import autocannon from 'autocannon';

/**
 * Load generation: autocannon against the API, and a plain loop of `workers` concurrent
 * callers for the hand-written SQL floor. Both report the same figures. Latency percentiles
 * are computed here from every response's exact time (autocannon's own histogram keeps whole
 * milliseconds, too coarse for 1-5 ms requests); its integer figures are kept alongside.
 */
export interface LoadStats {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  mean: number;
  max: number;
  /** Connection errors + timeouts + failed responses (non-2xx, or GraphQL "errors"). */
  errors: number;
  errorDetail?: { connection: number; timeouts: number; non2xx: number; failedResponses: number; sample?: string };
  /** autocannon's own percentiles (whole milliseconds). */
  autocannon?: { p50: number; p97_5: number; p99: number; rpsAverage: number };
  maxRssMiB?: number;
  /** CPU time the API server process used per answered request during the run (ms). */
  serverCpuMsPerRequest?: number;
  /** The same for the local database server (all its clients). */
  dbCpuMsPerRequest?: number;
  /** The same for the load generator (the benchmark's own process, where autocannon runs). */
  loadGeneratorCpuMsPerRequest?: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

export function summarize(latencies: number[], connections: number, seconds: number, errors: number): LoadStats {
  const sorted = Float64Array.from(latencies).sort();
  const list = Array.from(sorted);
  return {
    connections,
    seconds: round(seconds),
    requests: list.length,
    rps: round(list.length / seconds, 1),
    p50: round(percentile(list, 50)),
    p975: round(percentile(list, 97.5)),
    p99: round(percentile(list, 99)),
    mean: round(list.reduce((a, b) => a + b, 0) / Math.max(1, list.length)),
    max: round(list[list.length - 1] ?? NaN),
    errors,
  };
}

/** A request autocannon sends over and over; `setupRequest`/`onResponse` make it dynamic. */
export interface HttpLoad {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Builds each request (e.g. the mutation's next candidate and version); null = use `body`. */
  setupRequest?: (request: { body?: string | Buffer; headers?: Record<string, string> }, context: Record<string, unknown>) => { body?: string | Buffer; headers?: Record<string, string> };
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

/** A 2xx GraphQL response without errors. */
export function graphqlOk(body: string): boolean {
  return body.startsWith('{"data"') && !body.includes('"errors":[');
}

/**
 * One autocannon run: for `seconds`, or for `amount` requests (warm-up; then `seconds` caps it).
 */
export async function runAutocannon(load: HttpLoad, connections: number, limit: { seconds: number; amount?: number }): Promise<LoadStats> {
  const latencies: number[] = [];
  let failed = 0;
  let sample: string | undefined;
  const started = process.hrtime.bigint();
  const options: autocannon.Options = {
    url: load.url,
    method: 'POST',
    headers: load.headers,
    body: load.body,
    connections,
    pipelining: 1,
    timeout: 30,
    ...(limit.amount ? { amount: limit.amount } : { duration: limit.seconds }),
    // Every response is checked once: a non-2xx status or a GraphQL "errors" member is a failure.
    requests: [
      {
        ...(load.setupRequest ? { setupRequest: load.setupRequest as unknown as autocannon.Request['setupRequest'] } : {}),
        onResponse: ((status: number, body: string, context: Record<string, unknown>) => {
          if (status < 200 || status > 299 || !graphqlOk(body)) {
            failed += 1;
            sample ??= `${status} ${body.slice(0, 500)}`;
          }
          load.onResponse?.(status, body, context);
        }) as unknown as autocannon.Request['onResponse'],
      },
    ],
  };
  let instance: autocannon.Instance | undefined;
  let capTimer: NodeJS.Timeout | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(options, (error: unknown, done: autocannon.Result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)));
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
    });
    if (limit.amount) capTimer = setTimeout(() => instance?.stop(), limit.seconds * 1000);
  });
  if (capTimer) clearTimeout(capTimer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const connection = Math.max(0, result.errors - result.timeouts);
  const errors = connection + result.timeouts + failed;
  const stats = summarize(latencies, connections, Math.min(seconds, result.duration || seconds), errors);
  stats.errorDetail = { connection, timeouts: result.timeouts, non2xx: result.non2xx, failedResponses: failed, ...(sample ? { sample } : {}) };
  stats.autocannon = { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, rpsAverage: result.requests.average };
  return stats;
}

/** `workers` callers running `call` back to back for `seconds` (or `amount` calls in all). */
export async function runLoop(call: () => Promise<unknown>, workers: number, limit: { seconds: number; amount?: number }): Promise<LoadStats> {
  const latencies: number[] = [];
  let errors = 0;
  let sample: string | undefined;
  let issued = 0;
  const started = process.hrtime.bigint();
  const endAt = Date.now() + limit.seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < endAt && (limit.amount === undefined || issued < limit.amount)) {
        issued += 1;
        const t0 = process.hrtime.bigint();
        try {
          await call();
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (error) {
          errors += 1;
          sample ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stats = summarize(latencies, workers, seconds, errors);
  if (sample) stats.errorDetail = { connection: 0, timeouts: 0, non2xx: 0, failedResponses: errors, sample };
  return stats;
}
