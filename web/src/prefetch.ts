import type { Client } from 'urql';
import type { Session } from './session';
import { MeQuery } from './me-query';
import { OrganizationTree, TREE_CONTEXT, treeVariables } from './pages/tree-query';

/**
 * A returning user's first screen in one round: at start-up the shell's and the tree's code and
 * both of their requests (`me`, and the tree of the user's organization) leave together, instead
 * of the tree waiting for `me`. The screens then find their answers in urql's cache.
 */
export function prefetchFirstScreen(client: Client, session: Session, pathname: string): void {
  void import('./Shell');
  void client.query(MeQuery, {}, { requestPolicy: 'cache-first' }).toPromise();
  const organizationId = session.user.organization?.id;
  if (pathname === '/' && organizationId) {
    void import('./pages/TreePage');
    // A mentor may not read statistics: the same variables TreePage derives from the user's rules.
    void client.query(OrganizationTree, treeVariables(organizationId, session.user.role !== 'MENTOR'), { ...TREE_CONTEXT, requestPolicy: 'cache-first' }).toPromise();
  }
}
