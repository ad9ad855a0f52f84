import { getExport, gqlAs, gqlBatch } from '../http';
import { Role } from '../../../src/domain/enums';
import { describeRecord, few, gid, MISSING_ID, sample, TARGET_YEAR } from './oracle';
import { collectErrors, expectRef, expectRefs, localId, missingAnswer, probeTargets, refId, type Run } from './comparisons';

/**
 * The reports: statistics, targets and sibling headlines of every organization probed (NOT_FOUND
 * outside the scope, FORBIDDEN where the user reads the organization but not its statistics), and
 * the CSV / XLSX export, which lists only organizations in the scope.
 */

export async function checkStatistics(run: Run): Promise<void> {
  const { world, scope, home, user } = run;
  // Sibling headlines: a committee compares itself with the organizations of the same kind beside it, nobody else with anything.
  const siblings = await gqlAs<{ siblingComparison: { organizationName: string }[] }>(run.server, run.auth, `{ siblingComparison { organizationName } }`);
  if (collectErrors(run, siblings, 'siblingComparison') && siblings.data) {
    const own = user.organizationId === null ? null : world.orgById.get(user.organizationId)!;
    const expected =
      user.role === Role.COMMITTEE && own && own.parentId !== null ? world.orgs.filter((o) => o.parentId === own.parentId && o.kind === own.kind && o.id !== own.id).map((o) => o.name).sort() : [];
    const got = siblings.data.siblingComparison.map((s) => s.organizationName).sort();
    run.count('sibling headlines compared', Math.max(got.length, expected.length));
    if (JSON.stringify(got) !== JSON.stringify(expected)) run.report(`siblingComparison names ${few(got)}, expected ${few(expected)}`);
  }
  const targets = probeTargets(run, ['Organization'], 10).map((t) => world.orgById.get(t.id)!);
  if (!targets.includes(home)) targets.unshift(home);
  const reference = await missingAnswer(run, `{ r: statistics(organizationId: ${JSON.stringify(gid('Organization', MISSING_ID))}) { cells { total } } }`);
  if (reference.code !== 'NOT_FOUND') run.report(`statistics of a non-existent organization answered ${reference.code}, expected NOT_FOUND`);
  const results = await gqlBatch(
    run.server,
    run.auth,
    targets.map((o) => `{ r: statistics(organizationId: ${JSON.stringify(gid('Organization', o.id))}) { organization { id } byChild { organization { id } } targetsBehind { organization { id } } } }`),
  );
  const targetLists = await gqlBatch(
    run.server,
    run.auth,
    targets.map((o) => `{ r: targets(organizationId: ${JSON.stringify(gid('Organization', o.id))}, year: ${TARGET_YEAR}) { metric organization { id } } }`),
  );
  run.count('statistics probes', targets.length);
  results.forEach((result, i) => {
    const o = targets[i];
    const label = `statistics(${describeRecord(world, 'Organization', o.id)})`;
    collectErrors(run, result, label, true);
    const error = result.errors?.[0];
    const data = (result.data?.r ?? null) as { organization: { id: string } | null; byChild: { organization: { id: string } | null }[]; targetsBehind: { organization: { id: string } | null }[] } | null;
    const targetList = targetLists[i];
    collectErrors(run, targetList, `targets(${describeRecord(world, 'Organization', o.id)})`, true);
    const targetData = (targetList.data?.r ?? null) as { metric: string; organization: { id: string } | null }[] | null;
    const targetError = targetList.errors?.[0];
    const targetLabel = `targets(${describeRecord(world, 'Organization', o.id)}, ${TARGET_YEAR})`;
    if (!scope.org(o)) {
      if (targetData || targetError?.extensions?.code !== 'NOT_FOUND') run.report(`${targetLabel} outside the scope answered ${targetError?.extensions?.code ?? JSON.stringify(targetData).slice(0, 100)}, expected NOT_FOUND`);
    } else if (!scope.stats(o)) {
      if (targetData || targetError?.extensions?.code !== 'FORBIDDEN') run.report(`${targetLabel} (readable, no statistics right) answered ${targetError?.extensions?.code ?? 'data'}, expected FORBIDDEN`);
    } else if (!targetData) {
      run.report(`${targetLabel} in the scope failed: ${targetError?.extensions?.code} ${targetError?.message}`);
    } else {
      const expectedTargets = world.targets
        .filter((t) => t.year === TARGET_YEAR && (world.orgById.get(t.organizationId)?.path ?? '').startsWith(o.path))
        .map((t) => `${gid('Organization', t.organizationId)}|${t.metric}`)
        .sort();
      const gotTargets = targetData.map((t) => `${t.organization?.id ?? null}|${t.metric}`).sort();
      run.count('targets compared', expectedTargets.length);
      if (JSON.stringify(gotTargets) !== JSON.stringify(expectedTargets)) run.report(`${targetLabel} is ${few(gotTargets)}, expected ${few(expectedTargets)}`);
    }
    if (!scope.org(o)) {
      if (data || error?.extensions?.code !== 'NOT_FOUND') run.report(`${label} outside the scope answered ${error?.extensions?.code ?? 'data'}, expected NOT_FOUND`);
      else if (error.message !== reference.message) run.report(`${label} outside the scope says «${error.message}», a non-existent id says «${reference.message}»`);
    } else if (!scope.stats(o)) {
      if (data || error?.extensions?.code !== 'FORBIDDEN') run.report(`${label} (readable, no statistics right) answered ${error?.extensions?.code ?? 'data'}, expected FORBIDDEN`);
    } else if (!data) {
      run.report(`${label} in the scope failed: ${error?.extensions?.code} ${error?.message}`);
    } else {
      expectRef(run, `${label}.organization`, data.organization, 'Organization', o.id);
      expectRefs(run, `${label}.byChild`, data.byChild.map((c) => c.organization), 'Organization', world.orgs.filter((c) => c.parentId === o.id && scope.stats(c)).map((c) => c.id));
      for (const behind of data.targetsBehind) {
        const behindId = localId(run, refId(behind.organization), 'Organization', `${label}.targetsBehind`);
        const row = behindId === null ? undefined : world.orgById.get(behindId);
        if (row && !(scope.org(row) && row.path.startsWith(o.path))) run.report(`${label}.targetsBehind names ${describeRecord(world, 'Organization', row.id)}, outside the subtree or the scope`);
      }
    }
  });
}

/** First column of each CSV line (names may be quoted). */
function csvFirstColumn(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n/)
    .filter(Boolean)
    .slice(1)
    .map((line) => (line.startsWith('"') ? (/^"((?:[^"]|"")*)"/.exec(line)?.[1] ?? '').replace(/""/g, '"') : line.split(',')[0]));
}

export async function checkExport(run: Run): Promise<void> {
  const { world, scope, home, user } = run;
  const own = await getExport(run.server, run.auth, 'csv', gid('Organization', home.id));
  if (!scope.stats(home)) {
    if (own.status !== 403) run.report(`export of its own organization (no statistics right) answered ${own.status}, expected 403`);
    if (own.status >= 400) run.messages.push(own.text);
  } else if (own.status !== 200 || !/text\/csv/.test(own.contentType)) {
    run.report(`export of ${describeRecord(world, 'Organization', home.id)} answered ${own.status} ${own.text.slice(0, 120)}`);
  } else {
    const names = csvFirstColumn(own.text);
    const expected = [home, ...world.orgs.filter((c) => c.parentId === home.id && scope.stats(c))].map((o) => o.name);
    const leaked = names.filter((name) => !expected.includes(name));
    const missing = expected.filter((name) => !names.includes(name));
    if (leaked.length) run.report(`export of ${home.name} lists organizations outside the scope: ${few(leaked)}`);
    if (missing.length) run.report(`export of ${home.name} misses organizations in the scope: ${few(missing)}`);
  }
  if (user.tenantId === null) return;
  const reference = await getExport(run.server, run.auth, 'csv', gid('Organization', MISSING_ID));
  if (reference.status !== 404) run.report(`export of a non-existent organization answered ${reference.status}, expected 404`);
  const outside = [
    ...run.otherTenants.flatMap((t) => sample(world.orgs.filter((o) => o.tenantId === t), 6)),
    ...sample(world.orgs.filter((o) => o.tenantId === user.tenantId && !scope.org(o)), 3),
  ];
  for (const [index, o] of outside.entries()) {
    const format = index % 3 === 2 ? 'xlsx' : 'csv';
    const answer = await getExport(run.server, run.auth, format, gid('Organization', o.id));
    run.count('exports out of scope');
    run.messages.push(answer.text);
    if (answer.status !== 404) run.report(`export (${format}) of ${describeRecord(world, 'Organization', o.id)} outside the scope answered ${answer.status}, expected 404`);
    else if (answer.text !== reference.text) run.report(`export of ${describeRecord(world, 'Organization', o.id)} outside the scope says ${answer.text}, a non-existent id says ${reference.text}`);
  }
}
