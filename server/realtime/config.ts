/**
 * Limits of the realtime engine. Each has a default and the reason for it; `createRealtime`
 * accepts overrides (tests shrink them).
 */
export type RealtimeLimits = {
	/**
	 * Largest `y` payload accepted (1 MiB). A pasted chapter of minutes is tens of KiB; a first
	 * sync of a long offline session a few hundred. Applying a hostile update costs roughly
	 * 15–50 µs per item, so this also caps how long one message can hold the event loop.
	 * socket.io's own frame limit is twice this, so a slightly larger payload is answered
	 * `too_large` instead of dropping the connection.
	 */
	maxPayloadBytes: number
	/**
	 * Token bucket per socket, counted in messages (join, leave, y). Typing sends one update and
	 * one awareness message per keystroke (~20/s for a fast typist, several documents at once), so
	 * 60/s sustained with a burst of 300 (reconnect: join + sync for many documents) never
	 * throttles a person but stops a script.
	 */
	messagesPerSecond: number
	messageBurst: number
	/**
	 * Token bucket per socket, counted in payload bytes: 512 KiB/s sustained, 4 MiB burst. A first
	 * sync or a big paste fits in the burst; a client that streams megabytes is slowed down.
	 */
	bytesPerSecond: number
	byteBurst: number
	/** A browser tab edits a handful of documents; 50 per socket stops one socket loading many. */
	maxDocumentsPerConnection: number
	/**
	 * Documents held in memory at once (bounded memory). Idle documents are evicted first; when
	 * all are in use, `join` answers `unavailable`. A minutes document is well under 1 MiB.
	 */
	maxLoadedDocuments: number
	/**
	 * How long a document with no clients stays in memory (30 s), so a page reload or a flaky
	 * connection does not reload it from the database.
	 */
	idleUnloadMs: number
	/**
	 * Compaction folds the update log into the snapshot once 200 updates or 1 MiB have piled
	 * up since the last snapshot, so a cold load merges few rows. Debounced by 2 s so a burst of
	 * typing triggers one compaction, not many.
	 */
	compactAfterUpdates: number
	compactAfterBytes: number
	compactDelayMs: number
	/** Awareness client ids one connection may control per document (one per tab/editor). */
	maxAwarenessClientsPerConnection: number
	/** Longest awareness state (JSON) accepted: user name, colour and a cursor fit in 1 KiB. */
	maxAwarenessStateBytes: number
	/** Entries in one awareness message (a client may echo everyone's state). */
	maxAwarenessEntries: number
	/**
	 * Awareness changes are broadcast together every 50 ms: a cursor that lags 50 ms goes
	 * unnoticed, and a document with hundreds of people sends one message per interval instead
	 * of one per keystroke per person to everybody.
	 */
	awarenessBatchMs: number
	/**
	 * Fan-out. A document's committed changes go out as one merged update per commit batch, and
	 * at most once every `fanOutMicrosPerConnection` (60 µs) × its connections, at most
	 * `fanOutMaxIntervalMs` (100 ms): 200 connections 12 ms, 1,000 connections 60 ms. A change
	 * after a quiet moment goes out at once; changes arriving faster wait and go out merged.
	 * Every message costs a socket write (~15 µs) per connection, so 1,000 people in a document
	 * with 100 typing would otherwise need 100,000 writes a second; this keeps the fan-out
	 * under about a quarter of the server's time, and a few tens of ms go unnoticed.
	 */
	fanOutMicrosPerConnection: number
	fanOutMaxIntervalMs: number
	/**
	 * Largest document, measured as its encoded state (8 MiB). Minutes of a long meeting with
	 * their whole history (deleted text is kept) are a few hundred KiB; 10,000 typed updates make
	 * well under 1 MiB. Every joiner with an empty browser copy is sent the whole state, so its
	 * size multiplies by the readers: past the cap a change is refused `document_too_large` (the
	 * author keeps it in the browser) while the document stays readable. The size is tracked as
	 * the last measured state plus the bytes of every change since (an overestimate: merged
	 * changes are smaller); near the cap the state is measured again, at most once per
	 * `documentSizeSlackBytes` (64 KiB) of changes, so a change may be refused up to that much
	 * before the true cap and a full document is not re-encoded for every keystroke.
	 */
	maxDocumentBytes: number
	documentSizeSlackBytes: number
	/**
	 * Sync answers are the expensive part of the protocol: a sync step 1 of a few bytes asks for
	 * up to the whole document. Each socket pays for its answers, in bytes, from a bucket of
	 * 16 MiB (two full syncs of a document at the cap: joining, and one re-sync) refilled at
	 * 1 MiB/s; a socket in debt (the last answer cost more than it had) is refused `rate_limited`
	 * until it has paid it off. A person opens a document once per tab and re-syncs after a
	 * reconnect (with its state vector: a small answer), so only scripts ever wait; 300 requests
	 * for a 3.6 MB document no longer bring a gigabyte.
	 */
	syncBytesPerSecond: number
	syncByteBurst: number
	/**
	 * The same per user, for all their sockets together: 32 MiB burst, 2 MiB/s. Without it twenty
	 * sockets of one account (see `maxConnectionsPerUser`) could draw twenty times the socket
	 * budget and use up a document's budget below, keeping everybody else from joining.
	 */
	userSyncBytesPerSecond: number
	userSyncByteBurst: number
	/**
	 * The same per document, for all its sockets together: 64 MiB burst, 16 MiB/s. It bounds what
	 * one document costs however many accounts ask; 200 people joining a 300 KiB document at once
	 * (60 MiB) all pass at once, and one user's 2 MiB/s leaves the rest to the others.
	 */
	documentSyncBytesPerSecond: number
	documentSyncByteBurst: number
	/**
	 * Backpressure: bytes waiting to be written to one socket (socket.io's queue plus the
	 * WebSocket's buffer) before the server stops sending it a document's changes: 12 MiB, one
	 * full sync of a document at the cap plus 4 MiB of changes, so a reader on a slow line
	 * finishing a big first sync is not dropped. A socket past it is dropped from the document
	 * with `closed` (reason `resync`) and joins again once it has read that far, syncing what it
	 * missed; its sync requests are refused `rate_limited` meanwhile. So a reader that stops
	 * reading costs at most this much memory, not everything written to the document since.
	 */
	maxBufferedBytesPerConnection: number
	/**
	 * Sockets one user may hold at once (20). The page keeps one socket for all its documents, so
	 * this is twenty tabs or devices, far more than anybody works with; it bounds what one
	 * account can draw (20 × the per-socket budgets). The 21st handshake fails with
	 * `too_many_connections` and the page says so in plain words.
	 */
	maxConnectionsPerUser: number
	/**
	 * Sockets from one address at once (500): a whole office behind one NAT with a few tabs each
	 * fits; one host cannot hold thousands of sockets (memory, file descriptors). Behind a proxy
	 * on the same machine the address is taken from `X-Forwarded-For` (as Express's
	 * `trust proxy: loopback` does). Load tests from one machine raise it.
	 */
	maxConnectionsPerAddress: number
}

export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = Object.freeze({
	maxPayloadBytes: 1024 * 1024,
	messagesPerSecond: 60,
	messageBurst: 300,
	bytesPerSecond: 512 * 1024,
	byteBurst: 4 * 1024 * 1024,
	maxDocumentsPerConnection: 50,
	maxLoadedDocuments: 1000,
	idleUnloadMs: 30_000,
	compactAfterUpdates: 200,
	compactAfterBytes: 1024 * 1024,
	compactDelayMs: 2000,
	maxAwarenessClientsPerConnection: 8,
	maxAwarenessStateBytes: 16 * 1024,
	maxAwarenessEntries: 1000,
	awarenessBatchMs: 50,
	fanOutMicrosPerConnection: 60,
	fanOutMaxIntervalMs: 100,
	maxDocumentBytes: 8 * 1024 * 1024,
	documentSizeSlackBytes: 64 * 1024,
	syncBytesPerSecond: 1024 * 1024,
	syncByteBurst: 16 * 1024 * 1024,
	userSyncBytesPerSecond: 2 * 1024 * 1024,
	userSyncByteBurst: 32 * 1024 * 1024,
	documentSyncBytesPerSecond: 16 * 1024 * 1024,
	documentSyncByteBurst: 64 * 1024 * 1024,
	maxBufferedBytesPerConnection: 12 * 1024 * 1024,
	maxConnectionsPerUser: 20,
	maxConnectionsPerAddress: 500,
})

export function resolveLimits(overrides: Partial<RealtimeLimits> = {}): RealtimeLimits {
	return { ...DEFAULT_REALTIME_LIMITS, ...overrides }
}
