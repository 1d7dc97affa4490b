import type {
	CONNECT_ERROR_TOO_MANY_CONNECTIONS,
	JoinError,
	MessageError,
} from '#server/realtime/protocol.ts'

/** What the save indicator shows for one open document. */
export type DocStatus =
	| 'connecting'
	| 'synced'
	| 'saving'
	| 'saved'
	| 'offline'
	/** The server cannot store changes now (disk full, database read-only); they are retried. */
	| 'unavailable'
	/** The page fell behind reading and the server asked it to sync again; it is catching up. */
	| 'resyncing'
	| 'error'

/** Why a document cannot be edited or saved any more (until the page is reloaded). */
export type DocErrorCode = JoinError | MessageError | typeof CONNECT_ERROR_TOO_MANY_CONNECTIONS

export type DocState = {
	/** `initial` until the first connection attempt has an outcome. */
	connection: 'initial' | 'online' | 'offline'
	/** The server accepted `join` on the current connection. */
	joined: boolean
	/** The server's sync step 2 arrived since the last join: we have everything it has. */
	synced: boolean
	readOnly: boolean
	/** Local changes not yet acknowledged as stored in the database. */
	pending: number
	/** At least one local change was acknowledged since the document was opened. */
	savedOnce: boolean
	/**
	 * The server refused to store a change because its storage fails (`unavailable`); local
	 * changes are kept and sent again until one is acknowledged.
	 */
	storageUnavailable: boolean
	/** The server dropped the document with `resync` (see protocol.ts); true until synced again. */
	resyncing: boolean
	error: DocErrorCode | null
}

export type DocEvent =
	| { type: 'connected' }
	| { type: 'disconnected' }
	| { type: 'joined'; readOnly: boolean }
	| { type: 'join-failed'; error: JoinError }
	| { type: 'rejoining' }
	| { type: 'synced' }
	| { type: 'pending'; pending: number }
	| { type: 'acknowledged'; pending: number }
	| { type: 'refused'; error: MessageError }
	/** The handshake was refused: this user has too many sockets open (tabs, devices). */
	| { type: 'too-many-connections' }
	/** The server stopped sending this document because the page fell behind reading. */
	| { type: 'resync-requested' }

export const initialDocState: DocState = {
	connection: 'initial',
	joined: false,
	synced: false,
	readOnly: false,
	pending: 0,
	savedOnce: false,
	storageUnavailable: false,
	resyncing: false,
	error: null,
}

/**
 * Join refusals that trying again will not fix. The others (`rate_limited`, `unavailable`,
 * `internal`) are retried with a back-off while the status stays "connecting".
 */
const FATAL_JOIN_ERRORS: ReadonlySet<JoinError> = new Set([
	'unauthorized',
	'forbidden',
	'not_found',
	'too_many_documents',
])

/**
 * Message refusals that re-sending will not fix. The others are recovered by the provider:
 * `rate_limited` is re-sent later, `not_joined`, `out_of_sync` and `internal` join again so the
 * sync handshake carries every local change, `unavailable` joins again after a growing delay.
 */
const FATAL_MESSAGE_ERRORS: ReadonlySet<MessageError> = new Set([
	'read_only',
	'too_large',
	'malformed',
	'document_too_large',
	'forbidden',
])

export function isFatalJoinError(error: JoinError) {
	return FATAL_JOIN_ERRORS.has(error)
}

export function isFatalMessageError(error: MessageError) {
	return FATAL_MESSAGE_ERRORS.has(error)
}

export function reduceDocState(state: DocState, event: DocEvent): DocState {
	switch (event.type) {
		case 'connected':
			return {
				...state,
				connection: 'online',
				joined: false,
				synced: false,
				// Connected after all (other tabs were closed): that refusal is over.
				error: state.error === 'too_many_connections' ? null : state.error,
			}
		case 'too-many-connections':
			return {
				...state,
				connection: 'offline',
				joined: false,
				synced: false,
				error: state.error ?? 'too_many_connections',
			}
		case 'disconnected':
			return { ...state, connection: 'offline', joined: false, synced: false }
		case 'joined':
			return { ...state, joined: true, synced: false, readOnly: event.readOnly }
		case 'join-failed':
			return {
				...state,
				joined: false,
				synced: false,
				error: isFatalJoinError(event.error) ? event.error : state.error,
			}
		case 'rejoining':
			return { ...state, joined: false, synced: false }
		case 'synced':
			return state.joined ? { ...state, synced: true, resyncing: false } : state
		case 'resync-requested':
			return { ...state, joined: false, synced: false, resyncing: true }
		case 'pending':
			return { ...state, pending: event.pending }
		case 'acknowledged':
			return { ...state, pending: event.pending, savedOnce: true, storageUnavailable: false }
		case 'refused':
			if (event.error === 'unavailable')
				return state.storageUnavailable ? state : { ...state, storageUnavailable: true }
			if (!isFatalMessageError(event.error)) return state
			return {
				...state,
				error: event.error,
				readOnly: event.error === 'read_only' ? true : state.readOnly,
			}
	}
}

/**
 * The one word the page shows. An error wins; then being offline (once a connection was tried);
 * then the server being unable to store changes; then catching up after a resync request; then
 * "connecting" until the first sync; then "saving" while changes are unacknowledged.
 */
export function docStatus(state: DocState): DocStatus {
	if (state.error) return 'error'
	if (state.connection === 'offline') return 'offline'
	if (state.storageUnavailable) return 'unavailable'
	if (state.resyncing) return 'resyncing'
	if (state.connection === 'initial' || !state.joined || !state.synced) return 'connecting'
	if (state.pending > 0) return 'saving'
	return state.savedOnce ? 'saved' : 'synced'
}
