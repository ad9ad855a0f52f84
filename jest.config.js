/** Tests run against a real database: SQLite by default, MySQL/MariaDB when DATABASE_URL (or TEST_DATABASE_URL) is a mysql:// URL. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  testTimeout: 60000,
  maxWorkers: process.env.CI ? 2 : '50%',
};
