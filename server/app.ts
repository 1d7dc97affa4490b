import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import type { Logger } from 'pino'
import { readCookie, SESSION_COOKIE, serializeSessionCookie } from '#app/auth/cookie.server.ts'
import { validateSessionToken } from '#app/auth/session.server.ts'
import { flushAutoVersions } from '#app/realtime/auto-versions.server.ts'
import { flushMinutesReindex } from '#app/search/search-index.server.ts'
import type { Env } from '#app/utils/env.server.ts'
import type { Db } from '#db/client.ts'
import { reportDatabaseFailure } from '#db/storage-health.ts'
import { createBodyLimits } from './body-limits.ts'
import { createCsrfGuard } from './csrf.ts'
import { createHealthCheck } from './health.ts'
import { createAppRealtime } from './live-documents.ts'
import { createRequestLogger } from './request-log.ts'
import { guardStorageFailuresOf } from './storage-failures.ts'
import { createSecurityHeaders } from './security-headers.ts'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const BUILD_DIR = path.join(ROOT, 'build')

/** How often documents being edited get an automatic version. */
const AUTO_VERSION_INTERVAL_MS = 10 * 60 * 1000

export type ServerOptions = {
	env: Env
	db: Db
	logger: Logger
	mode: 'production' | 'development'
}

/**
 * The composition root: one HTTP server carrying Remix (Vite middleware in development, the
 * built app in production), /healthz and socket.io on the same port.
 */
export async function createSitovkaServer({ env, db, logger, mode }: ServerOptions) {
	const app = express()
	app.disable('x-powered-by')
	app.set('trust proxy', 'loopback')
	app.use(createRequestLogger(logger))
	app.use(compression())
	app.use(createSecurityHeaders({ baseUrl: env.baseUrl, mode }))

	app.get('/healthz', createHealthCheck(db, logger))

	app.use(createCsrfGuard(env.baseUrl))
	app.use(createBodyLimits())
	// Open sockets are re-checked after every change request (realtime is created below).
	app.use((req, res, next) => realtime.recheckAfterChanges(req, res, next))

	// A session used in its last 15 days is renewed; the new expiry is sent back here once, so
	// routes only read the session.
	app.use((req, res, next) => {
		const token = readCookie(req.get('cookie'), SESSION_COOKIE)
		if (token) {
			let session: ReturnType<typeof validateSessionToken> = null
			try {
				session = validateSessionToken(token)
			} catch (error) {
				// Renewing is a write: with the disk full the page still loads (db/storage-health.ts).
				if (!reportDatabaseFailure(error)) return next(error)
			}
			if (session?.renewed)
				res.append('Set-Cookie', serializeSessionCookie(token, session.expiresAt))
		}
		next()
	})

	let closeVite: (() => Promise<void>) | undefined
	let build: ServerBuild | (() => Promise<ServerBuild>)
	if (mode === 'development') {
		const vite = await import('vite')
		const viteServer = await vite.createServer({ server: { middlewareMode: true } })
		closeVite = () => viteServer.close()
		app.use(viteServer.middlewares)
		build = () =>
			viteServer.ssrLoadModule('virtual:remix/server-build') as unknown as Promise<ServerBuild>
	} else {
		app.use(
			'/assets',
			express.static(path.join(BUILD_DIR, 'client', 'assets'), { immutable: true, maxAge: '1y' }),
		)
		app.use(express.static(path.join(BUILD_DIR, 'client'), { maxAge: '1h' }))
		build = (await import(
			/* @vite-ignore */ path.join(BUILD_DIR, 'server', 'index.js')
		)) as ServerBuild
	}

	app.all(
		'*',
		createRequestHandler({
			// A full disk answers page actions 503 with the form kept (storage-failures.ts).
			build: guardStorageFailuresOf(build, db),
			mode,
			getLoadContext: (req, res) => ({
				clientIp: req.ip ?? null,
				requestId: String(res.locals.requestId ?? ''),
				cspNonce: String(res.locals.cspNonce ?? ''),
			}),
		}),
	)

	const httpServer = http.createServer(app)
	// The live documents (kinds registered in live-documents.ts); the first documents opened
	// after a restart load as fast as later ones (warm-up.ts).
	const realtime = createAppRealtime({ httpServer, logger, db, warmUp: true })
	// Every ten minutes while people edit, each document's kind gets its idle hook (an automatic
	// version, skipped when nothing changed); it also runs when a document is unloaded.
	const autoVersions = setInterval(() => realtime.engine.idleHooks(), AUTO_VERSION_INTERVAL_MS)
	autoVersions.unref()

	let closing: Promise<void> | undefined
	return {
		httpServer,
		listen(port = env.PORT, host = env.HOST) {
			return new Promise<string>((resolve, reject) => {
				httpServer.once('error', reject)
				httpServer.listen(port, host, () => {
					httpServer.off('error', reject)
					const address = httpServer.address()
					const actualPort = typeof address === 'object' && address ? address.port : port
					resolve(`http://localhost:${actualPort}`)
				})
			})
		},
		/** Stops accepting, closes sockets and waits for open requests (at most 10 s). */
		close() {
			closing ??= (async () => {
				clearInterval(autoVersions)
				await realtime.close()
				await flushAutoVersions()
				await flushMinutesReindex()
				await new Promise<void>((resolve) => {
					const force = setTimeout(() => httpServer.closeAllConnections(), 10_000)
					force.unref()
					httpServer.close(() => {
						clearTimeout(force)
						resolve()
					})
					httpServer.closeIdleConnections()
				})
				await closeVite?.()
			})()
			return closing
		},
	}
}
