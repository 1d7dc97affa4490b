import pino from 'pino'
import { getEnv } from './env.server.ts'

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

export function getLogger(): pino.Logger {
	globalThis.__sitovkaLogger ??= pino({
		level: getEnv().NODE_ENV === 'test' ? (process.env.LOG_LEVEL ?? 'silent') : getEnv().LOG_LEVEL,
		base: { app: 'sitovka' },
		redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
	})
	return globalThis.__sitovkaLogger
}

/**
 * Paths whose next segment is a secret: /invite/<token>, /reset-password/<token>,
 * /calendar/<token>.ics and the date poll's guest link /poll/<token> (and their `.data` loads).
 */
const TOKEN_PATHS = /(\/|%2F)(invite|reset-password|calendar|poll)(\/|%2F)[^/?#&]+/gi

/** Strips secrets from a URL before logging: token paths (also URL-encoded) and ?token=. */
export function redactUrl(url: string): string {
	return url
		.replace(TOKEN_PATHS, '$1$2$3[redacted]')
		.replace(/([?&](?:token|code)=)[^&#]+/g, '$1[redacted]')
}
