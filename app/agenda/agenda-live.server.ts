import * as Y from 'yjs'
import { getLogger } from '#app/utils/logger.server.ts'
import { getDb } from '#db/client.ts'
import type { DocumentRegistry } from '#server/realtime/registry.ts'
import { createSqliteStorage } from '#server/realtime/storage.ts'
import { agendaDocumentName } from './agenda-doc.ts'
import { projectAgenda } from './agenda-projection.server.ts'

/** What server-side changes to live documents need from the realtime engine's registry. */
export type LiveDocuments = Pick<DocumentRegistry, 'open' | 'release' | 'get'>

// On globalThis: the custom server and the Remix build (Vite in development) load this module
// separately, and the server registers the engine in its own copy.
const KEY = Symbol.for('sitovka.agenda.liveDocuments')
type Holder = { [KEY]?: LiveDocuments | null }

/** Called once by the server (server/app.ts) with the realtime engine's registry. */
export function registerLiveDocuments(documents: LiveDocuments | null) {
	;(globalThis as Holder)[KEY] = documents
}

/** The running engine's live documents, or null without one (tests, command-line tools). */
export function liveDocuments() {
	return (globalThis as Holder)[KEY] ?? null
}

/**
 * Changes a meeting's agenda document on the server and returns what `change` returned.
 *
 * With the realtime engine running (the app server), the change is made on the live document:
 * the engine stores it, broadcasts it to everyone who has the agenda open and projects it into
 * `agenda_items` (onCommitted). Without an engine (tests, command-line tools) the stored
 * document is loaded, changed, and the change appended to the update log, then projected; that
 * path must not be used while an engine in another process has the document loaded.
 */
export async function changeAgenda<T>(
	meetingId: string,
	change: (doc: Y.Doc) => T,
	userId: string | null = null,
): Promise<T> {
	const name = agendaDocumentName(meetingId)
	const live = liveDocuments()
	if (live) {
		let document = await live.open(name)
		if (document.closed) document = await live.open(name)
		try {
			// An origin that is not the engine's own: stored and broadcast like a client's change.
			let result!: T
			document.transact(() => {
				result = change(document)
			}, 'agenda-server')
			await document.flush()
			return result
		} finally {
			live.release(document)
		}
	}

	const storage = createSqliteStorage(getDb(), getLogger())
	const { state } = await storage.loadDocument(name)
	const doc = new Y.Doc({ gc: false })
	try {
		if (state) Y.applyUpdate(doc, state)
		const updates: Uint8Array[] = []
		doc.on('update', (update: Uint8Array) => updates.push(update))
		let result!: T
		doc.transact(() => {
			result = change(doc)
		})
		if (updates.length > 0) {
			await storage.appendUpdate(name, Y.mergeUpdates(updates), userId)
			projectAgenda(meetingId, doc)
		}
		return result
	} finally {
		doc.destroy()
	}
}
