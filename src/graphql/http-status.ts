/**
 * The HTTP status of a GraphQL answer, after the GraphQL over HTTP specification:
 *
 * - a request error (the answer has no `data`: unparsable, invalid, variables that do not
 *   coerce, a limit exceeded, a token that is forged, expired or revoked) keeps the 4xx Apollo
 *   or our code gave it (400, 401, 413), whatever the client accepts;
 * - an answer with `data`, even partial, is 200; with `Accept: application/graphql-response+json`,
 *   one whose `data` is null because the caller is not logged in (no token where one is needed,
 *   a wrong login) is 401, so a client can tell "log in" from the status alone; with
 *   `application/json` (and without an Accept header) it stays 200, as that media type asks;
 * - the database unreachable or a report over its time budget is 503, except an answer with
 *   non-null `data` in application/graphql-response+json, which the specification requires to
 *   be 2xx.
 *
 * A batch shares one status between its operations, so the 401 is never given to a batch. The
 * statuses are the REST routes' for the same codes (errors/status.ts).
 */
import type { FormattedExecutionResult } from 'graphql';
import { ErrorCode } from '../errors/app-error';
import { statusOf } from '../errors/status';

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const APPLICATION_JSON = 'application/json';
export type GraphQLMediaType = typeof GRAPHQL_RESPONSE_JSON | typeof APPLICATION_JSON;

export interface AnswerShape {
  mediaType: GraphQLMediaType;
  batched: boolean;
  result: FormattedExecutionResult;
  /** An error's code answers 503: the database cannot be reached, or a report ran out of time. */
  unavailable: boolean;
}

/** The status to answer with, or undefined to keep the one already chosen (200 unless a request error set one). */
export function answerStatus({ mediaType, batched, result, unavailable }: AnswerShape): number | undefined {
  const hasData = result.data !== undefined;
  const partial = hasData && result.data !== null;
  if (unavailable) return mediaType === GRAPHQL_RESPONSE_JSON && partial ? 200 : statusOf(ErrorCode.SERVICE_UNAVAILABLE);
  if (!hasData) return undefined;
  if (mediaType === GRAPHQL_RESPONSE_JSON && !batched && !partial && result.errors?.some((error) => error.extensions?.code === ErrorCode.UNAUTHENTICATED)) return statusOf(ErrorCode.UNAUTHENTICATED);
  return undefined;
}

interface AcceptRange {
  type: string;
  subtype: string;
  q: number;
  order: number;
}

function acceptRanges(accept: string): AcceptRange[] {
  return accept.split(',').flatMap((part, order) => {
    const [range, ...params] = part.split(';').map((p) => p.trim());
    const [type, subtype] = range.toLowerCase().split('/');
    if (!type || !subtype) return [];
    const qParam = params.find((p) => /^q=/i.test(p));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    return Number.isFinite(q) ? [{ type, subtype, q, order }] : [];
  });
}

/**
 * The media type of a single GraphQL answer for an Accept header, as Apollo (Negotiator) picks it:
 * the range that matches a type most specifically gives its q; the higher q wins, then the more
 * specific match, then the range listed first, then application/json. No Accept header:
 * application/json. Null when neither is acceptable (Apollo then answers 406).
 */
export function negotiateMediaType(accept: string | undefined): GraphQLMediaType | null {
  if (!accept?.trim()) return APPLICATION_JSON;
  const ranges = acceptRanges(accept);
  const candidates = ([APPLICATION_JSON, GRAPHQL_RESPONSE_JSON] as const).flatMap((mediaType, index) => {
    const [type, subtype] = mediaType.split('/');
    let best: { q: number; specificity: number; order: number } | null = null;
    for (const range of ranges) {
      if ((range.type !== '*' && range.type !== type) || (range.subtype !== '*' && range.subtype !== subtype)) continue;
      const specificity = (range.type === type ? 2 : 0) + (range.subtype === subtype ? 1 : 0);
      if (!best || specificity > best.specificity || (specificity === best.specificity && (range.q > best.q || (range.q === best.q && range.order < best.order)))) {
        best = { q: range.q, specificity, order: range.order };
      }
    }
    return best && best.q > 0 ? [{ mediaType, index, ...best }] : [];
  });
  candidates.sort((a, b) => b.q - a.q || b.specificity - a.specificity || a.order - b.order || a.index - b.index);
  return candidates[0]?.mediaType ?? null;
}
