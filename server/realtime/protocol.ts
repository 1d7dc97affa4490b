/**
 * The Síťovka realtime protocol, shared by the server and the browser client. Keep this file free
 * of Node-only imports: the client imports its constants, types and codecs.
 *
 * TRANSPORT
 * socket.io 4, namespace `/yjs`, on the app's own HTTP port (default path `/socket.io/`).
 * The handshake is authenticated by the session cookie (`sitovka_session`) the browser sends
 * anyway. Without a valid session the client gets `connect_error` with message `unauthorized`;
 * a handshake whose `Origin` header names another site is refused as well. One socket carries
 * any number of documents.
 *
 * DOCUMENT NAMES
 * `<kind>:<part>[:<part>…]`, at most 200 characters; kind is `[a-z][a-z0-9-]*`, parts are
 * `[A-Za-z0-9_-]{1,64}`. Each domain declares its kinds (server/realtime/kinds.ts) and the
 * server's composition root registers them (server/live-documents.ts); today
 * `meeting:<meetingId>:minutes` (rich text, app/minutes) and `meeting:<meetingId>:agenda`
 * (structured, app/agenda).
 *
 * CLIENT → SERVER
 * - `join`  `({ doc: string }, ack)`. The ack gets `{ ok: true, readOnly: boolean }` or
 *   `{ ok: false, error }` with error one of `JOIN_ERRORS`:
 *     `unauthorized`        the session expired or was revoked since the handshake;
 *     `not_found`           no such document, a malformed name, an unknown kind, or a document
 *                           the user may not see (its existence is not revealed);
 *     `forbidden`           reserved for kinds that reveal existence but refuse access;
 *     `too_many_documents`  this socket has joined `maxDocumentsPerConnection` documents;
 *     `rate_limited`        the socket sends too fast (see limits);
 *     `unavailable`         the server is at its loaded-document limit or shutting down;
 *     `internal`            the document could not be loaded; try again later.
 *   After `{ ok: true }` the server sends, in this order, a sync step 1 and (when anybody is
 *   present) the current awareness states as `y` messages. Joining a joined document again
 *   re-checks access and repeats that handshake (a cheap way to re-sync).
 * - `y`  `(doc: string, payload: binary, ack?)`. The payload is one y-protocols message framed
 *   exactly as y-websocket frames it:
 *     varUint 0 (sync), then varUint 0 + varUint8Array stateVector    (sync step 1)
 *                            varUint 1 + varUint8Array update         (sync step 2)
 *                            varUint 2 + varUint8Array update         (update)
 *     varUint 1 (awareness), then varUint8Array awarenessUpdate
 *   Trailing bytes make a message malformed. For sync step 2 and update messages the ack gets
 *   `{ ok: true }` only after the change is committed to the database (before it is broadcast);
 *   a message that changes nothing is acked `{ ok: true }` once everything before it is
 *   committed. Awareness messages are acked at once; sync step 1 is answered with a sync step 2
 *   and then acked, as soon as the changes in that answer are committed (at once unless commits
 *   are in flight: nobody is ever sent an uncommitted change). Refusals are
 *   `{ ok: false, error }` with error one of `MESSAGE_ERRORS`:
 *     `not_joined`    the socket has not joined `doc` (wait for the join ack);
 *     `read_only`     the socket joined `doc` read-only; nothing was applied;
 *     `too_large`     the payload is over `maxPayloadBytes` (1 MiB by default);
 *     `malformed`     not binary, wrong types, bad framing, or an update Yjs cannot apply;
 *     `rate_limited`  dropped by the socket's rate limit; re-send later. A sync step 1 is
 *                     also refused while the socket's sync budget is spent (answers are paid in
 *                     bytes: `syncBytesPerSecond` per socket, per user and per document) or while
 *                     the socket has more than `maxBufferedBytesPerConnection` unread;
 *     `document_too_large`  the change would make the document larger than
 *                     `maxDocumentBytes` (8 MiB); nothing was applied; the document stays
 *                     readable. Keep the change locally and tell the user;
 *     `forbidden`     the change writes somebody else's identity: it maps a client id to another
 *                     user in the `users` map (Y.PermanentUserData) or names another user in the
 *                     `authors` map, changes or deletes other users' entries there, or carries
 *                     changes under a client id mapped to another user; nothing was applied;
 *     `out_of_sync`   the update depends on changes the server has not got (e.g. updates lost
 *                     in a dropped connection); whatever it contained that could be applied is
 *                     stored, the rest is dropped — `join` again so sync step 2 carries it;
 *     `unavailable`   the server cannot store changes now: its disk is full, or the database
 *                     is read-only or gone (`/healthz` says which). The document is reset (see
 *                     `closed`, which arrives first). Keep the change, tell the user, and join
 *                     again after a growing delay; the handshake re-sends it once storage works;
 *     `internal`      the server could not store the change; the document is reset (see
 *                     `closed`) and the client should join again.
 *   A read-only client should not answer the server's sync step 1 with a sync step 2; if it
 *   does, that message is refused `read_only` like any other change.
 * - `leave`  `({ doc: string }, ack?)`. Ack `{ ok: true }` or `{ ok: false, error }`
 *   (`not_joined`, `malformed`, `rate_limited`). The socket's awareness states for `doc` are
 *   removed and the removal is broadcast; the same happens for every document on disconnect.
 *
 * SERVER → CLIENT
 * - `y`  `(doc, payload)`: sync step 1 after join; sync step 2 in answer to the client's step 1;
 *   updates made by others (already committed). Changes committed together, or within a few
 *   milliseconds on a document with many sockets, arrive merged into one update; when more
 *   than four people made them, that update includes the recipient's own change too (applying
 *   it again changes nothing). Awareness updates of others, sent together every 50 ms.
 * - `closed`  `(doc, { reason })`, reason in `CLOSE_REASONS`: the server dropped the socket from
 *   `doc`. `reset`: the document was reloaded from the database after a failure; join again and
 *   the sync handshake re-sends anything the server lacks.
 *   `access_changed`: what this user may do with `doc` changed (a role, a membership, the
 *   meeting's visibility, the minutes' lifecycle or a deadline); join again to learn the new
 *   access (read-only, or `not_found`). `unauthorized`: the session ended (logout, revoked,
 *   expired); the server disconnects the socket right after, and the next handshake fails with
 *   `unauthorized`.
 *   `resync`: the socket fell behind (more than `maxBufferedBytesPerConnection` written to it
 *   and not read yet), so the server stopped sending it the document's changes instead of
 *   buffering them without bound; join again (its sync step 1 with the client's state vector
 *   fetches what was missed). The notice arrives after everything sent before it.
 *
 * LIMITS
 * A handshake is refused with `connect_error` `too_many_connections` when the user already has
 * `maxConnectionsPerUser` (20) sockets open, or the address `maxConnectionsPerAddress` (500).
 *
 * AWARENESS
 * Entries for a client id that another user's connection controls are ignored (no one can
 * impersonate another user's cursor); a connection controls at most a few client ids per
 * document; a state must be a JSON object or null, at most `maxAwarenessStateBytes` long.
 * The server stamps identity: the `user` field of every state a connection sets is replaced by
 * `{ id, name }` of the connection's session user (a `color` the client gave, `#rrggbb`, is
 * kept); other fields (cursors) are relayed as sent.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export const REALTIME_NAMESPACE = '/yjs'

export const RealtimeEvent = {
	join: 'join',
	leave: 'leave',
	message: 'y',
	closed: 'closed',
} as const

/** The `connect_error` message for a handshake without a valid session. */
export const CONNECT_ERROR_UNAUTHORIZED = 'unauthorized'
/**
 * The `connect_error` message when the user (or the address) has too many sockets open already
 * (`maxConnectionsPerUser`, `maxConnectionsPerAddress`); try again after closing some.
 */
export const CONNECT_ERROR_TOO_MANY_CONNECTIONS = 'too_many_connections'

export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
export const SYNC_STEP_1 = 0
export const SYNC_STEP_2 = 1
export const SYNC_UPDATE = 2

export const JOIN_ERRORS = [
	'unauthorized',
	'forbidden',
	'not_found',
	'too_many_documents',
	'rate_limited',
	'unavailable',
	'internal',
] as const
export type JoinError = (typeof JOIN_ERRORS)[number]

export const MESSAGE_ERRORS = [
	'not_joined',
	'read_only',
	'too_large',
	'malformed',
	'rate_limited',
	'out_of_sync',
	'document_too_large',
	'forbidden',
	'unavailable',
	'internal',
] as const
export type MessageError = (typeof MESSAGE_ERRORS)[number]

export const LEAVE_ERRORS = ['not_joined', 'malformed', 'rate_limited'] as const
export type LeaveError = (typeof LEAVE_ERRORS)[number]

export const CLOSE_REASONS = ['reset', 'access_changed', 'unauthorized', 'resync'] as const
export type CloseReason = (typeof CLOSE_REASONS)[number]

export type JoinRequest = { doc: string }
export type LeaveRequest = { doc: string }
export type JoinReply = { ok: true; readOnly: boolean } | { ok: false; error: JoinError }
export type MessageAck = { ok: true } | { ok: false; error: MessageError }
export type LeaveReply = { ok: true } | { ok: false; error: LeaveError }
export type ClosedNotice = { reason: CloseReason }

/** Typed events for `io<ServerToClientEvents, ClientToServerEvents>()` on the client. */
export interface ServerToClientEvents {
	y: (doc: string, payload: Uint8Array) => void
	closed: (doc: string, notice: ClosedNotice) => void
}
export interface ClientToServerEvents {
	join: (request: JoinRequest, ack: (reply: JoinReply) => void) => void
	leave: (request: LeaveRequest, ack?: (reply: LeaveReply) => void) => void
	y: (doc: string, payload: Uint8Array, ack?: (reply: MessageAck) => void) => void
}

// ---------------------------------------------------------------------------------------------
// Document names

export const MAX_DOCUMENT_NAME_LENGTH = 200
const DOCUMENT_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}(?::[A-Za-z0-9_-]{1,64}){1,6}$/

export type DocumentName = { name: string; kind: string; parts: string[] }

/** Splits `kind:part:part`; null for anything that is not a well-formed name. */
export function parseDocumentName(name: unknown): DocumentName | null {
	if (typeof name !== 'string' || name.length > MAX_DOCUMENT_NAME_LENGTH) return null
	if (!DOCUMENT_NAME_PATTERN.test(name)) return null
	const [kind, ...parts] = name.split(':')
	return { name, kind: kind!, parts }
}

// ---------------------------------------------------------------------------------------------
// Messages

export type DecodedMessage =
	| { type: 'sync-step-1'; stateVector: Uint8Array }
	| { type: 'sync-step-2'; update: Uint8Array }
	| { type: 'update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }

export class MalformedMessageError extends Error {
	constructor(message: string) {
		super(message)
		this.name = 'MalformedMessageError'
	}
}

/**
 * Binary payloads arrive as Buffer (Node), ArrayBuffer (browser) or Uint8Array; anything else
 * (strings, numbers, other typed arrays) is not a payload.
 */
export function toUint8Array(value: unknown): Uint8Array | null {
	if (value instanceof Uint8Array) return value
	if (value instanceof ArrayBuffer) return new Uint8Array(value)
	return null
}

/** Decodes one framed message; throws MalformedMessageError on anything but an exact frame. */
export function decodeMessage(payload: Uint8Array): DecodedMessage {
	try {
		const decoder = decoding.createDecoder(payload)
		const messageType = decoding.readVarUint(decoder)
		let message: DecodedMessage
		if (messageType === MESSAGE_SYNC) {
			const syncType = decoding.readVarUint(decoder)
			const body = decoding.readVarUint8Array(decoder)
			if (syncType === SYNC_STEP_1) message = { type: 'sync-step-1', stateVector: body }
			else if (syncType === SYNC_STEP_2) message = { type: 'sync-step-2', update: body }
			else if (syncType === SYNC_UPDATE) message = { type: 'update', update: body }
			else throw new MalformedMessageError(`unknown sync message type ${syncType}`)
		} else if (messageType === MESSAGE_AWARENESS) {
			message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
		} else {
			throw new MalformedMessageError(`unknown message type ${messageType}`)
		}
		if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes')
		return message
	} catch (error) {
		if (error instanceof MalformedMessageError) throw error
		throw new MalformedMessageError(error instanceof Error ? error.message : String(error))
	}
}

function encodeSync(syncType: number, body: Uint8Array) {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, MESSAGE_SYNC)
	encoding.writeVarUint(encoder, syncType)
	encoding.writeVarUint8Array(encoder, body)
	return encoding.toUint8Array(encoder)
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => encodeSync(SYNC_STEP_1, stateVector)
export const encodeSyncStep2 = (update: Uint8Array) => encodeSync(SYNC_STEP_2, update)
export const encodeUpdate = (update: Uint8Array) => encodeSync(SYNC_UPDATE, update)

export function encodeAwareness(awarenessUpdate: Uint8Array) {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
	encoding.writeVarUint8Array(encoder, awarenessUpdate)
	return encoding.toUint8Array(encoder)
}

// ---------------------------------------------------------------------------------------------
// Awareness updates (y-protocols/awareness wire format: varUint count, then per entry varUint
// clientID, varUint clock, varString JSON state)

export type AwarenessEntry = { clientId: number; clock: number; state: string }
/** An entry as decoded, with its state parsed (null: the client is gone). */
export type DecodedAwarenessEntry = AwarenessEntry & { value: Record<string, unknown> | null }

/** Deepest JSON nesting accepted in an awareness state (cursor + user objects need ~4). */
const MAX_AWARENESS_STATE_DEPTH = 16

/**
 * Decodes and checks an awareness update without applying it. Throws MalformedMessageError for
 * bad framing, more than `maxEntries` entries, states that are not a JSON object or null, states
 * longer than `maxStateBytes` or nested deeper than 16 levels.
 */
export function decodeAwarenessUpdate(
	update: Uint8Array,
	limits: { maxEntries: number; maxStateBytes: number },
): DecodedAwarenessEntry[] {
	try {
		const decoder = decoding.createDecoder(update)
		const count = decoding.readVarUint(decoder)
		if (count > limits.maxEntries) throw new MalformedMessageError('too many awareness entries')
		const entries: DecodedAwarenessEntry[] = []
		for (let index = 0; index < count; index++) {
			const clientId = decoding.readVarUint(decoder)
			const clock = decoding.readVarUint(decoder)
			const state = decoding.readVarString(decoder)
			if (state.length > limits.maxStateBytes)
				throw new MalformedMessageError('awareness state too long')
			const value: unknown = JSON.parse(state)
			if (value !== null && (typeof value !== 'object' || Array.isArray(value)))
				throw new MalformedMessageError('awareness state is not an object')
			if (!isShallowerThan(value, MAX_AWARENESS_STATE_DEPTH))
				throw new MalformedMessageError('awareness state nested too deeply')
			entries.push({ clientId, clock, state, value: value as Record<string, unknown> | null })
		}
		if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes')
		return entries
	} catch (error) {
		if (error instanceof MalformedMessageError) throw error
		throw new MalformedMessageError(error instanceof Error ? error.message : String(error))
	}
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]) {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, entries.length)
	for (const entry of entries) {
		encoding.writeVarUint(encoder, entry.clientId)
		encoding.writeVarUint(encoder, entry.clock)
		encoding.writeVarString(encoder, entry.state)
	}
	return encoding.toUint8Array(encoder)
}

/** Iterative, so a hostile state cannot overflow the stack while being checked. */
function isShallowerThan(value: unknown, maxDepth: number) {
	const stack: Array<[unknown, number]> = [[value, 0]]
	while (stack.length > 0) {
		const [current, depth] = stack.pop()!
		if (current === null || typeof current !== 'object') continue
		if (depth >= maxDepth) return false
		for (const child of Object.values(current)) stack.push([child, depth + 1])
	}
	return true
}
