import { ConfigError, getEnv } from '#app/utils/env.server.ts'
import { getLogger } from '#app/utils/logger.server.ts'
import { closeDb, getDb, migrateDatabase } from '#db/client.ts'
import { ensureReferenceData } from '#db/reference-data.ts'
import { reindexAll } from '#app/search/search-index.server.ts'
import { startReminderScheduler } from '#app/meetings/reminders.server.ts'
import { createSitovkaServer } from './app.ts'
import { ensureBuild } from './build.ts'

/**
 * `npm start` (production, builds when needed) and `npm run dev` (`--dev`, Vite middleware).
 * Order: validate configuration, build, migrate, load reference data, listen.
 */
async function main() {
	const dev = process.argv.includes('--dev')
	process.env.NODE_ENV ??= dev ? 'development' : 'production'
	let env
	try {
		env = getEnv()
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(`Síťovka cannot start. ${error.message}`)
			process.exit(1)
		}
		throw error
	}
	const logger = getLogger()
	if (!dev) ensureBuild((message) => logger.info(message))

	const db = getDb()
	migrateDatabase(db)
	if (ensureReferenceData(db)) logger.info('territory register loaded')
	// The search index is derived data: rebuilt at start so it can never drift for long.
	await reindexAll()

	const server = await createSitovkaServer({
		env,
		db,
		logger,
		mode: dev ? 'development' : 'production',
	})
	const url = await server.listen()
	logger.info({ url, database: env.databasePath }, 'Síťovka is listening')
	console.log(`Síťovka běží na ${env.BASE_URL ?? url}`)
	// The day-before meeting reminders (e-mail), checked every few minutes.
	const reminders = startReminderScheduler({ logger })

	let stopping = false
	const stop = async (signal: string) => {
		if (stopping) return
		stopping = true
		logger.info({ signal }, 'shutting down')
		await reminders.stop()
		await server.close()
		closeDb()
		logger.info('stopped')
		process.exit(0)
	}
	process.on('SIGTERM', () => void stop('SIGTERM'))
	process.on('SIGINT', () => void stop('SIGINT'))
}

main().catch((error: unknown) => {
	console.error(error)
	process.exit(1)
})
