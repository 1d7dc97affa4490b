import type { Logger } from 'pino'
import {
	applyAwarenessUpdate,
	Awareness,
	encodeAwarenessUpdate,
	removeAwarenessStates,
} from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { RealtimeLimits } from './config.ts'
import { type Connection, TokenBucket } from './connection.ts'
import { RefusedError } from './errors.ts'
import { checkIdentityWrites, type IdentityMaps, readAttribution } from './identity.ts'
import {
	type AwarenessEntry,
	type DecodedAwarenessEntry,
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

/** A colour a client may give its presence (the app's author colours are `#rrggbb`). */
const PRESENCE_COLOUR = /^#[0-9a-fA-F]{6}$/

export const STORAGE_ORIGIN: TransactionOrigin = Object.freeze({ source: 'storage' })
export const REPLICA_ORIGIN: TransactionOrigin = Object.freeze({ source: 'replica' })

function isTransactionOrigin(origin: unknown): origin is TransactionOrigin {
	if (typeof origin !== 'object' || origin === null || !('source' in origin)) return false
	return origin.source === 'storage' || origin.source === 'replica' || origin.source === 'client'
}

/**
 * Presence says who somebody is, so the server writes it: the state's `user` becomes the
 * session user's id and name (a `#rrggbb` colour the client chose is kept; it is cosmetic);
 * everything else (cursor, selection) is relayed as sent. A state of null (gone) stays null.
 */
function stamped(entry: DecodedAwarenessEntry, connection: Connection): AwarenessEntry {
	const { clientId, clock, value } = entry
	if (value === null) return { clientId, clock, state: entry.state }
	const given = value.user
	const colour =
		typeof given === 'object' && given !== null && 'color' in given ? given.color : undefined
	const user = {
		id: connection.user.id,
		name: connection.user.name,
		...(typeof colour === 'string' && PRESENCE_COLOUR.test(colour) ? { color: colour } : {}),
	}
	return { clientId, clock, state: JSON.stringify({ ...value, user }) }
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
	/** The maps that say who somebody is (identity.ts). */
	identity: IdentityMaps
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
	/** `encodedState` framed as a sync step 2, shared by every answer until the next change. */
	private fullReply: { state: Uint8Array; message: Uint8Array } | null = null
	/**
	 * The document's size (see `maxDocumentBytes`): the encoded state when last measured (or the
	 * stored bytes after a load, `sizeMeasured` false), plus the bytes of every change since.
	 */
	private sizeBase = 0
	private sizeSince = 0
	private sizeMeasured = false
	/** Bytes of sync answers this document may still send (see `documentSyncBytesPerSecond`). */
	private readonly syncBudget: TokenBucket
	/** client id → user id from the `users` map (see identity.ts); rebuilt after it changes. */
	private attribution: Map<number, string> | null = null
	/** client id → the user whose connection first wrote with it while this instance lives. */
	private readonly clientWriters = new Map<number, string>()
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
	private deferred: {
		state: Uint8Array
		stateVector: Uint8Array
		vector?: Map<number, number>
	} | null = null
	private deferredTimer: NodeJS.Timeout | null = null

	constructor(
		readonly documentName: string,
		private readonly context: DocumentContext,
	) {
		// Deleted content is kept (no garbage collection): version history compares and restores
		// snapshots, and "who wrote what" renders from them; both need the deleted items.
		super({ gc: false })
		this.syncBudget = new TokenBucket(
			context.limits.documentSyncByteBurst,
			context.limits.documentSyncBytesPerSecond,
		)
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
		this.sizeBase = (snapshot?.byteLength ?? 0) + loaded.bytesSinceSnapshot
		this.sizeSince = 0
		this.sizeMeasured = false
		this.attribution = null
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
		this.attribution = null
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
	 * with RefusedError('malformed') for an unreadable state vector, and 'rate_limited' while the
	 * asking socket is behind on reading (`maxBufferedBytesPerConnection`) or its socket's, its
	 * user's or this document's sync budget is in debt. The answer's size is charged to all three
	 * (see `syncBytesPerSecond`): it is known only once encoded, so a budget may go into debt,
	 * and pays it off before the next answer.
	 *
	 * A client that knows nothing the server has (an empty state vector, or one naming only
	 * clients the document does not contain) gets the whole state; that answer is encoded once
	 * per document version and shared by every socket, however many ask.
	 */
	async syncStep2For(stateVector: Uint8Array, connection?: Connection) {
		let vector: Map<number, number>
		try {
			vector = Y.decodeStateVector(stateVector)
		} catch {
			throw new RefusedError('malformed', 'unreadable state vector')
		}
		if (connection) {
			if (connection.bufferedBytes > this.context.limits.maxBufferedBytesPerConnection)
				throw new RefusedError('rate_limited', 'reader behind')
			if (
				!connection.syncBudget.hasCredit() ||
				connection.userSyncBudget?.hasCredit() === false ||
				!this.syncBudget.hasCredit()
			)
				throw new RefusedError('rate_limited', 'sync budget spent')
		}
		let reply: Uint8Array
		if (this.knowsNothing(vector)) {
			if (this.deferred) {
				reply = this.fullReplyFor(this.deferred.state)
				// Answered from the stored bytes; decode them once this reply is on its way.
				setImmediate(this.decodeDeferred)
			} else {
				this.encodedState ??= Y.encodeStateAsUpdate(this)
				reply = this.fullReplyFor(this.encodedState)
			}
		} else {
			this.decodeDeferred()
			reply = encodeSyncStep2(Y.encodeStateAsUpdate(this, stateVector))
		}
		if (!connection) {
			await this.committed
			return reply
		}
		connection.syncBudget.charge(reply.byteLength)
		connection.userSyncBudget?.charge(reply.byteLength)
		this.syncBudget.charge(reply.byteLength)
		// Counted as the socket's backlog until the engine emits it (right after this resolves).
		connection.answeringBytes += reply.byteLength
		try {
			await this.committed
		} finally {
			connection.answeringBytes -= reply.byteLength
		}
		return reply
	}

	/** True when `vector` names no change this document has: the answer is the whole state. */
	private knowsNothing(vector: Map<number, number>) {
		if (vector.size === 0) return true
		const known = this.deferred ? this.deferredVector() : null
		for (const [client, clock] of vector) {
			if (clock === 0) continue
			if (known ? (known.get(client) ?? 0) > 0 : Y.getState(this.store, client) > 0) return false
		}
		return true
	}

	private deferredVector() {
		const deferred = this.deferred!
		deferred.vector ??= Y.decodeStateVector(deferred.stateVector)
		return deferred.vector
	}

	private fullReplyFor(state: Uint8Array) {
		if (this.fullReply?.state !== state) this.fullReply = { state, message: encodeSyncStep2(state) }
		return this.fullReply.message
	}

	/**
	 * Whether a change of `bytes` would take the document past `maxDocumentBytes` (see there):
	 * measured exactly only when the estimate says so and enough has changed since the last
	 * measurement; the measurement is kept as the answer to the next full sync.
	 */
	private wouldExceedCap(bytes: number) {
		const { maxDocumentBytes: cap, documentSizeSlackBytes: slack } = this.context.limits
		if (this.encodedState && !this.deferred) this.measured(this.encodedState)
		if (this.sizeBase + this.sizeSince + bytes <= cap) return false
		if (this.sizeMeasured && this.sizeSince < slack) return true
		this.decodeDeferred()
		this.encodedState = Y.encodeStateAsUpdate(this)
		this.measured(this.encodedState)
		return this.sizeBase + bytes > cap
	}

	private measured(state: Uint8Array) {
		this.sizeBase = state.byteLength
		this.sizeSince = 0
		this.sizeMeasured = true
	}

	/** The user a client id belongs to: from the `users` map, or who first wrote with it here. */
	private ownerOfClient = (clientId: number) => {
		this.attribution ??= readAttribution(this)
		return this.attribution.get(clientId) ?? this.clientWriters.get(clientId)
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
		// Identity is the session's: nobody writes another person's authorship (identity.ts).
		const identity = checkIdentityWrites(
			this,
			decoded,
			connection.user,
			this.ownerOfClient,
			this.context.identity,
		)
		if (identity.refusal) {
			this.context.logger.warn(
				{ doc: this.documentName, userId: connection.user.id, reason: identity.refusal },
				'realtime update refused: it writes another identity',
			)
			return Promise.reject(new RefusedError('forbidden', identity.refusal))
		}
		// Existing documents past the cap stay readable; they only take no more.
		if (decoded.structs.length > 0 && this.wouldExceedCap(update.byteLength))
			return Promise.reject(new RefusedError('document_too_large'))
		this.captured = null
		const clocksBefore = new Map<number, number>()
		for (const struct of decoded.structs)
			clocksBefore.set(struct.id.client, Y.getState(this.store, struct.id.client))
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
		if (effective) {
			// Client ids this connection really wrote new changes with are its user's from now on.
			for (const [client, before] of clocksBefore)
				if (!this.clientWriters.has(client) && Y.getState(this.store, client) > before)
					this.clientWriters.set(client, connection.user.id)
			if (identity.touches) this.attribution = null
		}
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
	 * connections (a reconnected tab). Every state's `user` is the session's (see `stamped`).
	 * Throws MalformedMessageError for a bad update.
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
				allowed.push(stamped(entry, connection))
			} else if (owner) {
				if (owner.user.id === connection.user.id) allowed.push(stamped(entry, connection))
			} else if (controlled < this.context.limits.maxAwarenessClientsPerConnection) {
				allowed.push(stamped(entry, connection))
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
		this.sizeSince += update.byteLength
		if (!isTransactionOrigin(origin) || origin.source !== 'client') this.attribution = null
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
		this.dropLaggingReaders()
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
		this.dropLaggingReaders()
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

	/**
	 * Backpressure: a socket with more than `maxBufferedBytesPerConnection` written to it and not
	 * read is sent nothing more of this document. It is dropped with `closed` (reason `resync`),
	 * which it reads after everything before it, and then joins again and syncs what it missed.
	 * Checked before every broadcast, so a reader that stopped reading holds at most the limit
	 * (plus one message) in the server's memory instead of every change made since.
	 */
	private dropLaggingReaders() {
		const limit = this.context.limits.maxBufferedBytesPerConnection
		let lagging: Connection[] | null = null
		for (const connection of this.members.keys())
			if (connection.bufferedBytes > limit) (lagging ??= []).push(connection)
		if (!lagging) return
		for (const connection of lagging) {
			this.context.logger.info(
				{ doc: this.documentName, userId: connection.user.id, buffered: connection.bufferedBytes },
				'realtime reader behind: dropped from the document, asked to sync again',
			)
			connection.leaveDocument(this, 'resync')
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
