import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ApiKey } from './api-key.entity';
import { Organization } from '../organization/organization.entity';
import { Role } from '../../domain/enums';
import type { RequestContext } from '../../graphql/context';
import type { Principal } from '../../auth/principal';
import { assertCan, loadFor } from '../../auth/guard';
import { scopedQuery } from '../../auth/scope';
import { inTransaction } from '../../db/transaction';
import { decodeId } from '../../graphql/ids';
import { badInput } from '../../errors/app-error';
import { normalizeText } from '../../common/text';
import { recordAudit } from '../audit/audit.service';

/**
 * API keys for reporting clients: `knp_<prefix>_<secret>`, shown once at creation; only the
 * SHA-256 of the whole key is stored. A key acts as a REPORTER of its organization's subtree.
 */
const KEY_PATTERN = /^knp_([a-z0-9]{8})_([A-Za-z0-9_-]{32,64})$/;

function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

export async function createApiKey(ctx: RequestContext, organizationGlobalId: string, name: string): Promise<{ apiKey: ApiKey; key: string }> {
  const clean = normalizeText(name);
  if (clean.length < 2 || clean.length > 255) throw badInput('name must be 2 to 255 characters', [{ field: 'name', message: 'length' }]);
  return inTransaction(ctx, async (em) => {
    const { record: organization } = await loadFor<Organization>(ctx, em, 'Organization', decodeId(organizationGlobalId, 'Organization', 'organizationId'));
    assertCan(ctx, 'create', 'ApiKey', {}, organization.path);
    const prefix = crypto.randomBytes(6).toString('hex').slice(0, 8);
    const key = `knp_${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
    const apiKey = await em.save(em.create(ApiKey, { tenantId: organization.tenantId, organizationId: organization.id, name: clean, prefix, keyHash: hashKey(key), createdByUserId: ctx.principal?.userId ?? null, revokedAt: null }));
    await recordAudit(em, ctx, { action: 'apiKey.create', subjectType: 'ApiKey', subjectId: apiKey.id, tenantId: apiKey.tenantId, organizationId: organization.id, changes: { name: clean, prefix } });
    return { apiKey, key };
  });
}

export async function revokeApiKey(ctx: RequestContext, id: number): Promise<ApiKey> {
  return inTransaction(ctx, async (em) => {
    const { record: apiKey } = await loadFor<ApiKey>(ctx, em, 'ApiKey', id, 'update', { lock: true });
    if (!apiKey.revokedAt) {
      apiKey.revokedAt = new Date();
      await em.save(apiKey);
      await recordAudit(em, ctx, { action: 'apiKey.revoke', subjectType: 'ApiKey', subjectId: apiKey.id, tenantId: apiKey.tenantId, organizationId: apiKey.organizationId, changes: { prefix: apiKey.prefix } });
    }
    return apiKey;
  });
}

export async function listApiKeys(ctx: RequestContext): Promise<ApiKey[]> {
  return scopedQuery<ApiKey>(ctx.dataSource.manager, ctx.ability, 'read', 'ApiKey').orderBy('api_key.id', 'DESC').getMany();
}

/** The reporting client behind a key, or null for anything unknown, revoked or malformed. */
export async function principalFromApiKey(dataSource: DataSource, key: string): Promise<Principal | null> {
  const match = KEY_PATTERN.exec(key);
  if (!match) return null;
  const apiKey = await dataSource.getRepository(ApiKey).findOne({ where: { prefix: match[1] } });
  if (!apiKey || apiKey.revokedAt) return null;
  const expected = Buffer.from(apiKey.keyHash, 'hex');
  const actual = Buffer.from(hashKey(key), 'hex');
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) return null;
  const organization = await dataSource.getRepository(Organization).findOne({ where: { id: apiKey.organizationId }, select: { id: true, path: true } });
  if (!organization) return null;
  return { userId: null, apiKeyId: apiKey.id, role: Role.REPORTER, tenantId: apiKey.tenantId, organizationId: apiKey.organizationId, organizationPath: organization.path, memberId: null };
}
