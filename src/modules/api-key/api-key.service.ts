/**
 * API keys for reporting clients: `knp_<prefix>_<secret>`, shown once at creation; only the
 * SHA-256 of the whole key is stored (auth/tokens.ts). A key acts as a REPORTER of its
 * organization's subtree (auth/authenticate.ts, through `keyByPrefix`).
 */
import type { DataSource } from 'typeorm';
import { ApiKey } from './api-key.entity';
import { Organization } from '../organization/organization.entity';
import type { RequestContext } from '../../graphql/context';
import type { KeyAccount } from '../../auth/principal';
import { assertCan, loadFor } from '../../auth/guard';
import { mintApiKey } from '../../auth/tokens';
import { scopedQuery } from '../../auth/scope';
import { inTransaction } from '../../db/transaction';
import { decodeId } from '../../graphql/ids';
import { badInput } from '../../errors/app-error';
import { normalizeText } from '../../common/text';
import { about, recordAudit } from '../audit/audit.service';

export async function createApiKey(ctx: RequestContext, organizationGlobalId: string, name: string): Promise<{ apiKey: ApiKey; key: string }> {
  const clean = normalizeText(name);
  if (clean.length < 2 || clean.length > 255) throw badInput('name must be 2 to 255 characters', [{ field: 'name', message: 'length' }]);
  return inTransaction(ctx, async (em) => {
    const { record: organization } = await loadFor<Organization>(ctx, em, 'Organization', decodeId(organizationGlobalId, 'Organization', 'organizationId'));
    assertCan(ctx, 'create', 'ApiKey', {}, organization.path);
    const { key, prefix, keyHash } = mintApiKey();
    const apiKey = await em.save(em.create(ApiKey, { tenantId: organization.tenantId, organizationId: organization.id, name: clean, prefix, keyHash, createdByUserId: ctx.principal?.userId ?? null, revokedAt: null }));
    await recordAudit(em, ctx, { action: 'apiKey.create', ...about('ApiKey', apiKey), changes: { name: clean, prefix } });
    return { apiKey, key };
  });
}

export async function revokeApiKey(ctx: RequestContext, id: number): Promise<ApiKey> {
  return inTransaction(ctx, async (em) => {
    const { record: apiKey } = await loadFor<ApiKey>(ctx, em, 'ApiKey', id, 'update', { lock: true });
    if (!apiKey.revokedAt) {
      apiKey.revokedAt = new Date();
      await em.save(apiKey);
      await recordAudit(em, ctx, { action: 'apiKey.revoke', ...about('ApiKey', apiKey), changes: { prefix: apiKey.prefix } });
    }
    return apiKey;
  });
}

export async function listApiKeys(ctx: RequestContext): Promise<ApiKey[]> {
  return scopedQuery<ApiKey>(ctx.dataSource.manager, ctx.ability, 'read', 'ApiKey').orderBy('api_key.id', 'DESC').getMany();
}

/** The key with this prefix and the path of its organization, as authentication reads it. */
export async function keyByPrefix(dataSource: DataSource, prefix: string): Promise<KeyAccount | null> {
  const apiKey = await dataSource.getRepository(ApiKey).findOne({ where: { prefix } });
  if (!apiKey) return null;
  const organization = apiKey.revokedAt ? null : await dataSource.getRepository(Organization).findOne({ where: { id: apiKey.organizationId }, select: { id: true, path: true } });
  return { id: apiKey.id, tenantId: apiKey.tenantId, organizationId: apiKey.organizationId, organizationPath: organization?.path ?? null, keyHash: apiKey.keyHash, revoked: apiKey.revokedAt !== null };
}
