import type { TestServer } from './server';

/**
 * GraphQL and the export route over HTTP, as any client calls them, with any Authorization header
 * ("Bearer ...", "ApiKey ...") or none. Unlike `TestServer.gql`, a non-JSON answer comes back as
 * an error instead of throwing, and several operations can go in one batched request.
 */

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: GqlError[];
}

async function parseBody(response: Response): Promise<Record<string, unknown> | Record<string, unknown>[]> {
  const text = await response.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { errors: [{ message: `non-JSON response (${response.status}): ${text.slice(0, 200)}` }] };
  }
}

/** One GraphQL operation over HTTP with any Authorization header ("Bearer ...", "ApiKey ..."). */
export async function gqlAs<T = Record<string, unknown>>(
  server: TestServer,
  authorization: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResult<T>> {
  const response = await fetch(server.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await parseBody(response)) as Record<string, unknown>;
  return { status: response.status, ...(body as Omit<GqlResult<T>, 'status'>) };
}

/**
 * Several operations in one batched HTTP request. Used where each result must carry its own
 * error: a non-null root field (candidate(id), statistics, mutations) that fails nulls the whole
 * `data` of its operation and graphql-js then reports only the first error, so aliases cannot
 * be used for expected failures.
 */
export async function gqlBatch(server: TestServer, authorization: string | null, queries: readonly string[], chunk = server.config.maxBatchOperations): Promise<GqlResult[]> {
  const results: GqlResult[] = [];
  for (let start = 0; start < queries.length; start += chunk) {
    const part = queries.slice(start, start + chunk);
    const response = await fetch(server.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(part.map((query) => ({ query }))),
    });
    const body = await parseBody(response);
    if (Array.isArray(body)) {
      for (const one of body) results.push({ status: response.status, ...(one as Omit<GqlResult, 'status'>) });
    } else {
      for (let i = 0; i < part.length; i++) results.push({ status: response.status, ...(body as Omit<GqlResult, 'status'>) });
    }
  }
  return results;
}

/** GET on the export route; returns the status and the body as text. */
export async function getExport(server: TestServer, authorization: string | null, format: 'csv' | 'xlsx', organizationGid: string): Promise<{ status: number; text: string; contentType: string }> {
  const base = server.app.url.replace(/\/graphql$/, '');
  const response = await fetch(`${base}/reports/statistics.${format}?organizationId=${encodeURIComponent(organizationGid)}`, {
    headers: authorization ? { authorization } : {},
  });
  const buffer = Buffer.from(await response.arrayBuffer());
  return { status: response.status, text: buffer.toString('utf8'), contentType: response.headers.get('content-type') ?? '' };
}
