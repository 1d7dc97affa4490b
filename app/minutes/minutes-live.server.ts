import type * as Y from 'yjs'
import { changeDocument, liveDocuments } from '#app/realtime/live-documents.server.ts'
import { meetingMinutesDocumentName } from './minutes-doc.ts'

/**
 * Changes a meeting's minutes on the server and returns what `change` returned: on the live
 * document when the realtime engine runs (stored and sent to everyone who has the minutes open,
 * like anyone's typing), else on the stored document.
 */
export function changeMinutes<T>(
	meetingId: string,
	change: (doc: Y.Doc) => T,
	userId: string | null = null,
): Promise<T> {
	return changeDocument(meetingMinutesDocumentName(meetingId), change, {
		origin: 'minutes-server',
		userId,
	})
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
