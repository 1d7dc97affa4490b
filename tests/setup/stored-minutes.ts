import * as Y from 'yjs'
import { docFromState, MINUTES_FIELD } from '#app/minutes/minutes-doc.ts'
import { loadStoredState } from '#app/minutes/versions.server.ts'
import { getLogger } from '#app/utils/logger.server.ts'
import { getDb } from '#db/client.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'
import { createSqliteStorage } from '#server/realtime/storage.ts'

/** Stores a change to a meeting's minutes as the realtime engine stores an acknowledged edit. */
export async function storeMinutesUpdate(meetingId: string, update: Uint8Array, userId: string) {
	await createSqliteStorage(getDb(), getLogger()).appendUpdate(
		meetingMinutesDocumentName(meetingId),
		update,
		userId,
	)
}

/** Someone edits the stored minutes (`edit` changes the text); stored as one acknowledged edit. */
export async function editStoredMinutes(
	meetingId: string,
	userId: string,
	edit: (fragment: Y.XmlFragment) => void,
) {
	const doc = docFromState(await loadStoredState(meetingMinutesDocumentName(meetingId)))
	try {
		const updates: Uint8Array[] = []
		doc.on('update', (update: Uint8Array) => updates.push(update))
		edit(doc.getXmlFragment(MINUTES_FIELD))
		await storeMinutesUpdate(meetingId, Y.mergeUpdates(updates), userId)
	} finally {
		doc.destroy()
	}
}
