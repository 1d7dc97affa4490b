import type { TestProject } from 'vitest/node'
import { migrateDatabase, openDatabase } from '#db/client.ts'
import { ensureReferenceData } from '#db/reference-data.ts'
import { ensureBuild } from '#server/build.ts'
import { E2E_BASE_DB, removeDatabaseFile, type RunningServer, startServer } from './e2e-server.ts'

declare module 'vitest' {
	export interface ProvidedContext {
		/** The shared production server, e.g. `http://127.0.0.1:41234`. */
		baseUrl: string
		/** Its SQLite file; tests add users to it directly. */
		databaseFile: string
	}
}

/**
 * Builds the app once when the build is stale, prepares a base database (migrated, territory
 * register loaded), then starts ONE production server on a copy of it for all browser tests.
 * Teardown stops it with SIGTERM and requires a clean exit (graceful shutdown).
 */
export default async function setup(project: TestProject) {
	const startedAt = Date.now()
	const built = ensureBuild((message) => console.log(message))
	if (built) console.log(`Build finished in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`)

	removeDatabaseFile(E2E_BASE_DB)
	const base = openDatabase(E2E_BASE_DB)
	migrateDatabase(base)
	ensureReferenceData(base)
	base.$client.pragma('wal_checkpoint(TRUNCATE)')
	base.$client.close()

	const server: RunningServer = await startServer()
	project.provide('baseUrl', server.baseUrl)
	project.provide('databaseFile', server.databaseFile)

	return async () => {
		const code = await server.stop()
		if (code !== 0) {
			throw new Error(
				`The shared server did not shut down cleanly on SIGTERM (exit code ${code}):\n${server.output()}`,
			)
		}
		removeDatabaseFile(server.databaseFile)
		removeDatabaseFile(E2E_BASE_DB)
	}
}
