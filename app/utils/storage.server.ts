import { getDb } from '#db/client.ts'
import { checkDatabase } from '#db/storage-health.ts'
import type { StorageProblem } from './storage.ts'

/**
 * Why nothing can be stored right now, or null. While storage fails this probes with a real
 * write at most every 2 s, so the banner goes away by itself once space returns.
 */
export function currentStorageProblem(): StorageProblem | null {
	const state = checkDatabase(getDb().$client)
	return state.status === 'ok' ? null : state.status
}
