import * as Y from 'yjs'
import { getLogger } from '#app/utils/logger.server.ts'
import { getDb } from '#db/client.ts'
import type { DocumentRegistry } from '#server/realtime/registry.ts'
import { createSqliteStorage } from '#server/realtime/storage.ts'

/** What server-side changes to live documents need from the realtime engine's registry. */
export type LiveDocuments = Pick<DocumentRegistry, 'open' | 'release' | 'get'>

// On globalThis: the custom server and the Remix build (Vite in development) load this module
// separately, and the server registers the engine in its own copy.
const KEY = Symbol.for('sitovka.agenda.liveDocuments')
type Holder = { [KEY]?: LiveDocuments | null }

/**
 * Called by the server's composition root (server/live-documents.ts) with the realtime engine's
 * registry when the engine starts, and with null when it stops (only the registered engine is
 * removed, so a second engine in tests does not unregister the first).
 */
export function registerLiveDocuments(documents: LiveDocuments | null, previous?: LiveDocuments) {
	const holder = globalThis as Holder
	if (documents === null && previous && holder[KEY] !== previous) return
	holder[KEY] = documents
}

/** The running engine's live documents, or null without one (tests, command-line tools). */
export function liveDocuments() {
	return (globalThis as Holder)[KEY] ?? null
}

/**
 * Changes a realtime document on the server and returns what `change` returned.
 *
 * With the realtime engine running (the app server), the change is made on the live document
 * under `origin` (not the engine's own, so it is stored and broadcast like anyone's typing and
 * the engine's onCommitted hooks run). Without an engine (tests, command-line tools) the stored
 * document is loaded, changed and the change appended to the update log, then `afterStored`
 * runs with the changed document; that path must not be used while an engine in another
 * process has the document loaded.
 */
export async function changeDocument<T>(
	name: string,
	change: (doc: Y.Doc) => T,
	{
		origin,
		userId = null,
		afterStored,
	}: { origin: string; userId?: string | null; afterStored?: (doc: Y.Doc) => void },
): Promise<T> {
	const live = liveDocuments()
	if (live) {
		let document = await live.open(name)
		if (document.closed) document = await live.open(name)
		try {
			let result!: T
			document.transact(() => {
				result = change(document)
			}, origin)
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
			afterStored?.(doc)
		}
		return result
	} finally {
		doc.destroy()
	}
}
