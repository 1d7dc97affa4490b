import type { TestProject } from 'vitest/node'
import { ensureBuild } from '#server/build.ts'
import { removeDatabaseFile, type RunningServer, startServer } from './e2e-server.ts'

declare module 'vitest' {
	export interface ProvidedContext {
		/** The shared production server, e.g. `http://127.0.0.1:41234`. */
		baseUrl: string
		/** Its SQLite file; tests add users to it directly. */
		databaseFile: string
	}
}

/**
 * Builds the app once when the build is stale, then starts ONE production server on a fresh
 * database for all browser tests. Teardown stops it with SIGTERM and requires a clean exit.
 */
export default async function setup(project: TestProject) {
	const startedAt = Date.now()
	const built = ensureBuild((message) => console.log(message))
	if (built) console.log(`Build finished in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`)

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
	}
}
