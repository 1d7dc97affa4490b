import type * as Y from 'yjs'
import { changeDocument } from '#app/realtime/live-documents.server.ts'
import { agendaDocumentName } from './agenda-doc.ts'
import { projectAgenda } from './agenda-projection.server.ts'

export {
	type LiveDocuments,
	liveDocuments,
	registerLiveDocuments,
} from '#app/realtime/live-documents.server.ts'

/**
 * Changes a meeting's agenda document on the server and returns what `change` returned. With the
 * realtime engine running, the engine stores, broadcasts and projects it into `agenda_items`
 * (onCommitted); without one, it is projected here once stored.
 */
export function changeAgenda<T>(
	meetingId: string,
	change: (doc: Y.Doc) => T,
	userId: string | null = null,
): Promise<T> {
	return changeDocument(agendaDocumentName(meetingId), change, {
		origin: 'agenda-server',
		userId,
		afterStored: (doc) => projectAgenda(meetingId, doc),
	})
}
