import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeEach, vi } from 'vitest'
import { resetEnvCache } from '#app/utils/env.server.ts'
import { closeDb } from '#db/client.ts'
import { createDatabaseFixtures } from './database-fixtures.ts'
import { BASE_DB, TMP_DIR } from './paths.ts'

// Every test file works on its own copy of the migrated base database, and every test starts
// from the file's fixture: the database as its beforeAll hooks left it (database-fixtures.ts).
const dbFile = path.join(TMP_DIR, `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`)
fs.copyFileSync(BASE_DB, dbFile)
fs.copyFileSync(BASE_DB, `${dbFile}.pristine`)
process.env.NODE_ENV = 'test'
process.env.DATABASE_URL = `file:${dbFile}`
process.env.BASE_URL = 'http://localhost:3000'
delete process.env.SMTP_URL
resetEnvCache()
const fixtures = createDatabaseFixtures(dbFile, `${dbFile}.pristine`)

beforeEach((context) => {
	fixtures.beforeEach(context)
})

// An unexpected console.error is a bug: fail the test that caused it.
beforeEach(() => {
	vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
		throw new Error(`console.error was called: ${args.map(String).join(' ')}`)
	})
})
afterEach(async () => {
	vi.restoreAllMocks()
	// A minutes reindex scheduled by this test runs now, not in the middle of a later one.
	if (globalThis.__sitovkaDb) {
		const { flushMinutesReindex } = await import('#app/search/search-index.server.ts')
		await flushMinutesReindex()
	}
})

afterAll(() => {
	closeDb()
	for (const file of [dbFile, ...fixtures.files()]) {
		for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true })
	}
})
