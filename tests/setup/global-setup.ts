import fs from 'node:fs'
import { migrateDatabase, openDatabase } from '#db/client.ts'
import { ensureReferenceData } from '#db/reference-data.ts'
import { BASE_DB, TMP_DIR } from './paths.ts'

/**
 * Builds the base database once per run: migrations applied, territory register loaded.
 * It is built under a temporary name and renamed into place, so a test file of an overlapping
 * run never copies a half-built file.
 */
export default function setup() {
	fs.mkdirSync(TMP_DIR, { recursive: true })
	const building = `${BASE_DB}.${process.pid}.building`
	const db = openDatabase(building)
	migrateDatabase(db)
	ensureReferenceData(db)
	db.$client.pragma('journal_mode = DELETE')
	db.$client.close()
	fs.renameSync(building, BASE_DB)
	for (const suffix of ['-wal', '-shm']) fs.rmSync(`${BASE_DB}${suffix}`, { force: true })
}
