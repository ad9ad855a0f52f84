/** GraphQL requests to a running server: one POST with its statement count, a login, what went wrong. */
import { graphqlBody } from './scenarios';

export interface Reply {
  status: number;
  statements: number | null;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

export async function post(url: string, body: string, token?: string): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const header = response.headers.get('x-sql-statements');
  return { status: response.status, statements: header === null ? null : Number(header), body: (await response.json()) as Reply['body'] };
}

export async function login(url: string, email: string, password: string): Promise<string> {
  const reply = await post(url, graphqlBody('mutation Login($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password }));
  const token = (reply.body.data?.login as { token?: string } | undefined)?.token;
  if (!token) throw new Error(`login failed for ${email}: ${JSON.stringify(reply.body.errors)} (set BENCH_PASSWORD if the users' password is not the default)`);
  return token;
}

export function failure(reply: Reply): string | null {
  if (reply.status !== 200) return `HTTP ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`;
  if (reply.body.errors?.length) return reply.body.errors.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ');
  return null;
}

