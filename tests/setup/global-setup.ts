import fs from 'node:fs'
import { migrateDatabase, openDatabase } from '#db/client.ts'
import { ensureReferenceData } from '#db/reference-data.ts'
import { BASE_DB, TMP_DIR } from './paths.ts'

/** Builds the base database once per run: migrations applied, territory register loaded. */
export default function setup() {
	fs.mkdirSync(TMP_DIR, { recursive: true })
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${BASE_DB}${suffix}`, { force: true })
	const db = openDatabase(BASE_DB)
	migrateDatabase(db)
	ensureReferenceData(db)
	db.$client.pragma('wal_checkpoint(TRUNCATE)')
	db.$client.close()
}
