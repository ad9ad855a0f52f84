/**
 * Error messages as a server without introspection (production) gives them: graphql-js suggests
 * the names of fields, arguments, types, enum values and input fields close to a misspelt one
 * ("Did you mean "createUser"?"), which hands the schema out name by name, and Apollo names
 * itself in a few of its own messages. graphql 16 has no switch for the suggestions, and Apollo's
 * ApolloServerPluginDisableSuggestions strips them from validation errors only, not from the
 * variable errors ("Variable "$input" got invalid value ...; Field "nam" is not defined by type
 * ... Did you mean "name"?"); every message passes through here instead.
 */
import type { GraphQLFormattedError } from 'graphql';

/** graphql-js's didYouMean(): ` Did you mean "a", "b", or "c"?`, also `the enum value "X"` and `to use an inline fragment on "T"`. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/** Apollo's messages that name Apollo, as a server that does not say what it runs. */
const SERVER_NAMES: [RegExp, string][] = [
  // CSRF prevention: Apollo's own wording, and the headers it names are Apollo's.
  [/^This operation has been blocked as a potential Cross-Site Request Forgery \(CSRF\)\..*$/s, 'Refused as a possible cross-site request forgery: send a POST with Content-Type: application/json, or a GET with a non-empty X-Ketnap-Preflight header.'],
  // Introspection off: Apollo's message tells how to configure ApolloServer.
  [/^GraphQL introspection is not allowed\b.*$/s, 'Introspection is not allowed on this server.'],
  [/^Apollo Server supports only GET\/POST requests\.?$/, 'Only GET and POST requests are supported.'],
  [/^Apollo server received an operation that uses incremental delivery\b.*$/s, 'Incremental delivery (@defer, @stream) is not supported.'],
  [/\bApollo Server\b/gi, 'the server'],
  [/\bapollo-require-preflight\b|\bx-apollo-operation-name\b/gi, 'a preflight header'],
];

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

export function withoutServerName(message: string): string {
  return SERVER_NAMES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}

/** A formatted error with neither schema suggestions nor the server's name in its message. */
export function withoutSchemaHints(error: GraphQLFormattedError): GraphQLFormattedError {
  const message = withoutServerName(withoutSuggestions(error.message));
  return message === error.message ? error : { ...error, message };
}
