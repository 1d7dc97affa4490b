import type http from 'node:http'
import type { Logger } from 'pino'
import { Server } from 'socket.io'
import type * as Y from 'yjs'
import { isSameSite } from '#server/csrf.ts'
import { type RealtimeLimits, resolveLimits } from './config.ts'
import { attachRealtimeEngine, type RealtimeAuthenticator } from './engine.ts'
import type { DocumentKinds } from './kinds.ts'
import { REALTIME_NAMESPACE } from './protocol.ts'
import type { RealtimeStorage } from './storage.ts'
import { warmUpYjs } from './warm-up.ts'

/** An engine.io connection that joins no namespace within this time is closed. */
const CONNECT_TIMEOUT_MS = 10_000

/**
 * socket.io on the app's own HTTP port; the realtime engine on the `/yjs` namespace (protocol in
 * `protocol.ts`). The engine knows nothing of the app: the composition root (server/app.ts
 * through server/live-documents.ts) gives it the document kinds, how to authenticate a socket,
 * the site's origin and the storage. `limits` default to production settings.
 */
export function createRealtime({
	httpServer,
	logger,
	limits: overrides,
	storage,
	kinds,
	authenticator,
	allowedOrigin,
	userNameMaps,
	onDocumentUnloaded,
	onCommitted,
	warmUp = false,
}: {
	httpServer: http.Server
	logger: Logger
	limits?: Partial<RealtimeLimits>
	storage: RealtimeStorage
	kinds: DocumentKinds
	authenticator: RealtimeAuthenticator
	/** The public origin (BASE_URL's); a handshake from another site is refused. */
	allowedOrigin: string
	/** The app's user id → name maps, guarded by the engine (engine.ts). */
	userNameMaps?: readonly string[]
	onDocumentUnloaded?: (name: string) => void
	/** After a change to a document was committed (the agenda projects itself into tables). */
	onCommitted?: (docName: string, doc: Y.Doc) => void
	/** Run Yjs's load path once before accepting connections (see warm-up.ts); the app server does. */
	warmUp?: boolean
}) {
	if (warmUp) logger.debug({ ms: Math.round(warmUpYjs()) }, 'realtime engine warmed up')
	const limits = resolveLimits(overrides)
	const io = new Server(httpServer, {
		serveClient: false,
		connectTimeout: CONNECT_TIMEOUT_MS,
		// Twice the payload limit, so a slightly oversized message is answered `too_large`
		// instead of the transport dropping the connection.
		maxHttpBufferSize: limits.maxPayloadBytes * 2,
		// Cross-site WebSocket hijacking: a page on another site must not open a socket with our
		// cookie (same rule as the CSRF guard; clients without Origin, like scripts, pass).
		allowRequest: (req, callback) =>
			callback(
				null,
				!req.headers.origin || isSameSite(req.headers.origin, req.headers.host, allowedOrigin),
			),
	})
	// Only `/yjs` is served; the main namespace accepts nobody.
	io.use((_socket, next) => next(new Error('not_found')))

	const engine = attachRealtimeEngine({
		namespace: io.of(REALTIME_NAMESPACE),
		logger,
		limits,
		storage,
		kinds,
		authenticator,
		userNameMaps,
		onDocumentUnloaded,
		onCommitted,
	})

	return {
		io,
		engine,
		/** Disconnects every socket, then folds pending update logs (the HTTP server stays open). */
		async close() {
			await engine.close()
			// io.close() would also close the HTTP server; the caller closes that itself.
			io.engine.close()
		},
	}
}
