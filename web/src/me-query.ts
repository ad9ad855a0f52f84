import { graphql } from './gql';

/** Who is logged in, their organization, and their rules (CASL) for what the screens offer. */
export const MeQuery = graphql(`
  query Me {
    me {
      id
      displayName
      email
      role
      organization { id name kindLabel depth }
      permissions { actions subjects conditions inverted }
    }
  }
`);
