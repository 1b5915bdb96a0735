// Setup of the suite's PostgreSQL projects: every fresh test database is made on the throwaway cluster instead of
// a temp SQLite file (tooling/test/test-database.mjs), and processes a test spawns inherit the choice.
process.env.STREAKFORGE_TEST_ENGINE = 'postgresql';
