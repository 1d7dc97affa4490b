import * as Y from 'yjs'
import { liveDocuments } from '#app/agenda/agenda-live.server.ts'
import { getLogger } from '#app/utils/logger.server.ts'
import { getDb } from '#db/client.ts'
import { meetingMinutesDocumentName } from '#server/realtime/protocol.ts'
import { createSqliteStorage } from '#server/realtime/storage.ts'
import { loadStoredState } from './versions.server.ts'

/** Transaction origin of changes the server makes to the minutes (stored and broadcast). */
const SERVER_ORIGIN = 'minutes-server'

/**
 * Changes a meeting's minutes on the server and returns what `change` returned.
 *
 * With the realtime engine running, the change is made on the live document: the engine stores
 * it and sends it to everyone who has the minutes open, like anyone's typing. Without an engine
 * (tests, command-line tools) the stored document is loaded, changed and the change appended to
 * the update log; that path must not be used while an engine in another process has it loaded.
 */
export async function changeMinutes<T>(
	meetingId: string,
	change: (doc: Y.Doc) => T,
	userId: string | null = null,
): Promise<T> {
	const name = meetingMinutesDocumentName(meetingId)
	const live = liveDocuments()
	if (live) {
		let document = await live.open(name)
		if (document.closed) document = await live.open(name)
		try {
			let result!: T
			document.transact(() => {
				result = change(document)
			}, SERVER_ORIGIN)
			await document.flush()
			return result
		} finally {
			live.release(document)
		}
	}

	const doc = new Y.Doc({ gc: false })
	try {
		Y.applyUpdate(doc, await loadStoredState(name))
		const updates: Uint8Array[] = []
		doc.on('update', (update: Uint8Array) => updates.push(update))
		let result!: T
		doc.transact(() => {
			result = change(doc)
		})
		if (updates.length > 0) {
			await createSqliteStorage(getDb(), getLogger()).appendUpdate(
				name,
				Y.mergeUpdates(updates),
				userId,
			)
		}
		return result
	} finally {
		doc.destroy()
	}
}

/**
 * Makes everyone who has the live minutes open join again, so the resolver decides their access
 * anew (read-only after an approval, writable again for a correction), and waits until every
 * change accepted before that is stored. Nothing to do without an engine or when nobody has the
 * minutes loaded.
 */
export async function rejoinLiveMinutes(meetingId: string) {
	const document = liveDocuments()?.get(meetingMinutesDocumentName(meetingId))
	if (!document || document.closed) return
	// Stops accepting changes at once; the sockets are told to join again.
	document.reset()
	await document.flush()
}
