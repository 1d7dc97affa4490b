import type http from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import type { Logger } from 'pino'
import type * as Y from 'yjs'
import { agendaDocument } from '#app/agenda/agenda-document.server.ts'
import { readCookie, SESSION_COOKIE } from '#app/auth/cookie.server.ts'
import { type SessionUser, validateSessionToken } from '#app/auth/session.server.ts'
import { AUTHORS_MAP } from '#app/minutes/minutes-doc.ts'
import { minutesDocument } from '#app/minutes/minutes-document.server.ts'
import { registerLiveDocuments } from '#app/realtime/live-documents.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import type { Db } from '#db/client.ts'
import type { RealtimeLimits } from './realtime/config.ts'
import type { RealtimeAuthenticator } from './realtime/engine.ts'
import { DocumentKinds } from './realtime/kinds.ts'
import { createRealtime } from './realtime/socket.ts'
import { createSqliteStorage, type RealtimeStorage } from './realtime/storage.ts'

/**
 * Every kind of live document. Each domain declares its kinds in its own folder (name, access
 * rule, hooks); adding one is one line here.
 */
export function liveDocumentKinds() {
	return new DocumentKinds<SessionUser>().register(minutesDocument).register(agendaDocument)
}

/** Sockets are authenticated by the session cookie, validated as for every page. */
export const sessionAuthenticator: RealtimeAuthenticator<SessionUser> = {
	sessionKey: (headers) => readCookie(headers.cookie, SESSION_COOKIE),
	check(key) {
		const session = validateSessionToken(key)
		return session ? { user: session.user, expiresAt: session.expiresAt } : null
	},
}

/** How often the database is asked whether another process (the CLI) changed it. */
const EXTERNAL_CHANGE_POLL_MS = 250

/**
 * The realtime engine with the app's document kinds, sessions, origin and database, and the
 * live documents registered for server-side changes (`changeDocument`). Access is re-checked for
 * every open socket after every change request (`recheckAfterChanges`) and when another
 * process commits to the database (the command line), so a change of rights reaches open
 * editors within a second whichever way it was made.
 */
export function createAppRealtime({
	httpServer,
	logger,
	db,
	limits,
	storage,
	onCommitted,
	onDocumentUnloaded,
	warmUp = false,
}: {
	httpServer: http.Server
	logger: Logger
	db: Db
	limits?: Partial<RealtimeLimits>
	storage?: RealtimeStorage
	onCommitted?: (docName: string, doc: Y.Doc) => void
	onDocumentUnloaded?: (name: string) => void
	warmUp?: boolean
}) {
	const realtime = createRealtime({
		httpServer,
		logger,
		limits,
		storage: storage ?? createSqliteStorage(db, logger),
		kinds: liveDocumentKinds(),
		authenticator: sessionAuthenticator,
		allowedOrigin: new URL(getEnv().baseUrl).origin,
		// The minutes' legend of authors: each person writes only their own name (identity.ts).
		userNameMaps: [AUTHORS_MAP],
		onCommitted,
		onDocumentUnloaded,
		warmUp,
	})
	const { engine } = realtime
	registerLiveDocuments(engine.registry)

	// `data_version` changes when another connection (another process) commits.
	let dataVersion = db.$client.pragma('data_version', { simple: true })
	const watch = setInterval(() => {
		try {
			const now = db.$client.pragma('data_version', { simple: true })
			if (now !== dataVersion) {
				dataVersion = now
				engine.recheckAccessSoon()
			}
		} catch (error) {
			logger.warn({ err: error }, 'could not read the database version')
		}
	}, EXTERNAL_CHANGE_POLL_MS)
	watch.unref()

	return {
		...realtime,
		/**
		 * Express middleware: after every request that may have changed something (not GET or
		 * HEAD) and did not fail, open sockets are checked again. One mechanism for every change
		 * path (logout, revoked sessions, members, roles, visibility, participants, lifecycle):
		 * a forgotten path cannot leave a socket with rights it lost.
		 */
		recheckAfterChanges(req: Request, res: Response, next: NextFunction) {
			if (req.method !== 'GET' && req.method !== 'HEAD')
				res.on('finish', () => {
					if (res.statusCode < 500) engine.recheckAccessSoon()
				})
			next()
		},
		async close() {
			clearInterval(watch)
			await realtime.close()
			registerLiveDocuments(null, engine.registry)
		},
	}
}
