import { User } from './user.entity';
import type { CreateUserInput, LoginArgs, UpdateUserInput, UserFilter } from './user.inputs';
import { Organization } from '../organization/organization.entity';
import { Member } from '../member/member.entity';
import { OrganizationKind, Role } from '../../domain/enums';
import { contextAs, type RequestContext } from '../../graphql/context';
import { forgetPrincipals, logIn } from '../../auth/authenticate';
import { inTransaction } from '../../db/transaction';
import { insertUser } from './user.rows';
import { assertCan, loadFor } from '../../auth/guard';
import { hashPassword } from '../../auth/tokens';
import { badInput, forbidden } from '../../errors/app-error';
import { decodeId } from '../../graphql/ids';
import { normalizeText } from '../../common/text';
import { about, recordAudit } from '../audit/audit.service';
import { ClashError, recordingClashes } from '../audit/clash';
import { assertMayActFor } from '../organization/authority';
import type { Connection } from '../../graphql/connection';
import { pageBy, subtreeQuery } from '../organization/subtree-list';

/** Where each role acts: the kinds of organization it may be attached to. */
const ROLE_ORGANIZATION_KINDS: Record<Role, OrganizationKind[]> = {
  SYSTEM_ADMIN: [],
  COMMITTEE: [OrganizationKind.CITY_COMMITTEE, OrganizationKind.COMMUNE_COMMITTEE, OrganizationKind.SCHOOL_COMMITTEE],
  CELL_SECRETARY: [OrganizationKind.SCHOOL_CELL],
  MENTOR: [OrganizationKind.SCHOOL_CELL],
  REPORTER: [OrganizationKind.CITY_COMMITTEE, OrganizationKind.COMMUNE_COMMITTEE, OrganizationKind.SCHOOL_COMMITTEE, OrganizationKind.SCHOOL_CELL],
};

/**
 * A login (auth/'s `logIn`: throttled, the password checked) and its payload, with the context
 * its nested fields resolve with: they act as the user who just logged in.
 */
export async function login(ctx: RequestContext, args: LoginArgs): Promise<{ payload: { token: string; expiresAt: Date; user: User }; actingAs: RequestContext }> {
  const { principal, userId, token, expiresAt } = await logIn(ctx, args.email, args.password, ctx.clientAddress);
  const user = await ctx.dataSource.getRepository(User).findOneByOrFail({ id: userId });
  return { payload: { token, expiresAt, user }, actingAs: contextAs(ctx, principal) };
}

export async function createUser(ctx: RequestContext, input: CreateUserInput): Promise<User> {
  return recordingClashes(ctx, () => inTransaction(ctx, async (em) => {
    let organization: Organization | null = null;
    if (input.role === Role.SYSTEM_ADMIN) {
      if (ctx.principal?.role !== Role.SYSTEM_ADMIN) throw forbidden('Only system administrators create system administrators');
      if (input.organizationId) throw badInput('A system administrator acts for no organization', [{ field: 'organizationId', message: 'leave empty' }]);
    } else {
      if (!input.organizationId) throw badInput('The user needs an organization to act for', [{ field: 'organizationId', message: 'required' }]);
      organization = (await loadFor<Organization>(ctx, em, 'Organization', decodeId(input.organizationId, 'Organization', 'organizationId'))).record;
      assertCan(ctx, 'create', 'User', { role: input.role }, organization.path);
      if (!ROLE_ORGANIZATION_KINDS[input.role].includes(organization.kind)) {
        throw badInput(`A ${input.role} user acts for a ${ROLE_ORGANIZATION_KINDS[input.role].join(' or ')}`, [{ field: 'organizationId', message: `${organization.name} is a ${organization.kind}` }]);
      }
      await assertMayActFor(ctx, em, input.role, organization);
    }
    let member: Member | null = null;
    if (input.role === Role.MENTOR) {
      if (!input.memberId) throw badInput('A mentor user is a member of the cell', [{ field: 'memberId', message: 'required for MENTOR' }]);
      member = await em.findOne(Member, { where: { id: decodeId(input.memberId, 'Member', 'memberId') } });
      if (!member || member.organizationId !== organization?.id) {
        throw badInput("The mentor must be a member of the user's cell", [{ field: 'memberId', message: 'not a member of this cell' }]);
      }
    } else if (input.memberId) {
      throw badInput('Only MENTOR users are linked to a member', [{ field: 'memberId', message: 'leave empty' }]);
    }
    const email = input.email.trim().toLowerCase();
    // Emails are unique across tenants: the caller learns only that this one cannot be used (audit/clash.ts).
    const holder = await em.findOne(User, { where: { email }, select: { id: true, organizationId: true } });
    if (holder) throw new ClashError({ field: 'email', value: email, attemptedIn: organization, holder: { subjectType: 'User', id: holder.id, organizationId: holder.organizationId } });
    const user = await insertUser(em, {
      email,
      displayName: input.displayName,
      role: input.role,
      organization,
      member,
      passwordHash: await hashPassword(input.password),
    });
    await recordAudit(em, ctx, {
      action: 'user.create',
      ...about('User', user),
      changes: { email, role: user.role, organizationId: user.organizationId },
    });
    return user;
  }));
}

export async function updateUser(ctx: RequestContext, id: number, input: UpdateUserInput): Promise<User> {
  const updated = await inTransaction(ctx, async (em) => {
    const { record: user } = await loadFor<User>(ctx, em, 'User', id, 'update', { lock: true });
    if (input.password !== undefined || input.disabled === false) {
      // A new password or enabling the account again is taking it over: the same rule as creating it.
      const organization = user.organizationId === null ? null : await em.findOne(Organization, { where: { id: user.organizationId }, select: { id: true, mayDecideAdmission: true } });
      if (organization) await assertMayActFor(ctx, em, user.role, organization);
    }
    const changes: Record<string, unknown> = {};
    if (input.displayName !== undefined) {
      user.displayName = normalizeText(input.displayName);
      changes.displayName = user.displayName;
    }
    if (input.disabled !== undefined && input.disabled !== user.disabled) {
      if (input.disabled && user.id === ctx.principal?.userId) throw badInput('You cannot disable yourself', [{ field: 'disabled', message: 'own account' }]);
      user.disabled = input.disabled;
      user.tokenVersion += 1;
      changes.disabled = input.disabled;
    }
    if (input.password !== undefined) {
      user.passwordHash = await hashPassword(input.password);
      user.tokenVersion += 1;
      changes.password = 'changed';
    }
    const saved = await em.save(user);
    await recordAudit(em, ctx, { action: 'user.update', ...about('User', saved), changes });
    return saved;
  });
  // After the commit, so no request re-caches what was true before it.
  forgetPrincipals(ctx.dataSource, updated.id);
  return updated;
}

export async function listUsers(ctx: RequestContext, filter: UserFilter | undefined, first: number, after: string | undefined): Promise<Connection<User>> {
  const qb = await subtreeQuery(ctx, 'User', filter?.under);
  if (filter?.roles?.length) qb.andWhere('app_user.role IN (:...roles)', { roles: filter.roles });
  return pageBy(qb, 'email', first, after);
}
