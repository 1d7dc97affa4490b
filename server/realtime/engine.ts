import type { Logger } from 'pino'
import type { Namespace, Socket } from 'socket.io'
import type * as Y from 'yjs'
import { readCookie, SESSION_COOKIE } from '#app/auth/cookie.server.ts'
import type { ValidatedSession } from '#app/auth/session.server.ts'
import { databaseState } from '#db/storage-health.ts'
import type { RealtimeLimits } from './config.ts'
import { Connection, ConnectionAdmission } from './connection.ts'
import type { Document } from './document.ts'
import { RefusedError } from './errors.ts'
import {
	CONNECT_ERROR_UNAUTHORIZED,
	type ClosedNotice,
	decodeMessage,
	type JoinReply,
	type LeaveReply,
	MalformedMessageError,
	type MessageAck,
	type MessageError,
	parseDocumentName,
	RealtimeEvent,
	toUint8Array,
} from './protocol.ts'
import { DocumentRegistry } from './registry.ts'
import type { ResolverRegistry } from './resolvers.ts'
import type { RealtimeStorage } from './storage.ts'

export type RealtimeEngineOptions = {
	namespace: Namespace
	logger: Logger
	storage: RealtimeStorage
	resolvers: ResolverRegistry
	limits: RealtimeLimits
	validateSession(token: string): ValidatedSession | null
	/** After a document nobody uses was flushed and unloaded. */
	onDocumentUnloaded?(name: string): void
	/** After a change to `docName` was committed and broadcast; `doc` is the live document. */
	onCommitted?(docName: string, doc: Y.Doc): void
}

type Ack<T> = ((reply: T) => void) | undefined

/** socket.io passes the acknowledgement callback, if any, as the last argument. */
function takeAck<T>(args: unknown[]): Ack<T> {
	const last = args.at(-1)
	if (typeof last !== 'function') return undefined
	args.pop()
	return last as (reply: T) => void
}

function requestedDocument(request: unknown): unknown {
	return typeof request === 'object' && request !== null && 'doc' in request
		? request.doc
		: undefined
}

/**
 * Wires the `/yjs` namespace to connections, the document registry and the resolvers. Every
 * handler is total: whatever a client sends, it gets an answer or is ignored; nothing thrown
 * escapes into socket.io.
 */
export function attachRealtimeEngine(options: RealtimeEngineOptions) {
	const { namespace, logger, limits, resolvers } = options
	const connections = new Set<Connection>()
	let closing = false

	const registry = new DocumentRegistry({
		storage: options.storage,
		logger,
		limits,
		broadcast(document, payload, except) {
			const room = namespace.to(document.documentName)
			const excluded = Array.isArray(except)
				? except.map((connection) => connection.id)
				: except?.id
			;(excluded ? room.except(excluded) : room).emit(
				RealtimeEvent.message,
				document.documentName,
				payload,
			)
		},
		send(document, connection, payload) {
			connection.socket.emit(RealtimeEvent.message, document.documentName, payload)
		},
		onReset(document, dropped) {
			const notice: ClosedNotice = { reason: 'reset' }
			for (const connection of dropped) {
				if (connection.documents.get(document.documentName) === document)
					connection.documents.delete(document.documentName)
				void connection.socket.leave(document.documentName)
				connection.socket.emit(RealtimeEvent.closed, document.documentName, notice)
			}
		},
		onUnloaded: options.onDocumentUnloaded,
		onCommitted: options.onCommitted
			? (document) => options.onCommitted?.(document.documentName, document)
			: undefined,
	})

	/** Sockets per user and per address (`maxConnectionsPerUser`, `maxConnectionsPerAddress`). */
	const admission = new ConnectionAdmission(limits)

	namespace.use((socket, next) => {
		if (closing) return next(new Error('unavailable'))
		try {
			const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE)
			const session = token ? options.validateSession(token) : null
			if (!token || !session) return next(new Error(CONNECT_ERROR_UNAUTHORIZED))
			socket.data.connection = new Connection(socket, session.user, token, limits)
			const refused = admission.admit(socket.data.connection as Connection)
			if (refused) return next(new Error(refused))
			next()
		} catch (error) {
			logger.error({ err: error }, 'realtime handshake failed')
			next(new Error('unavailable'))
		}
	})

	namespace.on('connection', (socket: Socket) => {
		const connection = socket.data.connection as Connection
		connections.add(connection)
		logger.debug({ userId: connection.user.id }, 'realtime connection')
		socket.on(RealtimeEvent.join, (...args: unknown[]) => void onJoin(connection, args))
		socket.on(RealtimeEvent.leave, (...args: unknown[]) => onLeave(connection, args))
		socket.on(RealtimeEvent.message, (...args: unknown[]) => void onMessage(connection, args))
		socket.on('disconnect', () => {
			connection.closed = true
			connections.delete(connection)
			for (const document of connection.documents.values()) document.removeConnection(connection)
			connection.documents.clear()
		})
	})

	async function onJoin(connection: Connection, args: unknown[]) {
		const ack = takeAck<JoinReply>(args)
		let joined: { document: Document; readOnly: boolean }
		try {
			joined = await join(connection, requestedDocument(args[0]))
		} catch (error) {
			if (!(error instanceof RefusedError))
				logger.error({ err: error, userId: connection.user.id }, 'realtime join failed')
			const code = error instanceof RefusedError ? error.code : 'internal'
			ack?.({ ok: false, error: code as Extract<JoinReply, { ok: false }>['error'] })
			return
		}
		const { document, readOnly } = joined
		ack?.({ ok: true, readOnly })
		connection.socket.emit(RealtimeEvent.message, document.documentName, document.syncStep1())
		const awareness = document.awarenessMessage()
		if (awareness) connection.socket.emit(RealtimeEvent.message, document.documentName, awareness)
	}

	async function join(connection: Connection, requested: unknown) {
		if (!connection.allow(0)) throw new RefusedError('rate_limited')
		const name = parseDocumentName(requested)
		if (!name) throw new RefusedError('not_found')
		// The session may have been revoked or expired since the handshake.
		const session = options.validateSession(connection.sessionToken)
		if (!session) throw new RefusedError('unauthorized')
		connection.user = session.user
		const access = await resolvers.resolve(session.user, name)
		if (access === 'none') throw new RefusedError('not_found')
		const current = connection.documents.get(name.name)
		if (
			!current &&
			connection.documents.size + connection.joining.size >= limits.maxDocumentsPerConnection
		)
			throw new RefusedError('too_many_documents')
		connection.joining.add(name.name)
		try {
			let document = await registry.open(name.name)
			// Reset between loading and now: load the fresh instance.
			if (document.closed) document = await registry.open(name.name)
			if (connection.closed) {
				registry.release(document)
				throw new RefusedError('unavailable', 'socket closed while joining')
			}
			const readOnly = access === 'read'
			document.addConnection(connection, readOnly)
			registry.retain(document)
			connection.documents.set(name.name, document)
			void connection.socket.join(name.name)
			return { document, readOnly }
		} finally {
			connection.joining.delete(name.name)
		}
	}

	function onLeave(connection: Connection, args: unknown[]) {
		const ack = takeAck<LeaveReply>(args)
		if (!connection.allow(0)) return ack?.({ ok: false, error: 'rate_limited' })
		const name = requestedDocument(args[0])
		if (typeof name !== 'string') return ack?.({ ok: false, error: 'malformed' })
		const document = connection.documents.get(name)
		if (!document) return ack?.({ ok: false, error: 'not_joined' })
		connection.documents.delete(name)
		void connection.socket.leave(name)
		document.removeConnection(connection)
		ack?.({ ok: true })
	}

	async function onMessage(connection: Connection, args: unknown[]) {
		const ack = takeAck<MessageAck>(args)
		const [name, rawPayload] = args
		const refuse = (error: MessageError, cause?: unknown) => {
			if (connection.shouldLogRefusal())
				logger.warn(
					{
						userId: connection.user.id,
						doc: typeof name === 'string' ? name.slice(0, 200) : undefined,
						error,
						reason: cause instanceof Error ? cause.message : undefined,
					},
					'realtime message refused',
				)
			ack?.({ ok: false, error })
		}
		const payload = toUint8Array(rawPayload)
		const size = payload?.byteLength ?? 0
		if (size > limits.maxPayloadBytes) return refuse('too_large')
		if (!connection.allow(size)) return refuse('rate_limited')
		if (typeof name !== 'string' || !payload) return refuse('malformed')
		const document = connection.documents.get(name)
		if (!document) return refuse('not_joined')
		try {
			const message = decodeMessage(payload)
			if (message.type === 'sync-step-1') {
				const reply = await document.syncStep2For(message.stateVector, connection)
				connection.socket.emit(RealtimeEvent.message, name, reply)
			} else if (message.type === 'awareness') {
				document.applyAwareness(connection, message.update)
			} else {
				if (document.isReadOnly(connection)) return refuse('read_only')
				await document.applyClientUpdate(connection, message.update)
			}
			ack?.({ ok: true })
		} catch (error) {
			// Not stored because the disk is full or the database read-only or gone: `unavailable`
			// tells the client to keep the change and try again later (db/storage-health.ts).
			if (
				error instanceof RefusedError &&
				error.code === 'internal' &&
				databaseState().status !== 'ok'
			)
				return refuse('unavailable', error)
			if (error instanceof RefusedError) return refuse(error.code as MessageError, error)
			if (error instanceof MalformedMessageError) return refuse('malformed', error)
			logger.error({ err: error, doc: name, userId: connection.user.id }, 'realtime message failed')
			refuse('internal', error)
		}
	}

	return {
		registry,
		get connectionCount() {
			return connections.size
		},
		/** Refuses new sockets, disconnects the current ones, then flushes every document. */
		async close() {
			closing = true
			namespace.disconnectSockets(true)
			await registry.close()
		},
	}
}

export type RealtimeEngine = ReturnType<typeof attachRealtimeEngine>
