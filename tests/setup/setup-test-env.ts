import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeEach, vi } from 'vitest'
import { resetEnvCache } from '#app/utils/env.server.ts'
import { closeDb } from '#db/client.ts'
import { BASE_DB, TMP_DIR } from './paths.ts'

// Every test file works on its own copy of the migrated base database.
const dbFile = path.join(TMP_DIR, `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`)
fs.copyFileSync(BASE_DB, dbFile)
process.env.NODE_ENV = 'test'
process.env.DATABASE_URL = `file:${dbFile}`
process.env.BASE_URL = 'http://localhost:3000'
delete process.env.SMTP_URL
resetEnvCache()

// An unexpected console.error is a bug: fail the test that caused it.
beforeEach(() => {
	vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
		throw new Error(`console.error was called: ${args.map(String).join(' ')}`)
	})
})
afterEach(() => {
	vi.restoreAllMocks()
})

afterAll(() => {
	closeDb()
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true })
})
