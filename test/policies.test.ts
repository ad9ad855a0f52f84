import '../src/modules/subjects';
import { defineAbilityFor, type Action, type AppAbility, type SubjectName } from '../src/auth/ability';
import { scopeSubject } from '../src/auth/scope';
import { scopeFilter, type ScopeColumns } from '../src/auth/sql-scope';
import type { Principal } from '../src/auth/principal';
import { Role } from '../src/domain/enums';

/**
 * The policy itself, asked directly (no server, no database): what each role may do to a record,
 * given the record's scope view as `scopeSubject` builds it, and the SQL `scopeFilter` derives
 * from the same rules (checked against the single-record answers on every sample view).
 */
const principal = (role: Role, organizationPath: string, memberId: number | null = null): Principal => ({
  userId: 1000,
  role,
  tenantId: role === Role.SYSTEM_ADMIN ? null : Number(organizationPath.split('/')[1]),
  organizationId: role === Role.SYSTEM_ADMIN ? null : Number(organizationPath.split('/').filter(Boolean).pop()),
  organizationPath,
  memberId,
});

const ADMIN = principal(Role.SYSTEM_ADMIN, '');
const COMMITTEE = principal(Role.COMMITTEE, '/1/7/'); // a commune committee, id 7, in tenant 1
const CITY_COMMITTEE = principal(Role.COMMITTEE, '/1/');
const SECRETARY = principal(Role.CELL_SECRETARY, '/1/7/42/'); // secretary of cell 42
const MENTOR = principal(Role.MENTOR, '/1/7/42/', 5); // member 5 of cell 42
const MENTOR_WITHOUT_MEMBER = principal(Role.MENTOR, '/1/7/42/', null);
const REPORTER = principal(Role.REPORTER, '/1/');

const candidate = (orgPath: string | null, mentorId: number | null = null) => scopeSubject('Candidate', { mentorId }, orgPath);
const member = (orgPath: string | null, id = 900) => scopeSubject('Member', { id }, orgPath);
const school = (orgPath: string | null) => scopeSubject('School', {}, orgPath);
const user = (orgPath: string | null, role: Role) => scopeSubject('User', { role }, orgPath);
const organization = (path: string) => scopeSubject('Organization', { id: Number(path.split('/').filter(Boolean).pop()), path }, null);

// better-sqlite3 (the SQLite driver) has no type declarations installed; the little used here is typed by hand.
interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): { run(params: Record<string, unknown>): unknown; all(...values: unknown[]): unknown[] };
  close(): void;
}
const Database = require('better-sqlite3') as new (filename: string) => SqliteDatabase;

const can = (p: Principal | null, action: Action, subject: ReturnType<typeof candidate>) => defineAbilityFor(p).can(action, subject);

describe('policies: a committee at /1/7/', () => {
  it.each([
    ['/1/7/42/', true],
    ['/1/7/', true],
    ['/1/7/42/99/', true],
    ['/1/70/', false], // prefix boundary: 70 is not under 7
    ['/1/70/42/', false],
    ['/1/', false], // its parent
    ['/1/8/', false], // a sibling
    ['/2/', false], // another tenant
    ['/2/1/7/', false], // contains /1/7/, but not at the start
    [null, false],
  ])('may read, update and see the sensitive data of a candidate of %s: %s', (orgPath, expected) => {
    expect(can(COMMITTEE, 'update', candidate(orgPath))).toBe(expected);
    expect(can(COMMITTEE, 'read', candidate(orgPath))).toBe(expected);
    expect(can(COMMITTEE, 'readSensitive', candidate(orgPath))).toBe(expected);
  });

  it.each(['read', 'create', 'update'] as const)('may %s schools, members, candidates and users in its subtree only', (action) => {
    for (const view of [school, member, candidate, (p: string) => user(p, Role.CELL_SECRETARY)]) {
      expect(can(COMMITTEE, action, view('/1/7/42/'))).toBe(true);
      expect(can(COMMITTEE, action, view('/1/70/'))).toBe(false);
      expect(can(COMMITTEE, action, view('/2/7/'))).toBe(false);
    }
  });

  it('reads its ancestors but may not change them or create under them; never reads a sibling', () => {
    expect(can(COMMITTEE, 'read', organization('/1/'))).toBe(true);
    expect(can(COMMITTEE, 'update', organization('/1/'))).toBe(false);
    expect(can(COMMITTEE, 'create', organization('/1/'))).toBe(false);
    expect(can(COMMITTEE, 'read', organization('/1/8/'))).toBe(false);
    expect(can(COMMITTEE, 'read', organization('/1/70/'))).toBe(false);
    expect(can(COMMITTEE, 'read', organization('/2/'))).toBe(false);
  });

  it('creates organizations under itself and updates those below it, not beside it', () => {
    expect(can(COMMITTEE, 'create', organization('/1/7/'))).toBe(true); // the parent's view: a new unit under /1/7/
    expect(can(COMMITTEE, 'create', organization('/1/70/'))).toBe(false);
    expect(can(COMMITTEE, 'update', organization('/1/7/42/'))).toBe(true);
    expect(can(COMMITTEE, 'update', organization('/1/70/'))).toBe(false);
    expect(can(COMMITTEE, 'update', organization('/1/70/42/'))).toBe(false);
  });

  it('moves what is below it, but never its own organization', () => {
    expect(can(COMMITTEE, 'move', organization('/1/7/'))).toBe(false);
    expect(can(COMMITTEE, 'move', organization('/1/7/42/'))).toBe(true);
    expect(can(COMMITTEE, 'move', organization('/1/70/'))).toBe(false);
    expect(can(CITY_COMMITTEE, 'move', organization('/1/'))).toBe(false);
    expect(can(CITY_COMMITTEE, 'move', organization('/1/7/'))).toBe(true);
  });

  it('creates users of every role but SYSTEM_ADMIN, and may not update a SYSTEM_ADMIN', () => {
    for (const role of [Role.COMMITTEE, Role.CELL_SECRETARY, Role.MENTOR, Role.REPORTER]) expect(can(COMMITTEE, 'create', user('/1/7/42/', role))).toBe(true);
    expect(can(COMMITTEE, 'create', user('/1/7/', Role.SYSTEM_ADMIN))).toBe(false);
    expect(can(COMMITTEE, 'update', user('/1/7/', Role.SYSTEM_ADMIN))).toBe(false);
  });

  it('has no manage and no move on records', () => {
    expect(can(COMMITTEE, 'manage', candidate('/1/7/42/'))).toBe(false);
    expect(can(COMMITTEE, 'move', candidate('/1/7/42/'))).toBe(false);
  });
});

describe('policies: a cell secretary of /1/7/42/', () => {
  it('reads, creates and updates members and candidates of its cell only, and their sensitive data', () => {
    for (const action of ['read', 'create', 'update', 'readSensitive'] as const) {
      for (const view of [member, candidate]) {
        expect(can(SECRETARY, action, view('/1/7/42/'))).toBe(true);
        expect(can(SECRETARY, action, view('/1/7/43/'))).toBe(false);
        expect(can(SECRETARY, action, view('/1/7/420/'))).toBe(false);
        expect(can(SECRETARY, action, view('/1/7/'))).toBe(false);
      }
    }
  });

  it('reads and updates its school but does not create schools', () => {
    expect(can(SECRETARY, 'read', school('/1/7/42/'))).toBe(true);
    expect(can(SECRETARY, 'update', school('/1/7/42/'))).toBe(true);
    expect(can(SECRETARY, 'create', school('/1/7/42/'))).toBe(false);
    expect(can(SECRETARY, 'read', school('/1/7/43/'))).toBe(false);
  });

  it('reads the users of its cell but creates and updates none', () => {
    expect(can(SECRETARY, 'read', user('/1/7/42/', Role.MENTOR))).toBe(true);
    expect(can(SECRETARY, 'read', user('/1/7/', Role.COMMITTEE))).toBe(false);
    expect(can(SECRETARY, 'create', user('/1/7/42/', Role.MENTOR))).toBe(false);
    expect(can(SECRETARY, 'update', user('/1/7/42/', Role.MENTOR))).toBe(false);
  });

  it('reads its cell and its ancestors, creates and changes no organization', () => {
    expect(can(SECRETARY, 'read', organization('/1/7/42/'))).toBe(true);
    expect(can(SECRETARY, 'read', organization('/1/7/'))).toBe(true);
    expect(can(SECRETARY, 'read', organization('/1/'))).toBe(true);
    expect(can(SECRETARY, 'read', organization('/1/7/43/'))).toBe(false);
    for (const action of ['create', 'update', 'move'] as const) {
      expect(can(SECRETARY, action, organization('/1/7/'))).toBe(false);
      expect(can(SECRETARY, action, organization('/1/7/42/'))).toBe(false);
    }
  });
});

describe('policies: a mentor (member 5 of /1/7/42/)', () => {
  it.each([
    [5, true],
    [6, false],
    [null, false],
  ])('reads a candidate of its cell whose mentor is %s: %s', (mentorId, expected) => {
    expect(can(MENTOR, 'read', candidate('/1/7/42/', mentorId))).toBe(expected);
  });

  it('never updates, creates or reads the sensitive data of a candidate, even its own', () => {
    for (const action of ['update', 'create', 'readSensitive'] as const) expect(can(MENTOR, action, candidate('/1/7/42/', 5))).toBe(false);
  });

  it('reads the members and the school of its cell, no users, and no sensitive member data', () => {
    expect(can(MENTOR, 'read', member('/1/7/42/'))).toBe(true);
    expect(can(MENTOR, 'read', member('/1/7/43/'))).toBe(false);
    expect(can(MENTOR, 'readSensitive', member('/1/7/42/'))).toBe(false);
    expect(can(MENTOR, 'update', member('/1/7/42/'))).toBe(false);
    expect(can(MENTOR, 'read', school('/1/7/42/'))).toBe(true);
    expect(can(MENTOR, 'read', user('/1/7/42/', Role.MENTOR))).toBe(false);
  });

  it('without a member, reads no candidate at all (not even those without a mentor)', () => {
    expect(can(MENTOR_WITHOUT_MEMBER, 'read', candidate('/1/7/42/', null))).toBe(false);
    expect(can(MENTOR_WITHOUT_MEMBER, 'read', candidate('/1/7/42/', 5))).toBe(false);
  });
});

describe('policies: a reporter at /1/', () => {
  it('reads no candidate and no member at all, not even in its own subtree', () => {
    for (const action of ['read', 'readSensitive', 'create', 'update'] as const) {
      expect(can(REPORTER, action, candidate('/1/7/42/', 5))).toBe(false);
      expect(can(REPORTER, action, member('/1/7/42/'))).toBe(false);
    }
  });

  it('reads the organizations and schools of its subtree, and no users', () => {
    expect(can(REPORTER, 'read', organization('/1/7/42/'))).toBe(true);
    expect(can(REPORTER, 'read', school('/1/7/42/'))).toBe(true);
    expect(can(REPORTER, 'read', organization('/2/'))).toBe(false);
    expect(can(REPORTER, 'read', school('/10/'))).toBe(false);
    expect(can(REPORTER, 'read', user('/1/', Role.REPORTER))).toBe(false);
    for (const action of ['create', 'update'] as const) {
      expect(can(REPORTER, action, organization('/1/7/'))).toBe(false);
      expect(can(REPORTER, action, school('/1/7/42/'))).toBe(false);
    }
  });
});

describe('policies: system administrators, and nobody else, create system administrators', () => {
  it.each([
    ['SYSTEM_ADMIN', true, ADMIN],
    ['COMMITTEE at the city', false, CITY_COMMITTEE],
    ['COMMITTEE at a commune', false, COMMITTEE],
    ['CELL_SECRETARY', false, SECRETARY],
    ['MENTOR', false, MENTOR],
    ['REPORTER', false, REPORTER],
    ['nobody (no principal)', false, null],
  ])('%s may create a SYSTEM_ADMIN user: %s', (_name, expected, p) => {
    const where = p?.organizationPath || null;
    expect(can(p, 'create', user(where, Role.SYSTEM_ADMIN))).toBe(expected);
    expect(can(p, 'create', user(null, Role.SYSTEM_ADMIN))).toBe(expected);
  });

  it('an administrator may do anything anywhere', () => {
    for (const action of ['read', 'create', 'update', 'move', 'readSensitive', 'manage'] as const) {
      expect(can(ADMIN, action, candidate('/2/9/', 5))).toBe(true);
      expect(can(ADMIN, action, organization('/1/'))).toBe(true);
    }
  });

  it('no principal, or a non-admin without an organization, may do nothing', () => {
    const orphan = { ...principal(Role.COMMITTEE, '/1/'), organizationPath: '', organizationId: null };
    for (const p of [null, orphan]) {
      expect(can(p, 'read', organization('/1/'))).toBe(false);
      expect(can(p, 'read', candidate('/1/7/42/'))).toBe(false);
      expect(can(p, 'read', school('/1/7/42/'))).toBe(false);
    }
  });
});

describe('scopeFilter: the SQL of the same rules', () => {
  const CANDIDATE_COLUMNS: ScopeColumns = { orgPath: 'scope_org.path', mentorId: 'candidate.mentorId' };

  it('is deny-all (1 = 0) for a reporter reading candidates, members or users', () => {
    const ability = defineAbilityFor(REPORTER);
    expect(scopeFilter(ability, 'read', 'Candidate', CANDIDATE_COLUMNS)).toEqual({ sql: '1 = 0', params: {} });
    expect(scopeFilter(ability, 'read', 'Member', { orgPath: 'scope_org.path', id: 'member.id' })).toEqual({ sql: '1 = 0', params: {} });
    expect(scopeFilter(ability, 'read', 'User', { orgPath: 'scope_org.path', role: 'app_user.role' })).toEqual({ sql: '1 = 0', params: {} });
  });

  it('is deny-all without a principal, and allow-all for an administrator', () => {
    expect(scopeFilter(defineAbilityFor(null), 'read', 'Candidate', CANDIDATE_COLUMNS)).toEqual({ sql: '1 = 0', params: {} });
    expect(scopeFilter(defineAbilityFor(ADMIN), 'read', 'Candidate', CANDIDATE_COLUMNS)).toEqual({ sql: '1 = 1', params: {} });
  });

  it('is a subtree LIKE with the trailing slash for a committee', () => {
    const { sql, params } = scopeFilter(defineAbilityFor(COMMITTEE), 'read', 'Candidate', CANDIDATE_COLUMNS);
    expect(sql).toMatch(/^scope_org\.path LIKE :(scope_\d+)$/);
    expect(Object.values(params)).toEqual(['/1/7/%']);
  });

  it("is the mentor's own id for a mentor reading candidates", () => {
    const { sql, params } = scopeFilter(defineAbilityFor(MENTOR), 'read', 'Candidate', CANDIDATE_COLUMNS);
    expect(sql).toMatch(/^candidate\.mentorId = :scope_\d+$/);
    expect(Object.values(params)).toEqual([5]);
  });

  it('refuses a field with no column, and a path that is not a tree path, rather than filtering wrongly', () => {
    expect(() => scopeFilter(defineAbilityFor(COMMITTEE), 'read', 'Candidate', { mentorId: 'candidate.mentorId' })).toThrow(/orgPath/);
    const malformed = { ...COMMITTEE, organizationPath: '/1/7' }; // LIKE '/1/7%' would take in /1/70/
    expect(() => scopeFilter(defineAbilityFor(malformed), 'read', 'Candidate', CANDIDATE_COLUMNS)).toThrow(/tree path/);
  });

  /**
   * The list filter and the record check agree: on a table of sample views, the rows the SQL
   * selects (run in SQLite) are exactly the views `ability.can` accepts, for every principal,
   * action and subject.
   */
  describe('agrees with ability.can on every sample view', () => {
    const PATHS = ['/1/', '/1/7/', '/1/7/42/', '/1/7/43/', '/1/7/420/', '/1/70/', '/1/70/42/', '/1/8/', '/2/', '/2/1/7/', '/10/', null];
    const rows: { n: number; orgPath: string | null; mentorId: number | null; id: number; path: string; role: string }[] = [];
    for (const orgPath of PATHS) {
      for (const mentorId of [5, 6, null]) {
        for (const role of [Role.SYSTEM_ADMIN, Role.COMMITTEE, Role.MENTOR]) {
          const path = orgPath ?? '/99/';
          rows.push({ n: rows.length, orgPath, mentorId, id: Number(path.split('/').filter(Boolean).pop()), path, role });
        }
      }
    }
    const db = new Database(':memory:');
    db.exec('CREATE TABLE v (n INTEGER PRIMARY KEY, orgPath TEXT, mentorId INTEGER, id INTEGER, path TEXT, role TEXT)');
    const insert = db.prepare('INSERT INTO v (n, orgPath, mentorId, id, path, role) VALUES (@n, @orgPath, @mentorId, @id, @path, @role)');
    for (const row of rows) insert.run(row);
    afterAll(() => db.close());

    const COLUMNS: Record<SubjectName, ScopeColumns> = {
      Organization: { id: 'v.id', path: 'v.path' },
      School: { orgPath: 'v.orgPath' },
      Member: { orgPath: 'v.orgPath', id: 'v.id' },
      Candidate: { orgPath: 'v.orgPath', mentorId: 'v.mentorId' },
      User: { orgPath: 'v.orgPath', role: 'v.role' },
      AuditEntry: { orgPath: 'v.orgPath' },
      PublicHoliday: {},
      ApiKey: { orgPath: 'v.orgPath' },
    };
    const viewOf = (subject: SubjectName, row: (typeof rows)[number]) =>
      subject === 'Organization' ? scopeSubject('Organization', { id: row.id, path: row.path }, null) : scopeSubject(subject, { id: row.id, mentorId: row.mentorId, role: row.role }, row.orgPath);

    function selected(ability: AppAbility, action: Action, subject: SubjectName): number[] {
      const filter = scopeFilter(ability, action, subject, COLUMNS[subject]);
      const values: unknown[] = [];
      const sql = filter.sql.replace(/:(\.\.\.)?(scope_\d+)/g, (_m, spread: string | undefined, name: string) => {
        const value = filter.params[name];
        if (spread) {
          values.push(...(value as unknown[]));
          return (value as unknown[]).map(() => '?').join(', ');
        }
        values.push(value);
        return '?';
      });
      return (db.prepare(`SELECT n FROM v WHERE ${sql} ORDER BY n`).all(...values) as { n: number }[]).map((r) => r.n);
    }

    it.each([
      ['SYSTEM_ADMIN', ADMIN],
      ['COMMITTEE /1/', CITY_COMMITTEE],
      ['COMMITTEE /1/7/', COMMITTEE],
      ['CELL_SECRETARY /1/7/42/', SECRETARY],
      ['MENTOR /1/7/42/ (member 5)', MENTOR],
      ['MENTOR without member', MENTOR_WITHOUT_MEMBER],
      ['REPORTER /1/', REPORTER],
      ['no principal', null],
    ])('%s', (_name, p) => {
      const ability = defineAbilityFor(p);
      let allowed = 0;
      for (const subject of ['Organization', 'School', 'Member', 'Candidate', 'User'] as const) {
        for (const action of ['read', 'create', 'update', 'move', 'readSensitive'] as const) {
          const expected = rows.filter((row) => ability.can(action, viewOf(subject, row))).map((row) => row.n);
          expect({ subject, action, rows: selected(ability, action, subject) }).toEqual({ subject, action, rows: expected });
          allowed += expected.length;
        }
      }
      // Every principal but "nobody" is allowed something on the sample, so the comparison is not vacuous.
      expect(allowed > 0).toBe(p !== null);
    });
  });
});
