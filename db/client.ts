import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { getEnv } from '../app/utils/env.server.ts'
import * as schema from './schema.ts'
import { watchDatabaseFile } from './storage-health.ts'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

/** Where drizzle-kit writes migrations; applied at every start and in tests. */
export const MIGRATIONS_FOLDER = path.join(
	path.dirname(fileURLToPath(import.meta.url)),
	'migrations',
)

/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000

/**
 * Opens the SQLite file with the settings Síťovka relies on (see README, decision 4):
 * WAL so readers never block the writer, foreign keys enforced, a busy timeout, and
 * synchronous=FULL so a committed transaction survives a killed process and a power cut.
 */
export function openDatabase(file: string): Db {
	fs.mkdirSync(path.dirname(file), { recursive: true })
	const sqlite = new Database(file)
	sqlite.pragma('journal_mode = WAL')
	sqlite.pragma('foreign_keys = ON')
	sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
	sqlite.pragma('synchronous = FULL')
	// Writes to a file deleted or replaced meanwhile are refused (db/storage-health.ts).
	watchDatabaseFile(sqlite)
	return drizzle(sqlite, { schema }) as Db
}

/**
 * Applies the pending migrations. SQL functions some migrations need are registered first:
 * `sitovka_sha256_hex(text)` hashes tokens kept in plain text before (0005 hashes the date
 * poll's guest link tokens, as app/auth/tokens.server.ts hashToken does).
 */
export function migrateDatabase(db: Db) {
	db.$client.function('sitovka_sha256_hex', { deterministic: true }, (value: unknown) =>
		typeof value === 'string' ? createHash('sha256').update(value, 'utf8').digest('hex') : null,
	)
	migrate(db, { migrationsFolder: MIGRATIONS_FOLDER })
}

declare global {
	var __sitovkaDb: Db | undefined
}

/**
 * The process-wide connection. Kept on globalThis because the custom server and Vite's SSR
 * module graph both load this module and must share one handle.
 */
export function getDb(): Db {
	if (!globalThis.__sitovkaDb) {
		globalThis.__sitovkaDb = openDatabase(getEnv().databasePath)
	}
	return globalThis.__sitovkaDb
}

export function closeDb() {
	const db = globalThis.__sitovkaDb
	globalThis.__sitovkaDb = undefined
	if (db?.$client.open) db.$client.close()
}
