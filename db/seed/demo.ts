import type { Db } from '../client.ts'

/** Loads the demo data set (filled in by the demo-data work). */
export async function loadDemoData(_db: Db, _options: { adminId?: string } = {}) {
	return { loaded: false }
}
