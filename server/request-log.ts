import { randomUUID } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import type { Logger } from 'pino'
import { redactUrl } from '#app/utils/logger.server.ts'

/**
 * Gives every request an id (kept from a proxy's X-Request-Id when it looks sane), returns it
 * in the response and logs one line per request. Only method, redacted path, status and time
 * are logged: never headers, cookies or bodies.
 */
export function createRequestLogger(logger: Logger) {
	return function requestLog(req: Request, res: Response, next: NextFunction) {
		const incoming = req.get('x-request-id')
		const id = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID()
		res.locals.requestId = id
		res.setHeader('X-Request-Id', id)
		const started = process.hrtime.bigint()
		res.on('finish', () => {
			const ms = Number(process.hrtime.bigint() - started) / 1e6
			if (req.path.startsWith('/assets/') && res.statusCode < 400) return
			logger.info(
				{
					reqId: id,
					method: req.method,
					url: redactUrl(req.originalUrl),
					status: res.statusCode,
					ms: Math.round(ms * 10) / 10,
				},
				'request',
			)
		})
		next()
	}
}
