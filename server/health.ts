import type { RequestHandler } from 'express'
import type { Logger } from 'pino'
import type { Db } from '#db/client.ts'
import { checkDatabase, logState, reportDatabaseFailure } from '#db/storage-health.ts'

/**
 * `GET /healthz` for monitoring: 200 while the database can be read and written, 503 with what is
 * wrong while it cannot (`database.status` full / read_only / missing / io_error, since when,
 * the last error code, how many writes were refused). While writes fail, each check probes with
 * a real write (at most every 2 s), so it turns 200 again by itself once space returns. A log
 * that cannot be written only degrades the answer (`status: "degraded"`, still 200): the app
 * works, but the operator should look at the disk.
 */
export function createHealthCheck(db: Db, logger: Logger): RequestHandler {
	const countUsers = db.$client.prepare<[], { users: number }>(
		'select count(*) as users from users',
	)
	return (_req, res) => {
		res.set('Cache-Control', 'no-store')
		try {
			const database = checkDatabase(db.$client)
			const { users } = countUsers.get()!
			const log = logState()
			const ok = database.status === 'ok'
			res.status(ok ? 200 : 503).json({
				status: !ok ? 'error' : log.status === 'ok' ? 'ok' : 'degraded',
				database: { ...database, users },
				log,
			})
		} catch (error) {
			reportDatabaseFailure(error)
			logger.error({ err: error }, 'health check failed')
			res.status(503).json({ status: 'error', database: { status: 'error' }, log: logState() })
		}
	}
}
