import { toGlobalId } from '../src/graphql/global-id';
import type { MutationCandidate } from './fixtures';
import type { HttpLoad } from './load';
import { graphqlBody } from './scenarios';

/** The reassignMentor load: each request takes a candidate nobody else is changing, with its version. */
export class MentorPool {
  private readonly queue: MutationCandidate[] = [];
  private readonly byId: Map<number, MutationCandidate>;

  constructor(
    readonly pool: MutationCandidate[],
    private readonly cells: Map<number, { token: string; mentors: [number, number] }>,
    private readonly query: string,
    private readonly today: string,
  ) {
    this.byId = new Map(pool.map((c) => [c.id, c]));
    this.reset();
  }

  reset(): void {
    this.queue.length = 0;
    this.queue.push(...this.pool);
  }

  private nextMentor(candidate: MutationCandidate): number {
    const [a, b] = this.cells.get(candidate.cell)!.mentors;
    return candidate.mentorId === a ? b : a;
  }

  /** The request for a candidate (also used by the probe). */
  request(candidate: MutationCandidate): { body: string; token: string; mentor: number } {
    const mentor = this.nextMentor(candidate);
    const input = { candidateId: toGlobalId('Candidate', candidate.id), mentorId: toGlobalId('Member', mentor), date: this.today, version: candidate.version, note: 'ketnap bench' };
    return { body: graphqlBody(this.query, { input }), token: this.cells.get(candidate.cell)!.token, mentor };
  }

  /** Applies a successful answer to the candidate's state. */
  applied(candidate: MutationCandidate, mentor: number, body: string): boolean {
    try {
      const parsed = JSON.parse(body) as { data?: { reassignMentor?: { version: number } } };
      const result = parsed.data?.reassignMentor;
      if (!result) return false;
      candidate.version = result.version;
      candidate.mentorId = mentor;
      return true;
    } catch {
      return false;
    }
  }

  load(url: string): HttpLoad {
    return {
      url,
      headers: { 'content-type': 'application/json' },
      body: '{}',
      setupRequest: (request, context) => {
        // With pipelining 1 and a pool larger than the connections, the queue is never empty;
        // should it be, any candidate is taken (a CONFLICT would then count as an error).
        const candidate = this.queue.shift() ?? this.pool[Math.floor(Math.random() * this.pool.length)];
        const built = this.request(candidate);
        context.candidate = candidate.id;
        context.mentor = built.mentor;
        return { ...request, body: built.body, headers: { ...(request.headers ?? {}), authorization: `Bearer ${built.token}` } };
      },
      onResponse: (_status, body, context) => {
        const candidate = this.byId.get(Number(context.candidate));
        if (!candidate) return;
        this.applied(candidate, Number(context.mentor), body);
        if (!this.queue.includes(candidate)) this.queue.push(candidate);
      },
    };
  }
}
