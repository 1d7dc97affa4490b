import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { type DocumentHandle, openDocument } from '#app/realtime/provider.ts'
import { meetingMinutesDocumentName } from './minutes-doc.ts'
import { userColour } from './colours.ts'
import { AUTHORS_MAP, MINUTES_FIELD } from './minutes-doc.ts'

export type MinutesUser = { id: string; name: string }

/** What the editor, the presence list and the version history share for one open minutes. */
export type MinutesSession = {
	docName: string
	doc: Y.Doc
	awareness: Awareness
	handle: DocumentHandle
	/** Which client ids (and deletions) belong to which user id: "who wrote what". */
	pud: Y.PermanentUserData
	fragment: Y.XmlFragment
	/** user id → display name of everyone who has written in the document. */
	authors: Y.Map<string>
	user: MinutesUser & { color: string }
	destroy(): void
}

/**
 * Opens a meeting's minutes in the browser: a Y.Doc without garbage collection (history and
 * attribution need deleted content), presence with the user's name and colour, the browser's
 * copy and the shared socket. The user's client id is recorded as theirs once the document is
 * synced (or at once when their entry exists already), and only when they may write.
 */
export function createMinutesSession({
	meetingId,
	user,
	canWrite,
}: {
	meetingId: string
	user: MinutesUser
	canWrite: boolean
}): MinutesSession {
	const docName = meetingMinutesDocumentName(meetingId)
	const doc = new Y.Doc({ gc: false })
	const awareness = new Awareness(doc)
	const colour = userColour(user.id).dark
	awareness.setLocalStateField('user', { id: user.id, name: user.name, color: colour })
	const pud = new Y.PermanentUserData(doc)
	const authors = doc.getMap<string>(AUTHORS_MAP)
	const handle = openDocument(docName, doc, awareness, {
		localCopyName: `sitovka:${user.id}:${docName}`,
	})

	let mapped = false
	const recordAuthorship = () => {
		if (mapped || !canWrite) return
		const state = handle.getState()
		if (state.readOnly || state.error) return
		// Before the first sync a new entry could overwrite one the server already has.
		if (!state.synced && !pud.yusers.has(user.id)) return
		mapped = true
		pud.setUserMapping(doc, doc.clientID, user.id)
		if (authors.get(user.id) !== user.name) authors.set(user.id, user.name)
	}
	const unsubscribe = handle.subscribe(recordAuthorship)
	recordAuthorship()
	// The browser's copy may bring the entry before any connection.
	const onUpdate = () => recordAuthorship()
	doc.on('update', onUpdate)

	return {
		docName,
		doc,
		awareness,
		handle,
		pud,
		fragment: doc.getXmlFragment(MINUTES_FIELD),
		authors,
		user: { ...user, color: colour },
		destroy() {
			unsubscribe()
			doc.off('update', onUpdate)
			handle.close()
			awareness.destroy()
			doc.destroy()
		},
	}
}
