import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { userColour } from '#app/minutes/colours.ts'
import { type DocumentHandle, openDocument } from '#app/realtime/provider.ts'
import { agendaDocumentName } from './agenda-doc.ts'

export type AgendaUser = { id: string; name: string }

export type AgendaSession = {
	docName: string
	doc: Y.Doc
	awareness: Awareness
	handle: DocumentHandle
	destroy(): void
}

/**
 * Opens a meeting's agenda in the browser on the page's shared socket, with presence (name and
 * colour, like the minutes) and the browser's copy, so changes made offline survive a closed tab.
 */
export function createAgendaSession({
	meetingId,
	user,
}: {
	meetingId: string
	user: AgendaUser
}): AgendaSession {
	const docName = agendaDocumentName(meetingId)
	const doc = new Y.Doc()
	const awareness = new Awareness(doc)
	awareness.setLocalStateField('user', {
		id: user.id,
		name: user.name,
		color: userColour(user.id).dark,
	})
	const handle = openDocument(docName, doc, awareness, {
		localCopyName: `sitovka:${user.id}:${docName}`,
	})
	return {
		docName,
		doc,
		awareness,
		handle,
		destroy() {
			handle.close()
			awareness.destroy()
			doc.destroy()
		},
	}
}
