import * as Y from 'yjs'
import { minutesBlocksFromDoc } from './export/minutes-model.ts'
import { MINUTES_FIELD } from './minutes-doc.ts'

/** The top heading level of the minutes in the editor (h3; see editor-extensions.ts). */
const HEADING_LEVEL = 3

/** What the minutes start from: the attendance part and one heading per agenda item. */
export type MinutesOutline = {
	attendance: {
		heading: string
		/** A sentence before the list, e.g. that attendance was not recorded yet. */
		note: string | null
		people: string[]
		/** e.g. "Omluveni: …", after the list. */
		after: string[]
	}
	items: string[]
}

function textElement(nodeName: string, text: string, attributes: Record<string, unknown> = {}) {
	const element = new Y.XmlElement(nodeName)
	for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value as string)
	if (text) element.insert(0, [new Y.XmlText(text)])
	return element
}

const heading = (text: string) => textElement('heading', text, { level: HEADING_LEVEL })
const paragraph = (text = '') => textElement('paragraph', text)

function bulletList(lines: string[]) {
	const list = new Y.XmlElement('bulletList')
	list.insert(
		0,
		lines.map((line) => {
			const item = new Y.XmlElement('listItem')
			item.insert(0, [paragraph(line)])
			return item
		}),
	)
	return list
}

/** Nothing a reader would see: no text, no table, no rule (an editor leaves an empty paragraph). */
export function isMinutesEmpty(doc: Y.Doc) {
	return minutesBlocksFromDoc(doc).length === 0
}

/**
 * Fills empty minutes with the outline as the editor would have written it (y-tiptap's nodes:
 * headings, paragraphs, bullet lists). Returns false and changes nothing when the minutes already
 * hold something: text people wrote is never overwritten.
 */
export function fillMinutesFromOutline(doc: Y.Doc, outline: MinutesOutline) {
	if (!isMinutesEmpty(doc)) return false
	const fragment = doc.getXmlFragment(MINUTES_FIELD)
	const blocks: Y.XmlElement[] = [heading(outline.attendance.heading)]
	if (outline.attendance.note) blocks.push(paragraph(outline.attendance.note))
	if (outline.attendance.people.length) blocks.push(bulletList(outline.attendance.people))
	for (const line of outline.attendance.after) blocks.push(paragraph(line))
	outline.items.forEach((title) => {
		blocks.push(heading(title), paragraph())
	})
	doc.transact(() => {
		// Only empty paragraphs can be here; they would stand before the first heading.
		fragment.delete(0, fragment.length)
		fragment.insert(0, blocks)
	})
	return true
}
