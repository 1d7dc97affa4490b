import type http from 'node:http'
import type { Logger } from 'pino'
import { Server } from 'socket.io'
import { readCookie, SESSION_COOKIE } from '#app/auth/cookie.server.ts'
import { validateSessionToken } from '#app/auth/session.server.ts'

/**
 * socket.io on the app's own HTTP port. The `/yjs` namespace authenticates every handshake by
 * the session cookie; the realtime engine (documents, sync, awareness) attaches to it.
 */
export function createRealtime({
	httpServer,
	logger,
}: {
	httpServer: http.Server
	logger: Logger
}) {
	const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 2 * 1024 * 1024 })
	const yjs = io.of('/yjs')
	yjs.use((socket, next) => {
		const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE)
		const session = token ? validateSessionToken(token) : null
		if (!session) return next(new Error('unauthorized'))
		socket.data.user = session.user
		socket.data.sessionId = session.id
		next()
	})
	yjs.on('connection', (socket) => {
		logger.debug({ userId: socket.data.user?.id }, 'realtime connection')
	})
	return {
		io,
		close() {
			return new Promise<void>((resolve) => {
				io.disconnectSockets(true)
				// io.close() would also close the HTTP server; the caller closes that itself.
				io.engine.close()
				resolve()
			})
		},
	}
}
