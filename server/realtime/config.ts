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
})

export function resolveLimits(overrides: Partial<RealtimeLimits> = {}): RealtimeLimits {
	return { ...DEFAULT_REALTIME_LIMITS, ...overrides }
}
