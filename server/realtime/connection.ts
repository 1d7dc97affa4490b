import type { Socket } from 'socket.io'
import type { SessionUser } from '#app/auth/session.server.ts'
import type { RealtimeLimits } from './config.ts'
import type { Document } from './document.ts'

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
		const now = this.now()
		this.tokens = Math.min(
			this.capacity,
			this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond,
		)
		this.updatedAt = now
		if (amount > this.tokens) return false
		this.tokens -= amount
		return true
	}
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

	constructor(
		readonly socket: Socket,
		public user: SessionUser,
		/** Kept to re-validate the session on every join (sessions can be revoked). */
		readonly sessionToken: string,
		limits: RealtimeLimits,
	) {
		this.messages = new TokenBucket(limits.messageBurst, limits.messagesPerSecond)
		this.bytes = new TokenBucket(limits.byteBurst, limits.bytesPerSecond)
	}

	get id() {
		return this.socket.id
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
