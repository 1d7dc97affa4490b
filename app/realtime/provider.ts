import { io, type Socket } from 'socket.io-client'
import {
	applyAwarenessUpdate,
	type Awareness,
	encodeAwarenessUpdate,
	removeAwarenessStates,
} from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
	type ClientToServerEvents,
	type CloseReason,
	CONNECT_ERROR_TOO_MANY_CONNECTIONS,
	CONNECT_ERROR_UNAUTHORIZED,
	decodeMessage,
	encodeAwareness,
	encodeSyncStep1,
	encodeSyncStep2,
	type JoinReply,
	type MessageAck,
	REALTIME_NAMESPACE,
	type ServerToClientEvents,
	toUint8Array,
} from '#server/realtime/protocol.ts'
import { Outbox } from './outbox.ts'
import {
	type DocEvent,
	type DocState,
	type DocStatus,
	docStatus,
	initialDocState,
	isFatalJoinError,
	reduceDocState,
} from './status.ts'

/** An unanswered join or message this long means the connection is stuck: join again. */
const ACK_TIMEOUT_MS = 15_000
/** Waits before re-sending after `rate_limited` or re-joining after a transient refusal. */
const RETRY_DELAYS_MS = [500, 1000, 2000, 5000, 10_000]
/** Cursor moves are sent at most this often (the server allows ~60 messages a second). */
const AWARENESS_THROTTLE_MS = 100
/** After `too_many_connections` (other tabs hold the user's sockets) the page tries again this late. */
const TOO_MANY_CONNECTIONS_RETRY_MS = 15_000
/** With no document open the socket closes after this long. */
const IDLE_DISCONNECT_MS = 5000
/** How long opening waits for the browser's stored copy before connecting anyway. */
const LOCAL_COPY_TIMEOUT_MS = 3000

/**
 * Transaction origin of changes that came from the server. Everything else that changes a
 * document is local and is sent; these never are (no echo).
 */
export const REMOTE_ORIGIN = Symbol('realtime-remote')

export type DocumentHandle = {
	readonly name: string
	readonly doc: Y.Doc
	readonly awareness: Awareness
	getState(): DocState
	getStatus(): DocStatus
	/** Called on every state change; returns the unsubscribe function. */
	subscribe(listener: (state: DocState) => void): () => void
	/** Resolves once connected, synced and every local change is stored. */
	whenSaved(): Promise<void>
	close(): void
}

export type OpenOptions = {
	/**
	 * Keeps a copy in the browser (IndexedDB) under this name, so that changes made offline
	 * survive a closed tab and are sent on the next visit. Name it per user and document.
	 */
	localCopyName?: string
}

type TypedSocket = Socket<ServerToClientEvents, ClientToServerEvents>

function retryDelay(attempt: number) {
	return RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!
}

/**
 * One shared socket for the page carrying every open document (`openDocument`). Reconnects on
 * its own; when the browser reports being offline it disconnects at once (instead of waiting for
 * a ping to time out) and reconnects when it is back online.
 */
export class RealtimeClient {
	readonly socket: TypedSocket
	private readonly documents = new Map<string, DocumentSession>()
	private readonly removeWindowListeners: () => void

	constructor(options: { url?: string; socketOptions?: Parameters<typeof io>[1] } = {}) {
		const url = options.url ? new URL(REALTIME_NAMESPACE, options.url).href : REALTIME_NAMESPACE
		this.socket = io(url, {
			transports: ['websocket'],
			autoConnect: false,
			...options.socketOptions,
		})
		this.socket.on('connect', () => {
			for (const session of this.documents.values()) session.onConnect()
		})
		this.socket.on('disconnect', (reason) => {
			// Emits made while disconnected would be sent before `join` on the next connection.
			this.socket.sendBuffer = []
			for (const session of this.documents.values()) session.onDisconnect()
			// The server closed the socket (e.g. access changed): come back and let join decide.
			if (reason === 'io server disconnect' && this.documents.size > 0) {
				setTimeout(() => this.connectIfNeeded(), retryDelay(1))
			}
		})
		this.socket.on('connect_error', (error) => {
			for (const session of this.documents.values()) {
				if (error.message === CONNECT_ERROR_UNAUTHORIZED) session.onUnauthorized()
				else if (error.message === CONNECT_ERROR_TOO_MANY_CONNECTIONS)
					session.onTooManyConnections()
				else session.onDisconnect()
			}
			// socket.io does not retry a refused handshake; once other tabs close, this one may.
			if (error.message === CONNECT_ERROR_TOO_MANY_CONNECTIONS)
				setTimeout(() => this.connectIfNeeded(), TOO_MANY_CONNECTIONS_RETRY_MS)
		})
		this.socket.on('y', (docName, payload) => {
			this.documents.get(docName)?.onMessage(payload)
		})
		// The server dropped a document (`reset`, `access_changed`, or `resync`: this page fell
		// behind reading and missed changes): joining again sends sync step 1 with our state
		// vector, so the answer carries exactly what was missed, and our changes go out with it.
		this.socket.on('closed', (docName, notice) => {
			this.documents.get(docName)?.onClosed(notice?.reason)
		})
		if (typeof window !== 'undefined') {
			const offline = () => this.socket.disconnect()
			const online = () => this.connectIfNeeded()
			window.addEventListener('offline', offline)
			window.addEventListener('online', online)
			this.removeWindowListeners = () => {
				window.removeEventListener('offline', offline)
				window.removeEventListener('online', online)
			}
		} else {
			this.removeWindowListeners = () => {}
		}
	}

	/**
	 * Opens a document: loads the browser's copy (if asked), then joins it on the shared socket
	 * and keeps it in sync until `close()`.
	 */
	openDocument(
		name: string,
		doc: Y.Doc,
		awareness: Awareness,
		options: OpenOptions = {},
	): DocumentHandle {
		if (this.documents.has(name)) throw new Error(`Document ${name} is already open`)
		const session = new DocumentSession(this, name, doc, awareness)
		this.documents.set(name, session)
		void session.start(options).then(() => {
			if (!this.documents.has(name)) return
			session.ready = true
			if (this.socket.connected) session.onConnect()
			else this.connectIfNeeded()
		})
		return session.handle
	}

	/** @internal */
	forget(name: string) {
		this.documents.delete(name)
		// Not at once: the goodbye messages must go out first, and the next page often opens a
		// document again straight away.
		setTimeout(() => {
			if (this.documents.size === 0) this.socket.disconnect()
		}, IDLE_DISCONNECT_MS)
	}

	/** @internal */
	connectIfNeeded() {
		if (this.documents.size === 0 || this.socket.connected || this.socket.active) return
		if (typeof navigator !== 'undefined' && navigator.onLine === false) {
			for (const session of this.documents.values()) session.onDisconnect()
			return
		}
		this.socket.connect()
	}

	/** Closes every document and the socket. */
	destroy() {
		for (const session of [...this.documents.values()]) session.handle.close()
		this.removeWindowListeners()
		this.socket.disconnect()
	}
}

/** The state of one open document on the shared socket. */
class DocumentSession {
	private state: DocState = initialDocState
	private readonly listeners = new Set<(state: DocState) => void>()
	private readonly outbox = new Outbox()
	/** Changes made before the current join; the answer to the server's sync step 1 carries them. */
	private carriedByHandshake = 0
	private awaitingServerStep1 = false
	/** Increases on every join and disconnect; late answers from an older one are ignored. */
	private epoch = 0
	private retryAttempt = 0
	/** `unavailable` refusals since the last acknowledged change: how long the next join waits. */
	private storageRetries = 0
	private retryTimer: ReturnType<typeof setTimeout> | null = null
	private awarenessTimer: ReturnType<typeof setTimeout> | null = null
	private closed = false
	/** Set once the browser's copy is loaded; only then does the document join. */
	ready = false
	private localCopy: { destroy(): Promise<void> | void; origin: unknown } | null = null
	readonly handle: DocumentHandle

	constructor(
		private readonly client: RealtimeClient,
		readonly name: string,
		readonly doc: Y.Doc,
		readonly awareness: Awareness,
	) {
		doc.on('update', this.onDocUpdate)
		awareness.on('update', this.onAwarenessUpdate)
		this.handle = {
			name,
			doc,
			awareness,
			getState: () => this.state,
			getStatus: () => docStatus(this.state),
			subscribe: (listener) => {
				this.listeners.add(listener)
				return () => this.listeners.delete(listener)
			},
			whenSaved: () => this.whenSaved(),
			close: () => this.close(),
		}
	}

	/** Loads the browser's copy first, so that offline changes go out with the first sync. */
	async start(options: OpenOptions) {
		if (!options.localCopyName || typeof indexedDB === 'undefined') return
		try {
			const { IndexeddbPersistence } = await import('y-indexeddb')
			if (this.closed) return
			const persistence = new IndexeddbPersistence(options.localCopyName, this.doc)
			this.localCopy = { destroy: () => persistence.destroy(), origin: persistence }
			await Promise.race([
				persistence.whenSynced,
				new Promise((resolve) => setTimeout(resolve, LOCAL_COPY_TIMEOUT_MS)),
			])
		} catch {
			// Private windows may refuse IndexedDB; editing still works, only without the copy.
		}
	}

	private dispatch(event: DocEvent) {
		const next = reduceDocState(this.state, event)
		if (next === this.state) return
		this.state = next
		for (const listener of this.listeners) listener(next)
	}

	private updatePending() {
		this.dispatch({ type: 'pending', pending: this.carriedByHandshake + this.outbox.pending })
	}

	private get socket() {
		return this.client.socket
	}

	private whenSaved() {
		return new Promise<void>((resolve, reject) => {
			const check = (state: DocState) => {
				if (state.error) {
					unsubscribe()
					reject(new Error(state.error))
				} else if (state.joined && state.synced && state.pending === 0) {
					unsubscribe()
					resolve()
				}
			}
			const unsubscribe = this.handle.subscribe(check)
			check(this.state)
		})
	}

	onConnect() {
		if (this.closed || !this.ready) return
		this.dispatch({ type: 'connected' })
		this.join()
	}

	onDisconnect() {
		if (this.closed) return
		this.epoch++
		this.clearRetry()
		this.awaitingServerStep1 = false
		this.outbox.retry()
		// Other people's cursors are unknown until we are back.
		const others = [...this.awareness.getStates().keys()].filter(
			(clientId) => clientId !== this.doc.clientID,
		)
		removeAwarenessStates(this.awareness, others, REMOTE_ORIGIN)
		this.dispatch({ type: 'disconnected' })
	}

	onUnauthorized() {
		if (this.closed) return
		this.onDisconnect()
		this.dispatch({ type: 'join-failed', error: 'unauthorized' })
	}

	/** Shown until a later attempt connects; local changes wait in this browser meanwhile. */
	onTooManyConnections() {
		if (this.closed) return
		this.onDisconnect()
		this.dispatch({ type: 'too-many-connections' })
	}

	/**
	 * The server dropped this document (`closed`). While it cannot store changes, joining again
	 * at once would only fail again: wait, longer each time, keeping every local change.
	 */
	onClosed(reason?: CloseReason) {
		// Shown until the join's sync step 2 has brought what was missed.
		if (reason === 'resync') this.dispatch({ type: 'resync-requested' })
		if (this.state.storageUnavailable) this.rejoinLater()
		else this.rejoin()
	}

	/** Joins (again) on the current connection and re-runs the sync handshake. */
	rejoin() {
		if (this.closed || !this.socket.connected) return
		this.dispatch({ type: 'rejoining' })
		this.join()
	}

	private join() {
		if (this.state.error) return
		const epoch = ++this.epoch
		this.clearRetry()
		this.awaitingServerStep1 = false
		// Everything not yet acknowledged goes out again in the handshake's sync step 2.
		this.carriedByHandshake += this.outbox.drain()
		this.updatePending()
		this.socket.timeout(ACK_TIMEOUT_MS).emit('join', { doc: this.name }, (error, reply) => {
			if (epoch !== this.epoch || this.closed) return
			if (error) return this.scheduleRetry(() => this.rejoin())
			this.onJoinReply(reply)
		})
	}

	private onJoinReply(reply: JoinReply) {
		if (!reply.ok) {
			this.dispatch({ type: 'join-failed', error: reply.error })
			if (!isFatalJoinError(reply.error)) this.scheduleRetry(() => this.rejoin())
			return
		}
		this.retryAttempt = 0
		this.awaitingServerStep1 = !reply.readOnly
		this.dispatch({ type: 'joined', readOnly: reply.readOnly })
		if (reply.readOnly) {
			// Nothing local can be stored; the server's copy is the truth.
			this.carriedByHandshake = 0
			this.outbox.drain()
			this.updatePending()
		}
		this.send(encodeSyncStep1(Y.encodeStateVector(this.doc)), () => {
			// Without the server's answer we would never be "synced": try the handshake again.
			this.scheduleRetry(() => this.rejoin())
		})
		this.sendLocalAwareness()
	}

	onMessage(raw: unknown) {
		if (this.closed || !this.state.joined) return
		const payload = toUint8Array(raw)
		if (!payload) return
		let message
		try {
			message = decodeMessage(payload)
		} catch {
			return
		}
		switch (message.type) {
			case 'sync-step-1': {
				if (this.state.readOnly || !this.awaitingServerStep1) return
				// Answer with everything the server lacks: this carries offline changes.
				const update = Y.encodeStateAsUpdate(this.doc, message.stateVector)
				// It counts as one change at least: the browser's copy may hold offline edits.
				const weight = Math.max(1, this.carriedByHandshake + this.outbox.drain())
				this.carriedByHandshake = 0
				this.awaitingServerStep1 = false
				this.outbox.pushFramed(encodeSyncStep2(update), weight)
				this.updatePending()
				this.flush()
				return
			}
			case 'sync-step-2':
			case 'update':
				Y.applyUpdate(this.doc, message.update, REMOTE_ORIGIN)
				if (message.type === 'sync-step-2') this.dispatch({ type: 'synced' })
				return
			case 'awareness':
				applyAwarenessUpdate(this.awareness, message.update, REMOTE_ORIGIN)
				return
		}
	}

	private onDocUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === REMOTE_ORIGIN || this.closed) return
		if (this.localCopy && origin === this.localCopy.origin) {
			// The browser's copy loaded late, after the handshake: send what it adds.
			if (!this.state.joined || this.awaitingServerStep1 || this.state.readOnly) return
		}
		if (this.state.readOnly && this.state.joined) {
			this.dispatch({ type: 'refused', error: 'read_only' })
			return
		}
		this.outbox.push(update)
		this.updatePending()
		this.flush()
	}

	private flush() {
		if (this.closed || !this.state.joined || this.awaitingServerStep1 || this.retryTimer) return
		if (this.state.error) return
		const message = this.outbox.take()
		if (!message) return
		const epoch = this.epoch
		let answered = false
		const timer = setTimeout(() => {
			answered = true
			if (epoch === this.epoch && !this.closed) this.rejoin()
		}, ACK_TIMEOUT_MS)
		this.socket.emit('y', this.name, message.payload, (ack) => {
			if (answered) return
			answered = true
			clearTimeout(timer)
			if (this.closed) return
			if (epoch === this.epoch) this.onAck(ack)
			// The server resets the document before refusing `unavailable`, so its `closed` came
			// first and a join is under way: note the failure, so the joins from now on wait.
			else if (!ack.ok && ack.error === 'unavailable') this.onStorageUnavailable()
		})
	}

	private onAck(ack: MessageAck) {
		if (ack.ok) {
			this.retryAttempt = 0
			this.storageRetries = 0
			this.outbox.acknowledge()
			this.dispatch({
				type: 'acknowledged',
				pending: this.carriedByHandshake + this.outbox.pending,
			})
			this.flush()
			return
		}
		switch (ack.error) {
			case 'rate_limited':
				this.outbox.retry()
				this.scheduleRetry(() => this.flush())
				return
			case 'not_joined':
			case 'out_of_sync':
			case 'internal':
				this.rejoin()
				return
			case 'unavailable':
				this.outbox.retry()
				this.onStorageUnavailable()
				this.rejoinLater()
				return
			default:
				// read_only, too_large, malformed, document_too_large (the document is at its size
				// limit), forbidden: the change stays in this browser only, and the page says so.
				this.outbox.retry()
				this.dispatch({ type: 'refused', error: ack.error })
		}
	}

	/** Sends a message that changes nothing (sync step 1, awareness); acknowledged at once. */
	private send(payload: Uint8Array, onRefused?: () => void) {
		const epoch = this.epoch
		this.socket.emit('y', this.name, payload, (ack) => {
			if (!ack.ok && onRefused && epoch === this.epoch && !this.closed) onRefused()
		})
	}

	private onAwarenessUpdate = (
		changes: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown,
	) => {
		if (origin === REMOTE_ORIGIN) return
		const changed = [...changes.added, ...changes.updated, ...changes.removed]
		if (!changed.includes(this.doc.clientID)) return
		if (this.awarenessTimer) return
		this.awarenessTimer = setTimeout(() => {
			this.awarenessTimer = null
			this.sendLocalAwareness()
		}, AWARENESS_THROTTLE_MS)
	}

	private sendLocalAwareness() {
		if (!this.state.joined || this.closed) return
		this.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, [this.doc.clientID])))
	}

	/** The server cannot store changes now (disk full, database read-only): keep them. */
	private onStorageUnavailable() {
		this.storageRetries++
		this.dispatch({ type: 'refused', error: 'unavailable' })
	}

	/** Leaves the document for a growing delay, then joins; the handshake re-sends every change. */
	private rejoinLater() {
		if (this.closed) return
		this.epoch++
		this.awaitingServerStep1 = false
		this.dispatch({ type: 'rejoining' })
		this.clearRetry()
		this.retryTimer = setTimeout(() => {
			this.retryTimer = null
			this.rejoin()
		}, retryDelay(this.storageRetries))
	}

	private scheduleRetry(action: () => void) {
		this.clearRetry()
		this.retryTimer = setTimeout(() => {
			this.retryTimer = null
			action()
		}, retryDelay(this.retryAttempt++))
	}

	private clearRetry() {
		if (this.retryTimer) clearTimeout(this.retryTimer)
		this.retryTimer = null
	}

	private close() {
		if (this.closed) return
		// Tell the others we left before going quiet.
		if (this.state.joined) {
			removeAwarenessStates(this.awareness, [this.doc.clientID], 'close')
			this.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, [this.doc.clientID])))
			this.socket.emit('leave', { doc: this.name })
		}
		this.closed = true
		this.clearRetry()
		if (this.awarenessTimer) clearTimeout(this.awarenessTimer)
		this.doc.off('update', this.onDocUpdate)
		this.awareness.off('update', this.onAwarenessUpdate)
		void this.localCopy?.destroy()
		this.listeners.clear()
		this.client.forget(this.name)
	}
}

let pageClient: RealtimeClient | null = null

/** The page's one realtime client (created on first use, in the browser). */
export function getRealtimeClient() {
	pageClient ??= new RealtimeClient()
	return pageClient
}

/** Opens a document on the page's shared socket. */
export function openDocument(
	name: string,
	doc: Y.Doc,
	awareness: Awareness,
	options: OpenOptions = {},
) {
	return getRealtimeClient().openDocument(name, doc, awareness, options)
}
