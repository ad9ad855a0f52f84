import type { AppAbility } from './ability';
import type { Principal } from './principal';

/**
 * What the auth layer needs of a request: who calls and what they may do. The GraphQL layer's
 * RequestContext is one; so is anything a CLI or a test builds with the same two fields.
 */
export interface AuthContext {
  principal: Principal | null;
  ability: AppAbility;
}
