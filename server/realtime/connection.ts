import type { IncomingHttpHeaders } from 'node:http'
import { isIP } from 'node:net'
import type { Socket } from 'socket.io'
import type { RealtimeLimits } from './config.ts'
import type { Document } from './document.ts'
import type { RealtimeUser } from './kinds.ts'
import {
	type ClosedNotice,
	type CloseReason,
	CONNECT_ERROR_TOO_MANY_CONNECTIONS,
	RealtimeEvent,
} from './protocol.ts'

/**
 * A token bucket: `capacity` tokens, refilled continuously at `perSecond`. `take(n)` spends n
 * tokens or refuses without spending any.
 */
export class TokenBucket {
	private tokens: number
	private updatedAt: number

	constructor(
		private readonly capacity: number,
		private readonly perSecond: number,
		private readonly now: () => number = () => performance.now(),
	) {
		this.tokens = capacity
		this.updatedAt = now()
	}

	take(amount: number) {
		this.refill()
		if (amount > this.tokens) return false
		this.tokens -= amount
		return true
	}

	/**
	 * For costs known only afterwards (the size of a sync answer): true while the bucket is not
	 * in debt. `charge` then spends the real cost, which may leave it in debt.
	 */
	hasCredit() {
		this.refill()
		return this.tokens > 0
	}

	charge(amount: number) {
		this.refill()
		this.tokens -= amount
	}

	private refill() {
		const now = this.now()
		this.tokens = Math.min(
			this.capacity,
			this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond,
		)
		this.updatedAt = now
	}
}

/** What socket.io hands engine.io: a string, or binary in one of its forms. */
function packetBytes(data: unknown) {
	if (typeof data === 'string') return data.length
	if (data instanceof ArrayBuffer) return data.byteLength
	if (ArrayBuffer.isView(data)) return data.byteLength
	return 0
}

/** The engine.io internals read for backpressure (not in its public types). */
type EngineConnection = {
	on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void
	on(event: 'flush', listener: () => void): void
	transport?: { socket?: { bufferedAmount?: unknown } }
}

/** Per-socket state: who it is, the documents it joined and its rate limit. */
export class Connection {
	readonly documents = new Map<string, Document>()
	/** Names being joined right now (counted against the per-socket document limit). */
	readonly joining = new Set<string>()
	closed = false
	private refusals = 0
	private readonly messages: TokenBucket
	private readonly bytes: TokenBucket
	/** Bytes of sync answers this socket may still be sent (see `syncBytesPerSecond`). */
	readonly syncBudget: TokenBucket
	/** The same for all sockets of this user (set when the handshake is admitted). */
	userSyncBudget: TokenBucket | null = null
	/** Bytes socket.io queued in engine.io that were not handed to the transport yet. */
	private queuedBytes = 0
	/**
	 * Sync answers computed for this socket and not emitted yet (they wait for commits): many
	 * requests arriving in one read are all decided before the first answer is written.
	 */
	answeringBytes = 0

	constructor(
		readonly socket: Socket,
		public user: RealtimeUser,
		/** Kept to re-validate the session on every join (sessions can be revoked). */
		readonly sessionToken: string,
		limits: RealtimeLimits,
	) {
		this.messages = new TokenBucket(limits.messageBurst, limits.messagesPerSecond)
		this.bytes = new TokenBucket(limits.byteBurst, limits.bytesPerSecond)
		this.syncBudget = new TokenBucket(limits.syncByteBurst, limits.syncBytesPerSecond)
		// engine.io queues packets while the transport is busy writing and hands them all over at
		// once when it is free: count them in between (see `bufferedBytes`).
		const engine = socket.conn as unknown as EngineConnection | undefined
		engine?.on('packetCreate', (packet) => {
			this.queuedBytes += packetBytes(packet.data)
		})
		engine?.on('flush', () => {
			this.queuedBytes = 0
		})
	}

	get id() {
		return this.socket.id
	}

	/**
	 * Bytes written to this socket that the client has not taken yet: engine.io's queue plus the
	 * WebSocket's own buffer (what the kernel would not take). A reader that stops reading makes
	 * this grow; see `maxBufferedBytesPerConnection`.
	 */
	get bufferedBytes() {
		const engine = this.socket.conn as unknown as EngineConnection | undefined
		const buffered = engine?.transport?.socket?.bufferedAmount
		return this.queuedBytes + this.answeringBytes + (typeof buffered === 'number' ? buffered : 0)
	}

	/** Drops this socket from `document` and tells the client why; it may join again. */
	leaveDocument(document: Document, reason: CloseReason) {
		const name = document.documentName
		if (this.documents.get(name) === document) this.documents.delete(name)
		void this.socket.leave(name)
		document.removeConnection(this)
		const notice: ClosedNotice = { reason }
		this.socket.emit(RealtimeEvent.closed, name, notice)
	}

	/** Spends one message and `bytes` payload bytes from the rate limit. */
	allow(bytes: number) {
		if (!this.messages.take(1)) return false
		if (bytes > 0 && !this.bytes.take(bytes)) return false
		return true
	}

	/** True for the refusals worth a log line: the first ten, then every hundredth. */
	shouldLogRefusal() {
		this.refusals++
		return this.refusals <= 10 || this.refusals % 100 === 0
	}
}

// ---------------------------------------------------------------------------------------------
// Sockets per user and per address

const LOOPBACK = /^(?:127\.|::1$|::ffff:127\.)/

/**
 * The client's address: the peer's, or, when the peer is a proxy on this machine, the last
 * address in `X-Forwarded-For` that is not one (the rule of Express's `trust proxy: loopback`,
 * which the app server uses for its own throttling).
 */
export function clientAddress(handshake: { address: string; headers: IncomingHttpHeaders }) {
	let address = handshake.address
	const forwarded = handshake.headers['x-forwarded-for']
	if (!LOOPBACK.test(address) || typeof forwarded !== 'string') return address
	const hops = forwarded.split(',').map((hop) => hop.trim())
	while (hops.length > 0 && LOOPBACK.test(address)) {
		const hop = hops.pop()!
		if (!isIP(hop)) break
		address = hop
	}
	return address
}

/**
 * Counts open sockets per user and per address (see `maxConnectionsPerUser` and
 * `maxConnectionsPerAddress`) and keeps each user's shared sync budget while they have sockets.
 */
export class ConnectionAdmission {
	private readonly users = new Map<string, { sockets: number; syncBudget: TokenBucket }>()
	private readonly addresses = new Map<string, number>()

	constructor(private readonly limits: RealtimeLimits) {}

	/**
	 * Admits a socket at its handshake, or answers the `connect_error` message to refuse it with.
	 * An admitted socket is counted until it disconnects.
	 */
	admit(connection: Connection): typeof CONNECT_ERROR_TOO_MANY_CONNECTIONS | null {
		const userId = connection.user.id
		const address = clientAddress(connection.socket.handshake)
		const user = this.users.get(userId)
		const fromAddress = this.addresses.get(address) ?? 0
		if ((user?.sockets ?? 0) >= this.limits.maxConnectionsPerUser) {
			return CONNECT_ERROR_TOO_MANY_CONNECTIONS
		}
		if (fromAddress >= this.limits.maxConnectionsPerAddress) {
			return CONNECT_ERROR_TOO_MANY_CONNECTIONS
		}
		const entry = user ?? {
			sockets: 0,
			syncBudget: new TokenBucket(
				this.limits.userSyncByteBurst,
				this.limits.userSyncBytesPerSecond,
			),
		}
		entry.sockets++
		this.users.set(userId, entry)
		this.addresses.set(address, fromAddress + 1)
		connection.userSyncBudget = entry.syncBudget
		let released = false
		const release = () => {
			if (released) return
			released = true
			if (--entry.sockets === 0 && this.users.get(userId) === entry) this.users.delete(userId)
			const left = (this.addresses.get(address) ?? 1) - 1
			if (left > 0) this.addresses.set(address, left)
			else this.addresses.delete(address)
		}
		// A socket whose transport closes before it is connected never sees `disconnect`.
		connection.socket.once('disconnect', release)
		connection.socket.conn.once('close', release)
		return null
	}

	/** Open sockets of one user (tests, diagnostics). */
	socketsOf(userId: string) {
		return this.users.get(userId)?.sockets ?? 0
	}
}
