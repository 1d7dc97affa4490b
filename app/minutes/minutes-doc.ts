import * as Y from 'yjs'

/** The XmlFragment the editor binds to (TipTap's default field). */
export const MINUTES_FIELD = 'default'
/** user id → display name of the people who wrote in the document (for the authors legend). */
export const AUTHORS_MAP = 'authors'

/** The realtime document holding a meeting's minutes. */
export function meetingMinutesDocumentName(meetingId: string) {
	return `meeting:${meetingId}:minutes`
}

/** Transaction origin of a restore, so it is told apart from typing (and still sent). */
export const RESTORE_ORIGIN = Symbol('minutes-restore')

/** A Y.Doc holding a stored state, keeping deleted content (history needs it). */
export function docFromState(state: Uint8Array) {
	const doc = new Y.Doc({ gc: false })
	Y.applyUpdate(doc, state)
	return doc
}

/**
 * Restores a version inside the live document: in one transaction the current content is
 * deleted and copies of the version's blocks are inserted. It is a new change like any other,
 * so the text before the restore stays in the history and can itself be restored.
 */
export function restoreVersion(doc: Y.Doc, versionState: Uint8Array) {
	const versionDoc = docFromState(versionState)
	try {
		const source = versionDoc.getXmlFragment(MINUTES_FIELD)
		const target = doc.getXmlFragment(MINUTES_FIELD)
		doc.transact(() => {
			target.delete(0, target.length)
			target.insert(
				0,
				source
					.toArray()
					// The editor never creates hooks; copies of elements and texts are all there is.
					.filter((node) => !(node instanceof Y.XmlHook))
					.map((node) => (node as Y.XmlElement | Y.XmlText).clone()),
			)
		}, RESTORE_ORIGIN)
	} finally {
		versionDoc.destroy()
	}
}

function isInside(item: Y.Item, fragment: Y.XmlFragment) {
	let parent: unknown = item.parent
	while (parent instanceof Y.AbstractType) {
		if (parent === fragment) return true
		parent = parent._item?.parent
	}
	return false
}

/**
 * The user ids whose text is visible in the minutes now, from the permanent user data; `null`
 * stands for visible text of a client nobody was mapped to.
 */
export function visibleAuthors(doc: Y.Doc, pud: Y.PermanentUserData) {
	const fragment = doc.getXmlFragment(MINUTES_FIELD)
	const authors = new Set<string | null>()
	doc.store.clients.forEach((structs, clientId) => {
		const author = (pud.getUserByClientId(clientId) as string | undefined) ?? null
		if (authors.has(author)) return
		for (const struct of structs) {
			if (
				struct instanceof Y.Item &&
				!struct.deleted &&
				struct.countable &&
				isInside(struct, fragment)
			) {
				authors.add(author)
				return
			}
		}
	})
	return authors
}

/** The minutes as plain text, one block per line (for tests and comparisons). */
export function minutesText(doc: Y.Doc) {
	const lines: string[] = []
	const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook | Y.XmlFragment, line: string[]) => {
		if (node instanceof Y.XmlText) {
			const delta = node.toDelta() as Array<{ insert: unknown }>
			line.push(delta.map((part) => (typeof part.insert === 'string' ? part.insert : '')).join(''))
			return
		}
		if (node instanceof Y.XmlHook) return
		const children = node.toArray()
		const isBlockContainer = children.some((child) => child instanceof Y.XmlElement)
		if (isBlockContainer) {
			for (const child of children) walk(child, line)
		} else {
			const parts: string[] = []
			for (const child of children) walk(child, parts)
			lines.push(parts.join(''))
		}
	}
	for (const block of doc.getXmlFragment(MINUTES_FIELD).toArray()) walk(block, [])
	return lines.join('\n')
}
