import type { Logger } from 'pino'
import {
	applyAwarenessUpdate,
	Awareness,
	encodeAwarenessUpdate,
	removeAwarenessStates,
} from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { RealtimeLimits } from './config.ts'
import type { Connection } from './connection.ts'
import { RefusedError } from './errors.ts'
import {
	type AwarenessEntry,
	decodeAwarenessUpdate,
	encodeAwareness,
	encodeAwarenessEntries,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
} from './protocol.ts'
import { applyStored, type LoadedDocument, type RealtimeStorage } from './storage.ts'
import { StoredLog } from './stored-log.ts'

/**
 * Why a Yjs transaction happened. Only changes the engine has not stored yet are stored:
 * `storage` (loaded from the database) and `replica` (stored by another instance, relayed by an
 * adapter) never are; `client` updates are stored by `applyClientUpdate` itself before they are
 * acknowledged or broadcast. Any other origin is a change made on this server (a future
 * "restore version", say) and is stored and broadcast like a client's.
 */
export type TransactionOrigin =
	| { readonly source: 'storage' }
	| { readonly source: 'replica' }
	| { readonly source: 'client'; readonly connection: Connection }

/** Authors of one broadcast batch who get a copy without their own changes (see flushBroadcast). */
const MAX_PERSONAL_COPIES = 4

/** A snapshot whose decoding was deferred is decoded at the latest this long after loading. */
const DEFERRED_DECODE_MS = 50

export const STORAGE_ORIGIN: TransactionOrigin = Object.freeze({ source: 'storage' })
export const REPLICA_ORIGIN: TransactionOrigin = Object.freeze({ source: 'replica' })

function isTransactionOrigin(origin: unknown): origin is TransactionOrigin {
	if (typeof origin !== 'object' || origin === null || !('source' in origin)) return false
	return origin.source === 'storage' || origin.source === 'replica' || origin.source === 'client'
}

/** What a document needs from its surroundings (the registry and the engine provide it). */
export type DocumentContext = {
	storage: RealtimeStorage
	logger: Logger
	limits: RealtimeLimits
	/** Sends `payload` as a `y` message to every socket in the document but `except`. */
	broadcast(document: Document, payload: Uint8Array, except?: Connection | Connection[]): void
	/** Sends `payload` as a `y` message to one socket. */
	send(document: Document, connection: Connection, payload: Uint8Array): void
	/** The last connection left. */
	onIdle(document: Document): void
	/** The document dropped these connections after a failure; it must be forgotten. */
	onReset(document: Document, connections: Connection[]): void
	/** A change (a client's or one made on this server) was committed and broadcast. */
	onCommitted?(document: Document): void
}

type Member = { readOnly: boolean; awarenessIds: Set<number> }

/**
 * One live document: a Y.Doc that owns its connections, their awareness, the chain of pending
 * commits and the compaction counters.
 *
 * A change is applied to memory at once (synchronously, so messages never interleave inside it)
 * and handed to storage in the same tick; it is broadcast and acknowledged only after its commit,
 * in the order the changes were applied. Storage may batch commits (the SQLite one does), so
 * many changes share one fsync without any of them being announced early. Nobody is sent
 * content that is not committed yet: sync answers wait for the commits they include.
 */
export class Document extends Y.Doc {
	readonly awareness: Awareness
	/** Id of the last update this instance stored or loaded. */
	lastUpdateId = 0
	updatesSinceSnapshot = 0
	bytesSinceSnapshot = 0
	/** Set once the document was reset or unloaded; it accepts nothing more. */
	closed = false
	private readonly members = new Map<Connection, Member>()
	private readonly awarenessOwners = new Map<number, Connection>()
	/** Settles after the last handed-over change is committed and broadcast; never rejects. */
	private committed: Promise<void> = Promise.resolve()
	private uncommitted = 0
	private captured: Uint8Array | null = null
	/**
	 * The whole document encoded, for clients that have nothing yet (an empty state vector): a
	 * reconnect storm encodes it once. Dropped on every change; right after a load from a
	 * snapshot alone it is the snapshot itself.
	 */
	private encodedState: Uint8Array | null = null
	/** Committed changes not broadcast yet, and who made them (see `flushBroadcast`). */
	private outgoing: Array<{ update: Uint8Array; from: Connection | undefined }> = []
	private broadcastScheduled = false
	private lastBroadcastAt = -Infinity
	/** Awareness client ids changed since the last awareness broadcast, and by whom. */
	private awarenessChanged = new Map<number, Connection | undefined>()
	private awarenessTimer: NodeJS.Timeout | null = null
	private compactionTimer: NodeJS.Timeout | null = null
	private compaction: Promise<void> | null = null
	/**
	 * A stored snapshot not decoded into this Y.Doc yet, with its state vector (see applyLoaded).
	 * While it is set the Y.Doc itself is empty: everything that reads or changes the content
	 * calls `decodeDeferred` first.
	 */
	private deferred: { state: Uint8Array; stateVector: Uint8Array } | null = null
	private deferredTimer: NodeJS.Timeout | null = null

	constructor(
		readonly documentName: string,
		private readonly context: DocumentContext,
	) {
		// Deleted content is kept (no garbage collection): version history compares and restores
		// snapshots, and "who wrote what" renders from them; both need the deleted items.
		super({ gc: false })
		this.awareness = new Awareness(this)
		// The server has no presence of its own.
		this.awareness.setLocalState(null)
		this.on('update', this.handleUpdate)
		this.awareness.on('update', this.handleAwarenessUpdate)
	}

	/**
	 * Takes over what storage loaded. A snapshot stored alone with its state vector is not
	 * decoded yet: the first clients are greeted and answered from its bytes as they are (a
	 * client with nothing gets exactly them), and it is decoded right after the first answer
	 * or `DEFERRED_DECODE_MS` after loading, whichever comes first, or as soon as anything needs
	 * the content. Anything else is applied now, in one transaction (see applyStored).
	 */
	applyLoaded(loaded: LoadedDocument) {
		this.lastUpdateId = loaded.lastUpdateId
		this.updatesSinceSnapshot = loaded.updatesSinceSnapshot
		this.bytesSinceSnapshot = loaded.bytesSinceSnapshot
		const { snapshot } = loaded.stored
		if (snapshot && loaded.stored.length === 1 && loaded.snapshotStateVector) {
			this.deferred = { state: snapshot, stateVector: loaded.snapshotStateVector }
			this.encodedState = snapshot
			this.deferredTimer = setTimeout(this.decodeDeferred, DEFERRED_DECODE_MS)
			this.deferredTimer.unref()
		} else {
			this.applyRows(loaded.stored)
			// Whoever made us load is about to ask for everything: encode it while their sync
			// step 1 is on its way, not after it arrived.
			if (this.encodedState === null && loaded.stored.length > 0)
				setImmediate(this.encodeWholeState)
		}
		if (this.isOverCompactionThreshold()) this.scheduleCompaction()
	}

	private encodeWholeState = () => {
		if (!this.closed && !this.deferred) this.encodedState ??= Y.encodeStateAsUpdate(this)
	}

	/** Decodes a deferred snapshot (see applyLoaded); nothing to do when there is none. */
	decodeDeferred = () => {
		const deferred = this.deferred
		if (!deferred) return
		this.deferred = null
		if (this.deferredTimer) clearTimeout(this.deferredTimer)
		this.deferredTimer = null
		if (!this.closed) this.applyRows(StoredLog.of([{ id: 0, bytes: deferred.state }]))
	}

	/** Every change to the content, including ones made on the server, sees the whole document. */
	override transact<T>(change: (transaction: Y.Transaction) => T, origin?: unknown): T {
		this.decodeDeferred()
		return super.transact(change, origin)
	}

	/**
	 * Applies stored rows in one transaction; never stored again (typed origin). Runs while
	 * nothing listens to the document, so Yjs does not encode the whole loaded state as an
	 * `update` event nobody needs.
	 */
	private applyRows(rows: StoredLog) {
		this.off('update', this.handleUpdate)
		let readable = true
		try {
			applyStored(this, rows, STORAGE_ORIGIN, (row, error) => {
				readable = false
				this.context.logger.error(
					{ err: error, doc: this.documentName, updateId: row.id || undefined },
					'unreadable Yjs update skipped',
				)
			})
		} finally {
			this.on('update', this.handleUpdate)
		}
		if (this.store.pendingStructs || this.store.pendingDs) {
			this.context.logger.warn(
				{ doc: this.documentName },
				'stored document has updates with missing dependencies; ignoring them',
			)
			this.store.pendingStructs = null
			this.store.pendingDs = null
		} else if (rows.length === 1 && readable) {
			this.encodedState = rows.rows()[0]!.bytes
		} else {
			this.encodedState = null
		}
	}

	// --- connections ---------------------------------------------------------------------------

	get connectionCount() {
		return this.members.size
	}

	/** True while changes await their commit or a compaction runs: do not unload. */
	get busy() {
		return this.uncommitted > 0 || this.compaction !== null
	}

	isReadOnly(connection: Connection) {
		return this.members.get(connection)?.readOnly ?? true
	}

	addConnection(connection: Connection, readOnly: boolean) {
		const member = this.members.get(connection)
		if (member) member.readOnly = readOnly
		else this.members.set(connection, { readOnly, awarenessIds: new Set() })
	}

	/** Removes the connection and its awareness states (the removal is broadcast). */
	removeConnection(connection: Connection) {
		const member = this.members.get(connection)
		if (!member) return
		this.members.delete(connection)
		if (member.awarenessIds.size > 0)
			removeAwarenessStates(this.awareness, [...member.awarenessIds], 'leave')
		if (this.members.size === 0 && !this.closed) this.context.onIdle(this)
	}

	// --- sync ----------------------------------------------------------------------------------

	syncStep1() {
		if (this.deferred) return encodeSyncStep1(this.deferred.stateVector)
		return encodeSyncStep1(Y.encodeStateVector(this))
	}

	/**
	 * The answer to a client's sync step 1, resolved once everything in it is committed. Rejects
	 * with RefusedError('malformed') for an unreadable state vector.
	 */
	async syncStep2For(stateVector: Uint8Array) {
		let empty: boolean
		try {
			empty = Y.decodeStateVector(stateVector).size === 0
		} catch {
			throw new RefusedError('malformed', 'unreadable state vector')
		}
		let reply: Uint8Array
		if (empty && this.deferred) {
			reply = encodeSyncStep2(this.deferred.state)
			// Answered from the stored bytes; decode them once this reply is on its way.
			setImmediate(this.decodeDeferred)
		} else {
			this.decodeDeferred()
			if (empty) {
				this.encodedState ??= Y.encodeStateAsUpdate(this)
				reply = encodeSyncStep2(this.encodedState)
			} else {
				reply = encodeSyncStep2(Y.encodeStateAsUpdate(this, stateVector))
			}
		}
		await this.committed
		return reply
	}

	/**
	 * Applies a client's sync step 2 or update. Resolves once the change is committed and
	 * broadcast (at once if it changed nothing, after earlier commits); rejects with RefusedError.
	 */
	applyClientUpdate(connection: Connection, update: Uint8Array): Promise<void> {
		if (this.closed || !this.members.has(connection))
			return Promise.reject(new RefusedError('not_joined'))
		if (this.isReadOnly(connection)) return Promise.reject(new RefusedError('read_only'))
		// Cheap structural check first: garbage never reaches the live document.
		let decoded: ReturnType<typeof Y.decodeUpdate>
		try {
			decoded = Y.decodeUpdate(update)
		} catch {
			return Promise.reject(new RefusedError('malformed', 'unreadable update'))
		}
		// An empty update (a client with nothing new answering the server's sync step 1) changes
		// nothing; it must not make a deferred snapshot decode ahead of the answers being sent.
		if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return this.committed
		this.decodeDeferred()
		this.captured = null
		try {
			Y.applyUpdate(this, update, { source: 'client', connection } satisfies TransactionOrigin)
		} catch (error) {
			// Yjs may have integrated part of it: memory can no longer be trusted, storage can.
			this.captured = null
			this.context.logger.warn(
				{ err: error, doc: this.documentName, userId: connection.user.id },
				'Yjs could not apply an update; reloading the document',
			)
			this.reset()
			return Promise.reject(new RefusedError('malformed', 'update could not be applied'))
		}
		// Only what Yjs actually integrated is stored, re-encoded by Yjs itself: never the
		// client's bytes, never a duplicate of what the document already had.
		const effective = this.captured as Uint8Array | null
		this.captured = null
		// Structs or deletions that depend on changes the server has not got stay out of the
		// document (and out of storage); the client re-sends them through a sync.
		const outOfSync = this.store.pendingStructs !== null || this.store.pendingDs !== null
		if (outOfSync) {
			this.store.pendingStructs = null
			this.store.pendingDs = null
		}
		const stored = effective
			? this.persist(effective, connection.user.id, connection)
			: this.committed
		return outOfSync ? stored.then(() => Promise.reject(new RefusedError('out_of_sync'))) : stored
	}

	// --- awareness -----------------------------------------------------------------------------

	/** All current awareness states as one message, or null when nobody is present. */
	awarenessMessage() {
		if (this.awareness.states.size === 0) return null
		return encodeAwareness(encodeAwarenessUpdate(this.awareness, [...this.awareness.states.keys()]))
	}

	/**
	 * Applies a client's awareness update, keeping only entries it may set: client ids it
	 * controls, new ids up to the per-connection limit, and ids of the same user's other
	 * connections (a reconnected tab). Throws MalformedMessageError for a bad update.
	 */
	applyAwareness(connection: Connection, update: Uint8Array) {
		const member = this.members.get(connection)
		if (!member || this.closed) throw new RefusedError('not_joined')
		const { maxAwarenessEntries: maxEntries, maxAwarenessStateBytes: maxStateBytes } =
			this.context.limits
		const entries = decodeAwarenessUpdate(update, { maxEntries, maxStateBytes })
		const allowed: AwarenessEntry[] = []
		let controlled = member.awarenessIds.size
		for (const entry of entries) {
			const owner = this.awarenessOwners.get(entry.clientId)
			if (owner === connection) {
				allowed.push(entry)
			} else if (owner) {
				if (owner.user.id === connection.user.id) allowed.push(entry)
			} else if (controlled < this.context.limits.maxAwarenessClientsPerConnection) {
				allowed.push(entry)
				controlled++
			}
		}
		if (allowed.length > 0)
			applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(allowed), connection)
	}

	// --- lifecycle -----------------------------------------------------------------------------

	/**
	 * Drops every connection and forgets this instance, so the next join loads the document
	 * fresh from storage. Used when memory may no longer match what is stored.
	 */
	reset() {
		if (this.closed) return
		this.closed = true
		this.cancelCompaction()
		const connections = [...this.members.keys()]
		this.members.clear()
		this.awarenessOwners.clear()
		this.context.onReset(this, connections)
		void this.settle().then(() => this.dispose())
	}

	/** Waits for pending commits, then folds the update log if anything is left in it. */
	async flush() {
		await this.settle()
		this.cancelCompaction()
		if (this.compaction) await this.compaction
		if (this.updatesSinceSnapshot > 0) await this.compact()
	}

	/** Releases memory and timers (awareness has an interval). */
	dispose() {
		this.closed = true
		this.deferred = null
		if (this.deferredTimer) clearTimeout(this.deferredTimer)
		this.deferredTimer = null
		this.cancelCompaction()
		if (this.awarenessTimer) clearTimeout(this.awarenessTimer)
		this.awarenessTimer = null
		this.awareness.off('update', this.handleAwarenessUpdate)
		this.awareness.destroy()
		this.off('update', this.handleUpdate)
		this.destroy()
	}

	// --- internals -----------------------------------------------------------------------------

	private handleUpdate = (update: Uint8Array, origin: unknown) => {
		this.encodedState = null
		if (isTransactionOrigin(origin)) {
			if (origin.source === 'client') this.captured = update
			else if (origin.source === 'replica') this.context.broadcast(this, encodeUpdate(update))
			return
		}
		// A change made on this server: store it, then tell everyone.
		this.persist(update, null, undefined).catch(() => {
			// Logged by persist; the document was reset.
		})
	}

	private handleAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown,
	) => {
		const from = this.members.has(origin as Connection) ? (origin as Connection) : undefined
		for (const clientId of removed) {
			const owner = this.awarenessOwners.get(clientId)
			this.awarenessOwners.delete(clientId)
			if (owner) this.members.get(owner)?.awarenessIds.delete(clientId)
		}
		if (from) {
			for (const clientId of [...added, ...updated]) {
				const previous = this.awarenessOwners.get(clientId)
				if (previous && previous !== from) this.members.get(previous)?.awarenessIds.delete(clientId)
				this.awarenessOwners.set(clientId, from)
				this.members.get(from)!.awarenessIds.add(clientId)
			}
		}
		if (this.closed) return
		for (const clientId of [...added, ...updated, ...removed])
			this.awarenessChanged.set(clientId, from)
		if (this.awarenessChanged.size > 0 && !this.awarenessTimer)
			this.awarenessTimer = setTimeout(this.flushAwareness, this.context.limits.awarenessBatchMs)
	}

	/**
	 * Awareness changes (cursors, mostly) are sent together every `awarenessBatchMs`: with a
	 * thousand people in a document, one message per keystroke per person to everybody would
	 * outweigh the edits themselves. Everybody gets the latest state of every client id that
	 * changed, except the connections that changed them, which get the others' changes only.
	 */
	private flushAwareness = () => {
		this.awarenessTimer = null
		const changed = this.awarenessChanged
		this.awarenessChanged = new Map()
		if (this.closed || changed.size === 0) return
		const authors = new Map<Connection, Set<number>>()
		for (const [clientId, from] of changed) {
			if (!from) continue
			const own = authors.get(from)
			if (own) own.add(clientId)
			else authors.set(from, new Set([clientId]))
		}
		const clientIds = [...changed.keys()]
		const message = (ids: number[]) => encodeAwareness(encodeAwarenessUpdate(this.awareness, ids))
		if (authors.size <= 1) {
			const [author] = authors.keys()
			const others = author ? clientIds.filter((id) => !authors.get(author)!.has(id)) : []
			this.context.broadcast(this, message(clientIds), author)
			if (author && others.length > 0 && this.members.has(author))
				this.context.send(this, author, message(others))
			return
		}
		this.context.broadcast(this, message(clientIds), [...authors.keys()])
		for (const [author, own] of authors) {
			const others = clientIds.filter((id) => !own.has(id))
			if (others.length > 0 && !author.closed && this.members.has(author))
				this.context.send(this, author, message(others))
		}
	}

	/**
	 * Hands the change to storage now (so commits keep the order of application), then, after
	 * every earlier change, waits for its commit and broadcasts it. A failed commit resets the
	 * document: memory holds a change storage does not.
	 */
	private persist(update: Uint8Array, userId: string | null, from: Connection | undefined) {
		const appended = this.context.storage.appendUpdate(this.documentName, update, userId)
		// Observed at once so a rejection waiting behind earlier commits is never "unhandled".
		appended.catch(() => undefined)
		this.uncommitted++
		const done = this.committed.then(async () => {
			let id: number
			try {
				id = await appended
			} catch (error) {
				this.context.logger.error(
					{ err: error, doc: this.documentName },
					'could not store a Yjs update; reloading the document',
				)
				this.reset()
				throw new RefusedError('internal', 'update not stored')
			} finally {
				this.uncommitted--
			}
			this.lastUpdateId = Math.max(this.lastUpdateId, id)
			this.updatesSinceSnapshot++
			this.bytesSinceSnapshot += update.byteLength
			if (!this.closed) this.queueBroadcast(update, from)
			if (this.isOverCompactionThreshold()) this.scheduleCompaction()
			if (!this.closed) this.notifyCommitted()
		})
		this.committed = done.catch(() => undefined)
		return done
	}

	/**
	 * Committed changes are broadcast together once the commits of this turn have settled: the
	 * storage commits every change handed to it in one event-loop turn at once, so a busy document
	 * sends one merged update per commit batch instead of one message per change to every socket.
	 * A document with many connections also broadcasts at most every few milliseconds (see
	 * `fanOutMicrosPerConnection`), since every message costs a write to each of its sockets.
	 */
	private queueBroadcast(update: Uint8Array, from: Connection | undefined) {
		this.outgoing.push({ update, from })
		if (this.broadcastScheduled) return
		this.broadcastScheduled = true
		this.scheduleBroadcast()
	}

	/**
	 * Flushes as soon as the interval since the last broadcast has passed. Node's timers count
	 * from the event loop's cached clock and may fire a millisecond early, so a timer only
	 * looks again.
	 */
	private scheduleBroadcast = () => {
		const { fanOutMicrosPerConnection, fanOutMaxIntervalMs } = this.context.limits
		const interval = Math.min(
			fanOutMaxIntervalMs,
			(this.members.size * fanOutMicrosPerConnection) / 1000,
		)
		const wait = this.lastBroadcastAt + interval - performance.now()
		if (wait <= 0) setImmediate(this.flushBroadcast)
		else setTimeout(this.scheduleBroadcast, Math.ceil(wait))
	}

	/**
	 * One merged update to everybody who made none of the batch's changes; each author gets the
	 * batch without the structs it made itself (its own deletions may be repeated: they change
	 * nothing). Merging is cheap (one pass); per-author copies are one `diffUpdate` each, so a
	 * batch from more than `MAX_PERSONAL_COPIES` authors goes to everybody as it is (applying
	 * one's own change again changes nothing).
	 */
	private flushBroadcast = () => {
		this.broadcastScheduled = false
		this.lastBroadcastAt = performance.now()
		const batch = this.outgoing
		this.outgoing = []
		if (this.closed || batch.length === 0) return
		if (batch.length === 1) {
			this.context.broadcast(this, encodeUpdate(batch[0]!.update), batch[0]!.from)
			return
		}
		const merged = Y.mergeUpdates(batch.map((entry) => entry.update))
		const authors = new Map<Connection, Uint8Array[]>()
		for (const { update, from } of batch) {
			if (!from) continue
			const own = authors.get(from)
			if (own) own.push(update)
			else authors.set(from, [update])
		}
		if (authors.size > MAX_PERSONAL_COPIES) {
			// Per-author copies cost a pass over the batch each: too many for a big batch.
			this.context.broadcast(this, encodeUpdate(merged))
			return
		}
		const [onlyAuthor] = authors.keys()
		this.context.broadcast(
			this,
			encodeUpdate(merged),
			authors.size === 1 ? onlyAuthor : [...authors.keys()],
		)
		for (const [author, own] of authors) {
			// A batch made only of the author's own changes has nothing new for it.
			if (own.length === batch.length || author.closed || !this.members.has(author)) continue
			// What the author is known to have: the structs it sent (clocks are contiguous per client).
			const known = new Map<number, number>()
			for (const update of own)
				for (const [client, clock] of Y.parseUpdateMeta(update).to)
					known.set(client, Math.max(known.get(client) ?? 0, clock))
			const others = Y.diffUpdate(merged, Y.encodeStateVector(known))
			this.context.send(this, author, encodeUpdate(others))
		}
	}

	/** A failing listener must not turn a stored change into a refusal. */
	private notifyCommitted() {
		try {
			this.context.onCommitted?.(this)
		} catch (error) {
			this.context.logger.error({ err: error, doc: this.documentName }, 'onCommitted failed')
		}
	}

	private async settle() {
		while (this.uncommitted > 0) await this.committed
	}

	private isOverCompactionThreshold() {
		const { compactAfterUpdates, compactAfterBytes } = this.context.limits
		return (
			this.updatesSinceSnapshot >= compactAfterUpdates ||
			this.bytesSinceSnapshot >= compactAfterBytes
		)
	}

	private scheduleCompaction() {
		if (this.closed || this.compactionTimer || this.compaction) return
		this.compactionTimer = setTimeout(() => {
			this.compactionTimer = null
			void this.compact()
		}, this.context.limits.compactDelayMs)
		this.compactionTimer.unref()
	}

	private cancelCompaction() {
		if (this.compactionTimer) clearTimeout(this.compactionTimer)
		this.compactionTimer = null
	}

	/**
	 * Folds the log into the snapshot in the background. A failure is logged; the next stored
	 * update schedules another attempt.
	 */
	compact(): Promise<void> {
		if (this.compaction) return this.compaction
		const run = this.runCompaction().then((succeeded) => {
			this.compaction = null
			if (succeeded && this.isOverCompactionThreshold()) this.scheduleCompaction()
		})
		this.compaction = run
		return run
	}

	private async runCompaction() {
		try {
			const result = await this.context.storage.compact(this.documentName)
			// null: nothing to fold, or another process folded first (its snapshot has it all).
			this.updatesSinceSnapshot = result?.remainingUpdates ?? 0
			this.bytesSinceSnapshot = result?.remainingBytes ?? 0
			if (result)
				this.context.logger.debug(
					{ doc: this.documentName, ...result },
					'realtime document compacted',
				)
			return result !== null
		} catch (error) {
			this.context.logger.error({ err: error, doc: this.documentName }, 'compaction failed')
			return false
		}
	}
}
