import pino from 'pino'
import { onStorageEvent } from '#db/storage-health.ts'
import { getEnv } from './env.server.ts'
import { createLogDestination } from './log-destination.server.ts'
import { SECRET_LINK_PATHS } from './secret-paths.ts'

/**
 * Paths pino blanks out before a line is written. Passwords, tokens and cookies must never reach
 * a log file, whatever a caller passes in.
 */
export const REDACTED_PATHS = [
	'password',
	'newPassword',
	'token',
	'secret',
	'cookie',
	'*.password',
	'*.newPassword',
	'*.token',
	'*.secret',
	'*.cookie',
	'req.headers.cookie',
	'req.headers.authorization',
	'res.headers["set-cookie"]',
	'headers.cookie',
	'headers.authorization',
]

declare global {
	var __sitovkaLogger: pino.Logger | undefined
}

/**
 * The process-wide logger: JSON lines on stdout. A log that cannot be written (full disk) never
 * stops the server (log-destination.server.ts), and storage failures are logged once when they
 * begin and once when they end (not once per refused write).
 */
export function getLogger(): pino.Logger {
	if (!globalThis.__sitovkaLogger) {
		globalThis.__sitovkaLogger = pino(
			{
				level:
					getEnv().NODE_ENV === 'test' ? (process.env.LOG_LEVEL ?? 'silent') : getEnv().LOG_LEVEL,
				base: { app: 'sitovka' },
				redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
			},
			createLogDestination(),
		)
		logStorageEvents(globalThis.__sitovkaLogger)
	}
	return globalThis.__sitovkaLogger
}

function logStorageEvents(logger: pino.Logger) {
	onStorageEvent((event) => {
		if (event.type === 'database-failing')
			logger.error(
				{ problem: event.state.status, code: event.state.code, since: event.state.since },
				'database writes are failing; refusing writes until they work again',
			)
		else
			logger.warn(
				{
					problem: event.problem,
					failedFor: event.failedFor,
					refusedWrites: event.refusedWrites,
				},
				'database writes work again',
			)
	})
}

/**
 * Paths whose next segment is a secret: /invite/<token>, /reset-password/<token>,
 * /calendar/<token>.ics and the date poll's guest link /poll/<token> (and their `.data` loads).
 */
const TOKEN_PATHS = new RegExp(`(/|%2F)(${SECRET_LINK_PATHS.join('|')})(/|%2F)[^/?#&]+`, 'gi')

/** Strips secrets from a URL before logging: token paths (also URL-encoded) and ?token=. */
export function redactUrl(url: string): string {
	return url
		.replace(TOKEN_PATHS, '$1$2$3[redacted]')
		.replace(/([?&](?:token|code)=)[^&#]+/g, '$1[redacted]')
}
