import { Like, Not } from 'typeorm';
import type { Page } from 'playwright-core';
import { startTestServer, ok, type TestServer } from './support/server';
import { isMysql } from './support/database';
import { buildWebPrivately, launchBrowser, screenshots, type Browser, type WebBuild } from './support/browser';
import { seedDemoIfEmpty } from '../src/tools/demo/seed';
import { Organization } from '../src/modules/organization/organization.entity';
import { Candidate } from '../src/modules/candidate/candidate.entity';
import { Member } from '../src/modules/member/member.entity';
import { User } from '../src/modules/user/user.entity';
import { CandidateStage, MemberStatus } from '../src/domain/enums';
import ExcelJS from 'exceljs';
import { gid } from './factories';
import { formatDate, formatNumber, formatPercent, schoolYearOf, todayInVietnam } from '../web/src/format';

/**
 * The web client in a real browser (Debian's Chromium through playwright-core), built as
 * `npm start` builds it, served by a real server with the demo data on the suite's database.
 * Screenshots of the main screens go to test-results/web/ at desktop and phone widths.
 */
const PASSWORD = 'ketnap-demo';

describe(`web client in Chromium (${isMysql() ? 'MySQL' : 'SQLite'})`, () => {
  let web: WebBuild;
  let server: TestServer;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    web = await buildWebPrivately();
    server = await startTestServer({ seedDemo: true, demoPassword: PASSWORD, webDir: web.dir });
    await seedDemoIfEmpty(server.dataSource, server.config);
    base = `http://localhost:${server.app.port}`;
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    web?.remove();
  });

  async function userOf(email: string): Promise<User & { org: Organization | null }> {
    const user = await server.dataSource.getRepository(User).findOneByOrFail({ email });
    const org = user.organizationId === null ? null : await server.dataSource.getRepository(Organization).findOneByOrFail({ id: user.organizationId });
    return Object.assign(user, { org });
  }

  async function logIn(email: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.waitForURL(/\/dang-nhap/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('current-user').waitFor();
    return page;
  }

  async function textOf(page: Page): Promise<string> {
    await page.waitForLoadState('networkidle');
    return page.locator('body').innerText();
  }

  /** Names that must not show for a user: organizations, candidates and members outside their subtree, unless a name inside is the same. */
  async function namesOutside(path: string): Promise<string[]> {
    const ds = server.dataSource;
    const inside = await ds.getRepository(Organization).findBy({ path: Like(`${path}%`) });
    const insideIds = new Set(inside.map((o) => o.id));
    const orgs = await ds.getRepository(Organization).find();
    const candidates = await ds.getRepository(Candidate).find({ select: { fullName: true, organizationId: true } });
    const members = await ds.getRepository(Member).find({ select: { fullName: true, organizationId: true } });
    const insideNames = [...inside.map((o) => o.name), ...candidates.filter((c) => insideIds.has(c.organizationId)).map((c) => c.fullName), ...members.filter((m) => insideIds.has(m.organizationId)).map((m) => m.fullName)];
    const outside = [...orgs.filter((o) => !insideIds.has(o.id)), ...candidates.filter((c) => !insideIds.has(c.organizationId)).map((c) => ({ name: c.fullName })), ...members.filter((m) => !insideIds.has(m.organizationId)).map((m) => ({ name: m.fullName }))].map((x) => x.name);
    return [...new Set(outside)].filter((name) => !insideNames.some((n) => n.includes(name)));
  }

  it('the login page lists the demo logins (development with the demo data), and a wrong password is told in Vietnamese', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/doi-tuong`);
    await page.waitForURL(/\/dang-nhap\?tiep=%2Fdoi-tuong/);
    await page.getByText('committee.tamdao@ketnap.demo').waitFor();
    await page.getByText('secretary.caolanh@ketnap.demo').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await screenshots(page, '01-login');
    await page.getByLabel('Email').fill('committee.tamdao@ketnap.demo');
    await page.getByLabel('Mật khẩu').fill('not-the-password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Email hoặc mật khẩu không đúng.').waitFor();
    // "Dùng" fills the form; logging in returns to where the user was going.
    await page.getByRole('button', { name: 'Dùng tài khoản committee.tamdao@ketnap.demo' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/doi-tuong$/);
    await page.getByRole('heading', { name: 'Đối tượng kết nạp' }).waitFor();
    await page.close();
  });

  describe.each([
    ['committee.tamdao@ketnap.demo', 'tamdao-committee'],
    ['commune.tamdao@ketnap.demo', 'tamdao-commune'],
    ['secretary.tamdao@ketnap.demo', 'tamdao-secretary'],
    ['reporter.tamdao@ketnap.demo', 'tamdao-reporter'],
    ['commune.caolanh@ketnap.demo', 'caolanh-commune'],
    ['mentor.cailay@ketnap.demo', 'cailay-mentor'],
  ])('%s', (email, shot) => {
    it('sees its own organization and children, and no name from outside its subtree (tree, drill-down, candidates)', async () => {
      const user = await userOf(email);
      if (!user.org) throw new Error(`${email} has no organization`);
      const forbidden = (await namesOutside(user.org.path)).filter((n) => n !== user.displayName);
      const page = await logIn(email);
      await page.getByRole('heading', { level: 1, name: user.org.name }).waitFor();
      const children = await server.dataSource.getRepository(Organization).findBy({ parentId: user.org.id });
      const pages: [string, string][] = [['tree', await textOf(page)]];
      for (const child of children) await page.getByRole('link', { name: child.name, exact: true }).first().waitFor();
      await screenshots(page, `02-tree-${shot}`);
      if (children[0]) {
        await page.getByRole('link', { name: children[0].name, exact: true }).first().click();
        await page.getByRole('heading', { level: 1, name: children[0].name }).waitFor();
        pages.push(['drill-down', await textOf(page)]);
      }
      if (user.role !== 'REPORTER') {
        await page.getByRole('link', { name: 'Đối tượng kết nạp' }).click();
        await page.getByTestId('candidate-total').waitFor();
        pages.push(['candidates', await textOf(page)]);
        await screenshots(page, `03-candidates-${shot}`);
      }
      for (const [where, text] of pages) {
        const shown = forbidden.filter((name) => text.includes(name));
        expect({ where, shown }).toEqual({ where, shown: [] });
      }
      await page.close();
    });
  });

  it('a reporter finds no personal data: no candidates menu, the list refused, and no candidate, member or user name on any screen', async () => {
    const reporter = await userOf('reporter.caolanh@ketnap.demo');
    const page = await logIn(reporter.email);
    await page.getByRole('heading', { level: 1, name: reporter.org!.name }).waitFor();
    expect(await page.getByRole('link', { name: 'Đối tượng kết nạp' }).count()).toBe(0);
    const texts = [await textOf(page)];
    await page.locator('main table a').first().click();
    await page.waitForURL(/\/to-chuc\//);
    texts.push(await textOf(page));
    await page.getByRole('link', { name: 'Thống kê', exact: true }).click();
    await page.getByTestId('totals').waitFor();
    texts.push(await textOf(page));
    await page.goto(`${base}/doi-tuong`);
    await page.getByText('không xem được danh sách đối tượng').waitFor();
    texts.push(await textOf(page));
    const people = [
      ...(await server.dataSource.getRepository(Candidate).find({ select: { fullName: true } })).map((c) => c.fullName),
      ...(await server.dataSource.getRepository(Member).find({ select: { fullName: true } })).map((m) => m.fullName),
      ...(await server.dataSource.getRepository(User).findBy({ email: Not(reporter.email) })).map((u) => u.displayName),
    ];
    for (const text of texts) expect(people.filter((name) => text.includes(name))).toEqual([]);
    await page.close();
  });

  it('a cell secretary takes a candidate from SOURCE to SYMPATHIZER through the form; a date in the future is refused with the rule and its Vietnamese message', async () => {
    const secretary = await userOf('secretary.tamdao@ketnap.demo');
    const candidate = await server.dataSource.getRepository(Candidate).findOneOrFail({ where: { organizationId: secretary.organizationId!, stage: CandidateStage.SOURCE }, order: { id: 'ASC' } });
    const page = await logIn(secretary.email);
    await page.getByRole('link', { name: 'Đối tượng kết nạp' }).click();
    await page.getByLabel('Tìm theo tên').fill(candidate.fullName);
    await page.getByLabel('Tìm theo tên').press('Enter');
    await page.getByRole('link', { name: candidate.fullName, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: candidate.fullName }).waitFor();
    await page.getByTestId('step-form').waitFor();
    await screenshots(page, '04-candidate-source');

    const today = todayInVietnam();
    const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    const form = page.getByTestId('step-form');
    await form.getByLabel('Ngày nghị quyết').fill(formatDate(nextYear).replace('29/02', '28/02'));
    await form.getByLabel('Đảng viên được phân công giúp đỡ').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').first().click();
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    const refused = page.getByTestId('step-refused');
    await refused.waitFor();
    const refusal = await refused.innerText();
    expect(refusal).toContain('Bước này bị từ chối theo quy định');
    expect(refusal).toContain('DATE_IN_FUTURE');
    expect(refusal).toContain('không thể sau ngày hôm nay');
    await screenshots(page, '05-step-refused');

    await form.getByLabel('Ngày nghị quyết').fill(formatDate(today));
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    await page.getByTestId('candidate-stage').filter({ hasText: 'Cảm tình Đảng' }).waitFor();
    await page.getByText('Đã ghi nhận: Nghị quyết chi bộ công nhận cảm tình Đảng.').waitFor();
    await page.getByRole('cell', { name: 'Tạo nguồn → Cảm tình Đảng' }).waitFor();
    await screenshots(page, '06-candidate-sympathizer');

    // The API agrees: the step is recorded, with a mentor.
    const after = ok(await server.gql<{ candidate: { stage: string; mentor: { fullName: string } | null; history: { toStage: string; occurredOn: string }[] } }>(`query ($id: ID!) { candidate(id: $id) { stage mentor { fullName } history { toStage occurredOn } } }`, { id: gid.candidate(candidate) }, server.tokenFor(secretary)));
    expect(after.candidate.stage).toBe('SYMPATHIZER');
    expect(after.candidate.mentor).not.toBeNull();
    expect(after.candidate.history.at(-1)).toEqual({ toStage: 'SYMPATHIZER', occurredOn: today });
    await page.close();
  });

  it('a cell secretary opens the dossier through the form: one introducer alone is refused with the INTRODUCERS rule, two qualifying members are accepted', async () => {
    const secretary = await userOf('secretary.tamdao@ketnap.demo');
    const candidate = await server.dataSource.getRepository(Candidate).findOneOrFail({ where: { organizationId: secretary.organizationId!, stage: CandidateStage.TRAINED }, order: { id: 'ASC' } });
    const today = todayInVietnam();
    const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
    const introducers = (await server.dataSource.getRepository(Member).findBy({ organizationId: secretary.organizationId!, status: MemberStatus.OFFICIAL }))
      .filter((m) => (m.joinedCellOn ?? m.admittedOn ?? '9999') <= yearAgo && (m.officialOn === null || m.officialOn <= today) && m.candidateId !== candidate.id)
      .slice(0, 2);
    expect(introducers).toHaveLength(2);

    const page = await logIn(secretary.email);
    await page.goto(`${base}/doi-tuong/${encodeURIComponent(gid.candidate(candidate))}`);
    const form = page.getByTestId('step-form');
    await form.filter({ hasText: 'Hoàn thiện hồ sơ' }).waitFor();
    for (const label of ['Ngày làm đơn (mẫu 1-KNĐ)', 'Ngày khai lý lịch (mẫu 2-KNĐ)', 'Ngày kết luận thẩm tra lý lịch']) await form.getByLabel(label).fill(formatDate(today));
    await form.getByLabel('Kết luận thẩm tra lý lịch', { exact: true }).fill('Lý lịch rõ ràng, đủ tiêu chuẩn.');
    const pick = async (name: string) => {
      await form.getByLabel('Đảng viên chính thức giới thiệu (hai; một khi Đoàn giới thiệu)').fill(name);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
    };
    await pick(introducers[0]!.fullName);
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    const refused = page.getByTestId('step-refused');
    await refused.filter({ hasText: 'INTRODUCERS' }).waitFor();
    expect(await refused.innerText()).toContain('Cần hai đảng viên chính thức trong chi bộ giới thiệu');

    await pick(introducers[1]!.fullName);
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    await page.getByTestId('candidate-stage').filter({ hasText: 'Hoàn thiện hồ sơ' }).waitFor();
    await screenshots(page, '09-dossier-opened');
    await page.close();
  });

  it('the commune committee records its resolution and the deciding committee the decision, each through its form; nobody else is offered those forms', async () => {
    const secretary = await userOf('secretary.caolanh@ketnap.demo');
    const candidate = await server.dataSource.getRepository(Candidate).findOneOrFail({ where: { organizationId: secretary.organizationId!, stage: CandidateStage.CELL_RESOLVED }, order: { id: 'ASC' } });
    const url = `${base}/doi-tuong/${encodeURIComponent(gid.candidate(candidate))}`;
    const today = formatDate(todayInVietnam());

    // The cell sees what comes next, and no form for it.
    const cellPage = await logIn(secretary.email);
    await cellPage.goto(url);
    await cellPage.getByTestId('next-step').waitFor();
    expect(await cellPage.getByTestId('step-form').count()).toBe(0);
    await cellPage.close();

    const commune = await logIn('commune.caolanh@ketnap.demo');
    await commune.goto(url);
    const resolution = commune.getByTestId('step-form');
    await resolution.filter({ hasText: 'Nghị quyết của đảng ủy cơ sở' }).waitFor();
    await resolution.getByLabel('Ngày nghị quyết').fill(today);
    await resolution.getByLabel('Số nghị quyết (ví dụ 45-NQ/ĐU)').fill('45-NQ/ĐU');
    await resolution.getByRole('button', { name: 'Ghi nhận' }).click();
    await commune.getByTestId('candidate-stage').filter({ hasText: 'Đảng ủy cơ sở đã ra nghị quyết' }).waitFor();
    // The decision is not the commune's.
    await commune.getByTestId('next-step').waitFor();
    expect(await commune.getByTestId('step-form').count()).toBe(0);
    await commune.close();

    const city = await logIn('committee.caolanh@ketnap.demo');
    await city.goto(url);
    const decision = city.getByTestId('step-form');
    await decision.filter({ hasText: 'Quyết định kết nạp' }).waitFor();
    await screenshots(city, '08-decision-form');
    await decision.getByLabel('Ngày quyết định').fill(today);
    await decision.getByLabel('Số quyết định (ví dụ 1234-QĐ/HU)').fill('1234-QĐ/TU');
    await decision.getByLabel('Người ký').fill('Nguyễn Văn Bí Thư');
    await decision.getByRole('button', { name: 'Ghi nhận' }).click();
    await city.getByTestId('candidate-stage').filter({ hasText: 'Đã có quyết định kết nạp' }).waitFor();
    await city.close();

    const after = ok(await server.gql<{ candidate: { stage: string; history: { toStage: string }[] } }>(`query ($id: ID!) { candidate(id: $id) { stage history { toStage } } }`, { id: gid.candidate(candidate) }, server.tokenFor(secretary)));
    expect(after.candidate.stage).toBe('ADMITTED');
    expect(after.candidate.history.slice(-2).map((h) => h.toStage)).toEqual(['COMMITTEE_RESOLVED', 'ADMITTED']);
  });

  it('a cell secretary closes a candidate (dừng phát triển) through the form; a mentor is offered no step and no way out', async () => {
    const secretary = await userOf('secretary.cailay@ketnap.demo');
    const mentor = await userOf('mentor.cailay@ketnap.demo');
    const mentored = await server.dataSource.getRepository(Candidate).findOneOrFail({ where: { mentorId: mentor.memberId!, stage: CandidateStage.SYMPATHIZER }, order: { id: 'ASC' } });
    const asMentor = await logIn(mentor.email);
    await asMentor.goto(`${base}/doi-tuong/${encodeURIComponent(gid.candidate(mentored))}`);
    await asMentor.getByTestId('next-step').waitFor();
    expect(await asMentor.getByTestId('step-form').count()).toBe(0);
    expect(await asMentor.getByRole('button', { name: /Kết thúc/ }).count()).toBe(0);
    expect(await asMentor.getByRole('button', { name: 'Sửa', exact: true }).count()).toBe(0);
    await asMentor.close();

    const page = await logIn(secretary.email);
    await page.goto(`${base}/doi-tuong/${encodeURIComponent(gid.candidate(mentored))}`);
    await page.getByRole('button', { name: /Kết thúc/ }).click();
    const form = page.getByTestId('close-form');
    await form.getByLabel('Kết thúc', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Dừng phát triển' }).click();
    await form.getByLabel('Ngày', { exact: true }).fill(formatDate(todayInVietnam()));
    await form.getByLabel('Lý do (theo danh mục)').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Chưa có nguyện vọng' }).click();
    await form.getByLabel('Lý do cụ thể').fill('Quần chúng xin dừng để lo việc gia đình.');
    await form.getByRole('button', { name: 'Ghi nhận' }).click();
    await page.getByTestId('candidate-stage').filter({ hasText: 'Dừng phát triển' }).waitFor();
    await page.getByText('Quá trình đã kết thúc.').waitFor();
    await page.close();
  });

  it('an edit sent with a stale version tells the user someone else changed the candidate', async () => {
    const secretary = await userOf('secretary.caolanh@ketnap.demo');
    const candidate = await server.dataSource.getRepository(Candidate).findOneOrFail({ where: { organizationId: secretary.organizationId! }, order: { id: 'ASC' } });
    const page = await logIn(secretary.email);
    await page.goto(`${base}/doi-tuong/${encodeURIComponent(gid.candidate(candidate))}`);
    await page.getByRole('heading', { level: 1, name: candidate.fullName }).waitFor();
    await page.getByRole('button', { name: 'Sửa', exact: true }).click();
    // Someone else saves first.
    const token = server.tokenFor(secretary);
    const read = ok(await server.gql<{ candidate: { version: number } }>(`query ($id: ID!) { candidate(id: $id) { version } }`, { id: gid.candidate(candidate) }, token));
    ok(await server.gql(`mutation ($id: ID!, $input: UpdateCandidateInput!) { updateCandidate(id: $id, input: $input) { version } }`, { id: gid.candidate(candidate), input: { version: read.candidate.version, notes: 'Sửa bởi người khác' } }, token));
    const edit = page.getByTestId('edit-form');
    await edit.getByLabel('Điện thoại').fill('0912345678');
    await edit.getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('edit-problem').filter({ hasText: 'Người khác đã thay đổi hồ sơ này' }).waitFor();
    await screenshots(page, '07-edit-conflict');
    await page.close();
  });

  it('the candidates list pages through the API\'s pages and filters by stage, with the API\'s totals', async () => {
    const committee = await userOf('committee.caolanh@ketnap.demo');
    const token = server.tokenFor(committee);
    type Page = { candidates: { totalCount: number; pageInfo: { endCursor: string | null }; nodes: { fullName: string }[] } };
    const LIST = `query ($after: String, $filter: CandidateFilter) { candidates(first: 50, after: $after, filter: $filter) { totalCount pageInfo { endCursor } nodes { fullName } } }`;
    const first = ok(await server.gql<Page>(LIST, {}, token)).candidates;
    const second = ok(await server.gql<Page>(LIST, { after: first.pageInfo.endCursor }, token)).candidates;
    const dossier = ok(await server.gql<Page>(LIST, { filter: { stages: ['DOSSIER'] } }, token)).candidates;
    expect(first.totalCount).toBeGreaterThan(50);

    const page = await logIn(committee.email);
    await page.getByRole('link', { name: 'Đối tượng kết nạp' }).click();
    const total = page.getByTestId('candidate-total');
    await total.filter({ hasText: `Tổng số: ${formatNumber(first.totalCount)}` }).waitFor();
    const names = async () => page.locator('main table tbody tr td:first-child a').allInnerTexts();
    expect(await names()).toEqual(first.nodes.map((n) => n.fullName));
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await page.getByRole('link', { name: second.nodes[0]!.fullName, exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await names()).toEqual(second.nodes.map((n) => n.fullName));
    await page.getByRole('button', { name: 'Trang trước' }).click();
    await page.getByRole('link', { name: first.nodes[0]!.fullName, exact: true }).waitFor();

    await page.getByLabel('Giai đoạn').click();
    await page.getByLabel('Giai đoạn').fill('Hoàn thiện');
    await page.getByLabel('Giai đoạn').press('Enter');
    await page.getByLabel('Giai đoạn').press('Escape');
    await total.filter({ hasText: `Tổng số: ${formatNumber(dossier.totalCount)}` }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await names()).toEqual(dossier.nodes.map((n) => n.fullName));
    expect(page.url()).toContain('giai-doan=DOSSIER');
    await page.close();
  });

  it('the list\'s other filters (category, overdue, school level) give the API\'s totals', async () => {
    const committee = await userOf('committee.caolanh@ketnap.demo');
    const token = server.tokenFor(committee);
    const count = async (filter: Record<string, unknown>) => ok(await server.gql<{ candidates: { totalCount: number } }>(`query ($filter: CandidateFilter) { candidates(filter: $filter) { totalCount } }`, { filter }, token)).candidates.totalCount;
    const teachers = await count({ categories: ['TEACHER'] });
    const overdueTeachers = await count({ categories: ['TEACHER'], overdue: true });
    const thpt = await count({ categories: ['TEACHER'], overdue: true, schoolLevels: ['UPPER_SECONDARY'] });
    const page = await logIn(committee.email);
    await page.getByRole('link', { name: 'Đối tượng kết nạp' }).click();
    const total = page.getByTestId('candidate-total');
    const choose = async (label: string, option: string) => {
      await page.getByLabel(label).click();
      await page.getByLabel(label).fill(option);
      await page.getByLabel(label).press('Enter');
      await page.getByLabel(label).press('Escape');
    };
    await choose('Đối tượng', 'Giáo viên');
    await total.filter({ hasText: `Tổng số: ${formatNumber(teachers)}` }).waitFor();
    // The address changes first, then the screen (a transition): wait for the total, not the box.
    await page.getByRole('checkbox', { name: 'Quá hạn' }).click();
    await total.filter({ hasText: `Tổng số: ${formatNumber(overdueTeachers)}` }).waitFor();
    await choose('Bậc học', 'THPT');
    await total.filter({ hasText: `Tổng số: ${formatNumber(thpt)}` }).waitFor();
    expect(page.url()).toMatch(/loai=TEACHER.*qua-han=1.*bac=UPPER_SECONDARY/);
    await page.close();
  });

  it('the deadlines screen lists the API\'s deadlines of the subtree, overdue first', async () => {
    const committee = await userOf('committee.caolanh@ketnap.demo');
    const deadlines = ok(
      await server.gql<{ deadlines: { nodes: { fullName: string; deadline: { overdue: boolean } | null }[] } }>(
        `query ($id: ID!) { deadlines(organizationId: $id, withinDays: 30, first: 100) { nodes { fullName deadline { overdue } } } }`,
        { id: gid.org(committee.org!) },
        server.tokenFor(committee),
      ),
    ).deadlines.nodes;
    expect(deadlines.some((d) => d.deadline?.overdue)).toBe(true);
    const page = await logIn(committee.email);
    await page.getByRole('link', { name: 'Thời hạn' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thời hạn' }).waitFor();
    await page.getByRole('link', { name: deadlines[0]!.fullName, exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('main table tbody tr td:first-child a').allInnerTexts()).toEqual(deadlines.map((d) => d.fullName));
    await page.locator('main table tbody tr.ant-table-row').first().getByText('quá hạn').waitFor();
    await screenshots(page, '10-deadlines');
    await page.close();
  });

  it('the statistics screen shows the API\'s figures for a period, per child, with a chart; the XLSX download opens', async () => {
    const committee = await userOf('committee.caolanh@ketnap.demo');
    type Figures = { admissions: { total: number }; awarenessClass: { total: number }; staff: { members: number; total: number } };
    const api = ok(
      await server.gql<{ statistics: Figures & { period: { label: string }; byChild: (Figures & { organization: { name: string } | null })[] } }>(
        `query ($id: ID!) { statistics(organizationId: $id, period: { year: 2025 }) { period { label } admissions { total } awarenessClass { total } staff { members total } byChild { organization { name } admissions { total } awarenessClass { total } staff { members total } } } }`,
        { id: gid.org(committee.org!) },
        server.tokenFor(committee),
      ),
    ).statistics;
    expect(api.admissions.total).toBeGreaterThan(0);
    const page = await logIn(committee.email);
    await page.getByRole('link', { name: 'Thống kê', exact: true }).click();
    await page.getByTestId('totals').waitFor();
    await page.goto(`${base}/thong-ke?ky=nam&nam=2025`);
    await page.getByTestId('period-label').filter({ hasText: `Kỳ: ${api.period.label}` }).waitFor();
    const totals = await page.getByTestId('totals').innerText();
    expect(totals).toContain(`Kết nạp trong kỳ: ${formatNumber(api.admissions.total)}`);
    expect(totals).toContain(`Học lớp bồi dưỡng nhận thức về Đảng: ${formatNumber(api.awarenessClass.total)}`);
    expect(totals).toContain(`${formatNumber(api.staff.members)} / ${formatNumber(api.staff.total)}`);
    const rows: string[][] = [];
    for (const row of await page.locator('main table tbody tr.ant-table-row').all()) rows.push((await row.locator('td').allInnerTexts()).map((text) => text.trim()));
    const byChild = rows.filter((cells) => cells.length === 6);
    expect(byChild).toEqual(api.byChild.map((c) => [c.organization?.name ?? '', `${formatNumber(c.staff.members)} / ${formatNumber(c.staff.total)}`, expect.any(String), formatNumber(c.admissions.total), formatNumber(c.awarenessClass.total), expect.any(String)]));
    expect(await page.locator('main canvas').count()).toBeGreaterThan(0);
    await screenshots(page, '11-statistics');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải XLSX' }).click()]);
    expect(download.suggestedFilename()).toBe('thong-ke-2025.xlsx');
    const file = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Đơn vị trực thuộc', 'Theo cấp học']);
    const names: string[] = [];
    workbook.getWorksheet('Đơn vị trực thuộc')?.eachRow((row) => names.push(String(row.getCell(1).value ?? '')));
    for (const child of api.byChild) expect(names).toContain(child.organization?.name);
    await page.close();
  });

  it('an import dry run shows its rejected rows; the valid rows are then written', async () => {
    const secretary = await userOf('secretary.caolanh@ketnap.demo');
    const code = secretary.org!.code!;
    const headers = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Đối tượng', 'Trạng thái', 'Ngày vào Đảng', 'Ngày chính thức', 'Bí thư', 'Hiệu trưởng', 'Số CCCD', 'Mã chi bộ'];
    const csv = `\uFEFF${headers.join(',')}\r\nVõ Thị Nhập Mới,07/07/1987,Nữ,Giáo viên,Chính thức,01/06/2012,01/06/2013,Không,Không,,${code}\r\nLê Văn Sai Mã,08/08/1988,Nam,Giáo viên,Chính thức,01/06/2012,01/06/2013,Không,Không,,KHONG-CO-MA\r\n`;
    const page = await logIn(secretary.email);
    await page.getByRole('link', { name: 'Nhập dữ liệu' }).click();
    await page.getByLabel('Tệp XLSX hoặc CSV (UTF-8):').setInputFiles({ name: 'dang-vien.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
    const report = page.getByTestId('import-report');
    await report.filter({ hasText: 'Kết quả chạy thử (chưa ghi gì)' }).waitFor();
    const rejected = report.locator('tbody tr.ant-table-row');
    expect(await rejected.count()).toBe(1);
    expect((await rejected.first().locator('td').allInnerTexts()).map((t) => t.trim())).toEqual(['3', 'Mã chi bộ', 'unknown cell: KHONG-CO-MA']);
    expect(await page.getByRole('button', { name: 'Ghi vào cơ sở dữ liệu' }).isDisabled()).toBe(true);
    await screenshots(page, '12-import-dry-run');
    await page.getByRole('checkbox', { name: 'Chỉ ghi các dòng hợp lệ' }).click();
    await page.getByRole('button', { name: 'Ghi vào cơ sở dữ liệu' }).click();
    await report.filter({ hasText: 'Đã ghi' }).waitFor();
    expect(await server.dataSource.getRepository(Member).countBy({ fullName: 'Võ Thị Nhập Mới', organizationId: secretary.organizationId! })).toBe(1);
    expect(await server.dataSource.getRepository(Member).countBy({ fullName: 'Lê Văn Sai Mã' })).toBe(0);
    await page.close();
  });

  it('the tree\'s headline figures are the API\'s statistics for the school year', async () => {
    const committee = await userOf('committee.tamdao@ketnap.demo');
    const figures = ok(
      await server.gql<{ statistics: { staff: { total: number; members: number; membersRatio: number | null }; overdueDeadlines: number } }>(
        `query ($id: ID!, $year: Int!) { statistics(organizationId: $id, period: { schoolYear: $year }) { staff { total members membersRatio } overdueDeadlines } }`,
        { id: gid.org(committee.org!), year: schoolYearOf(todayInVietnam()) },
        server.tokenFor(committee),
      ),
    ).statistics;
    const page = await logIn(committee.email);
    await page.getByText(`${formatNumber(figures.staff.members)} / ${formatNumber(figures.staff.total)}`).first().waitFor();
    await page.getByText(`Tỉ lệ ${formatPercent(figures.staff.membersRatio)}`).waitFor();
    expect(figures.staff.members).toBe(859);
    await page.close();
  });

  it('a returning user\'s first screen takes one round of GraphQL requests after the page: `me` and the tree leave together', async () => {
    const committee = await userOf('committee.tamdao@ketnap.demo');
    const page = await logIn(committee.email);
    await page.getByRole('heading', { level: 1, name: committee.org!.name }).waitFor();
    await page.waitForLoadState('networkidle');
    const events: string[] = [];
    const isGraphql = (url: string) => new URL(url).pathname === '/graphql';
    page.on('request', (r) => isGraphql(r.url()) && events.push('sent'));
    page.on('requestfinished', (r) => isGraphql(r.url()) && events.push('answered'));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: committee.org!.name }).waitFor();
    await page.getByText('Tỉ lệ').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(events).toEqual(['sent', 'sent', 'answered', 'answered']);
    await page.close();
  });

  it('a system administrator, who acts for no organization, opens the tenants', async () => {
    const page = await logIn('admin@ketnap.demo');
    await page.getByRole('heading', { level: 1, name: 'Các đảng bộ' }).waitFor();
    const roots = await server.dataSource.getRepository(Organization).findBy({ depth: 0 });
    for (const root of roots) await page.getByRole('link', { name: root.name, exact: true }).waitFor();
    await page.getByRole('link', { name: roots[0]!.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: roots[0]!.name }).waitFor();
    await page.close();
  });

  it('the page served to a browser names no server software or version', async () => {
    const response = await fetch(`${base}/to-chuc/x`, { headers: { accept: 'text/html' } });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain('<div id="root">');
    expect(text).not.toMatch(/apollo|express|graphql-?server|sandbox|\b\d+\.\d+\.\d+\b/i);
    for (const [name, value] of response.headers) if (name !== 'date') expect(`${name}: ${value}`).not.toMatch(/apollo|express|\b\d+\.\d+\.\d+\b/i);
  });

  it('logout, and a session the server no longer accepts, return to the login page', async () => {
    const page = await logIn('committee.cailay@ketnap.demo');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByText('Bạn đã đăng xuất.').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);

    const again = await logIn('committee.cailay@ketnap.demo');
    // A token the server refuses (revoked, expired or tampered with): the next request ends the session.
    await again.evaluate(`(() => {
      const session = JSON.parse(sessionStorage.getItem('ketnap.session'));
      sessionStorage.setItem('ketnap.session', JSON.stringify({ ...session, token: session.token + 'x' }));
    })()`);
    await again.reload();
    await again.getByText('Phiên làm việc đã hết hạn. Hãy đăng nhập lại.').waitFor();
    expect(again.url()).toContain('/dang-nhap');
    await page.close();
    await again.close();
  });
});
