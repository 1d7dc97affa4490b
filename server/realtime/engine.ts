import type { IncomingHttpHeaders } from 'node:http'
import type { Logger } from 'pino'
import type { Namespace, Socket } from 'socket.io'
import type * as Y from 'yjs'
import { databaseState } from '#db/storage-health.ts'
import type { RealtimeLimits } from './config.ts'
import { Connection, ConnectionAdmission } from './connection.ts'
import type { Document } from './document.ts'
import { RefusedError } from './errors.ts'
import { identityMaps } from './identity.ts'
import type { DocumentKinds, RealtimeUser, ResolvedAccess } from './kinds.ts'
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
import type { RealtimeStorage } from './storage.ts'

/** A session as the engine needs it: who, and until when (re-checked then). */
export type RealtimeSession<U extends RealtimeUser = RealtimeUser> = {
	user: U
	expiresAt?: Date | null
}

/**
 * How sockets are authenticated; the app supplies it (the engine knows no cookies or tables).
 * `sessionKey` reads the handshake's headers (e.g. the session cookie), `check` validates that key
 * at the handshake and again on every join and access re-check (sessions end: logout, "log out
 * other devices", expiry).
 */
export interface RealtimeAuthenticator<U extends RealtimeUser = RealtimeUser> {
	sessionKey(headers: IncomingHttpHeaders): string | null
	check(key: string): RealtimeSession<U> | null
}

export type RealtimeEngineOptions = {
	namespace: Namespace
	logger: Logger
	storage: RealtimeStorage
	kinds: DocumentKinds
	limits: RealtimeLimits
	authenticator: RealtimeAuthenticator
	/**
	 * Top-level maps of user id → display name that the app keeps in its documents (e.g. the
	 * minutes' legend of authors): guarded like Y.PermanentUserData's map (identity.ts).
	 */
	userNameMaps?: readonly string[]
	/** After a document nobody uses was flushed and unloaded. */
	onDocumentUnloaded?(name: string): void
	/** After a change to `docName` was committed and broadcast; `doc` is the live document. */
	onCommitted?(docName: string, doc: Y.Doc): void
}

/** Changes often come in bursts (a form that changes several things): one re-check for them. */
const RECHECK_DEBOUNCE_MS = 20

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
	const { namespace, logger, limits, kinds, authenticator } = options
	const connections = new Set<Connection>()
	let closing = false
	/** Incremented by every access re-check; a join that raced one is re-checked again. */
	let accessEpoch = 0

	const registry = new DocumentRegistry({
		identity: identityMaps(options.userNameMaps),
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
		onUnloaded(name) {
			const parsed = parseDocumentName(name)
			if (parsed) runHook('idle', name, () => kinds.idle(parsed))
			options.onDocumentUnloaded?.(name)
		},
		onCommitted(document) {
			const parsed = parseDocumentName(document.documentName)
			if (parsed)
				runHook('committed', document.documentName, () => kinds.committed(parsed, document))
			options.onCommitted?.(document.documentName, document)
		},
	})

	/** A kind's hook must not break the engine: its error is logged. */
	function runHook(hook: string, doc: string, run: () => void) {
		try {
			run()
		} catch (error) {
			logger.error({ err: error, doc, hook }, 'live document hook failed')
		}
	}

	/** Sockets per user and per address (`maxConnectionsPerUser`, `maxConnectionsPerAddress`). */
	const admission = new ConnectionAdmission(limits)

	namespace.use((socket, next) => {
		if (closing) return next(new Error('unavailable'))
		try {
			const key = authenticator.sessionKey(socket.handshake.headers)
			const session = key ? authenticator.check(key) : null
			if (!key || !session) return next(new Error(CONNECT_ERROR_UNAUTHORIZED))
			socket.data.connection = new Connection(socket, session.user, key, limits)
			const refused = admission.admit(socket.data.connection as Connection)
			if (refused) return next(new Error(refused))
			scheduleRecheck(session.expiresAt ?? null)
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
		const session = authenticator.check(connection.sessionToken)
		if (!session) throw new RefusedError('unauthorized')
		connection.user = session.user
		const epoch = accessEpoch
		const { access, recheckAt } = await kinds.resolve(session.user, name)
		if (access === 'none') throw new RefusedError('not_found')
		scheduleRecheck(recheckAt)
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
			// Access changed while this join was deciding: decide again with the new facts.
			if (epoch !== accessEpoch) recheckAccessSoon()
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

	// --- access re-checks ------------------------------------------------------------------------
	// Whatever changes who may read or write (logout, a revoked session, a member removed, a role
	// or visibility changed, minutes approved, a comments deadline passed) reaches open sockets
	// here: every socket's session is checked again and every document it joined is resolved
	// again; a socket whose session ended is disconnected, a document whose access changed is
	// closed for that socket (`closed` with reason `access_changed`) so the client joins again and
	// gets what the resolver now says (read-only, or `not_found`). Triggered by the app after
	// changes (`recheckAccessSoon`) and by resolvers' and sessions' own expiry times.

	let recheckTimer: NodeJS.Timeout | null = null
	let recheckRunning: Promise<void> | null = null
	let recheckAgain = false
	let timedRecheck: { at: number; timer: NodeJS.Timeout } | null = null
	/** Longest delay a Node timer takes (about 24.8 days); later times are scheduled in steps. */
	const MAX_TIMER_MS = 2 ** 31 - 1

	function recheckAccessSoon(delayMs = RECHECK_DEBOUNCE_MS) {
		if (closing) return
		if (recheckRunning) {
			recheckAgain = true
			return
		}
		if (recheckTimer) return
		recheckTimer = setTimeout(() => {
			recheckTimer = null
			void runRecheck()
		}, delayMs)
		recheckTimer.unref()
	}

	function runRecheck() {
		recheckRunning = recheckAccess()
			.catch((error: unknown) => logger.error({ err: error }, 'realtime access re-check failed'))
			.finally(() => {
				recheckRunning = null
				if (recheckAgain) {
					recheckAgain = false
					recheckAccessSoon(0)
				}
			})
		return recheckRunning
	}

	/** Makes sure access is checked again at `at` (the earliest such time wins). */
	function scheduleRecheck(at: Date | null) {
		if (!at || closing) return
		const time = at.getTime()
		if (timedRecheck && timedRecheck.at <= time) return
		if (timedRecheck) clearTimeout(timedRecheck.timer)
		const delay = Math.max(0, Math.min(time - Date.now(), MAX_TIMER_MS))
		const timer = setTimeout(() => {
			timedRecheck = null
			if (time <= Date.now()) recheckAccessSoon(0)
			else scheduleRecheck(new Date(time))
		}, delay)
		timer.unref()
		timedRecheck = { at: time, timer }
	}

	async function recheckAccess() {
		accessEpoch++
		const sessions = new Map<string, ReturnType<typeof authenticator.check>>()
		const decided = new Map<string, Promise<ResolvedAccess>>()
		for (const connection of [...connections]) {
			if (connection.closed) continue
			let session = sessions.get(connection.sessionToken)
			if (session === undefined) {
				session = authenticator.check(connection.sessionToken)
				sessions.set(connection.sessionToken, session)
				scheduleRecheck(session?.expiresAt ?? null)
			}
			if (!session) {
				endConnection(connection)
				continue
			}
			connection.user = session.user
			for (const [docName, document] of [...connection.documents]) {
				const name = parseDocumentName(docName)
				if (!name) continue
				// People often have one document open in several tabs: decide once per user.
				const key = `${session.user.id}\u0000${docName}`
				let pending = decided.get(key)
				if (!pending) {
					pending = kinds.resolve(session.user, name)
					decided.set(key, pending)
				}
				const { access, recheckAt } = await pending
				scheduleRecheck(recheckAt)
				if (connection.closed || connection.documents.get(docName) !== document) continue
				const now = document.isReadOnly(connection) ? 'read' : 'write'
				if (access !== now) connection.leaveDocument(document, 'access_changed')
			}
		}
	}

	/** The socket's session ended: it leaves every document and is disconnected. */
	function endConnection(connection: Connection) {
		logger.info({ userId: connection.user.id }, 'realtime session ended: socket closed')
		for (const document of [...connection.documents.values()])
			connection.leaveDocument(document, 'unauthorized')
		connection.closed = true
		connection.socket.disconnect(true)
	}

	return {
		registry,
		get connectionCount() {
			return connections.size
		},
		/**
		 * Re-checks every open socket's session and access soon (debounced; concurrent calls are
		 * merged). Call after anything that may change who may read or write a document.
		 */
		recheckAccessSoon,
		/** Runs every loaded document's idle hook (periodically while people edit). */
		idleHooks() {
			for (const docName of registry.names()) {
				const parsed = parseDocumentName(docName)
				if (parsed) runHook('idle', docName, () => kinds.idle(parsed))
			}
		},
		/** Re-checks now and resolves when done (tests, and callers that must wait). */
		recheckAccess: () => {
			if (recheckTimer) clearTimeout(recheckTimer)
			recheckTimer = null
			return recheckRunning ? recheckRunning.then(() => runRecheck()) : runRecheck()
		},
		/** Refuses new sockets, disconnects the current ones, then flushes every document. */
		async close() {
			closing = true
			if (recheckTimer) clearTimeout(recheckTimer)
			if (timedRecheck) clearTimeout(timedRecheck.timer)
			namespace.disconnectSockets(true)
			await registry.close()
		},
	}
}

export type RealtimeEngine = ReturnType<typeof attachRealtimeEngine>
