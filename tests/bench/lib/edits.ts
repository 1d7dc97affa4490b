import * as Y from 'yjs'
import { mulberry32 } from '#tests/setup/random.ts'

/** The field TipTap's Collaboration extension binds (as in app/minutes). */
export const FIELD = 'default'

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export const now = () => performance.timeOrigin + performance.now()

/**
 * Every benchmark edit inserts a marker `~@<writer>.<seq>.<sentAtMicros>@~` followed by a word.
 * Yjs writes inserted strings verbatim (UTF-8) into updates, so an observer finds the marker in
 * the raw update bytes without decoding Yjs structures.
 */
const MARKER_START = Buffer.from('~@')
const MARKER_PATTERN = /^(\d+)\.(\d+)\.(\d+)$/
const WORDS = ['zápis', 'bydlení', 'dluhy', 'nájem', 'KMB', 'úřad', 'porada', 'domácnost']

export function markerText(writer: number, seq: number, sentAt: number) {
	return `~@${writer}.${seq}.${Math.round(sentAt * 1000)}@~ ${WORDS[seq % WORDS.length]} `
}

export type Marker = { writer: number; seq: number; sentAt: number }

const asBuffer = (bytes: Uint8Array) =>
	Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/** Calls `found` for every well-formed marker in `bytes`. */
export function scanMarkers(bytes: Uint8Array, found: (marker: Marker) => void) {
	const buffer = asBuffer(bytes)
	let from = 0
	for (;;) {
		const start = buffer.indexOf(MARKER_START, from)
		if (start < 0) return
		const end = buffer.indexOf('@~', start + 2)
		if (end < 0) return
		const match = MARKER_PATTERN.exec(buffer.toString('latin1', start + 2, end))
		if (match)
			found({ writer: Number(match[1]), seq: Number(match[2]), sentAt: Number(match[3]) / 1000 })
		from = match ? end + 2 : start + 2
	}
}

export function countMarkers(text: string) {
	let count = 0
	for (let at = text.indexOf('~@'); at >= 0; at = text.indexOf('~@', at + 2)) count++
	return count
}

/**
 * Types like a minutes editor does: words at the end of the writer's current paragraph, a new
 * paragraph every ten edits. One call is one transaction, so one update on the wire.
 */
export class Typist {
	private paragraph: Y.XmlText | null = null
	private inParagraph = 0

	constructor(private readonly doc: Y.Doc) {}

	type(text: string, origin: unknown = null) {
		const fragment = this.doc.getXmlFragment(FIELD)
		this.doc.transact(() => {
			if (!this.paragraph || this.inParagraph >= 10) {
				const element = new Y.XmlElement('paragraph')
				const content = new Y.XmlText()
				element.insert(0, [content])
				fragment.push([element])
				this.paragraph = content
				this.inParagraph = 0
			}
			this.paragraph.insert(this.paragraph.length, text)
			this.inParagraph++
		}, origin)
	}
}

/** Text of the minutes field, for convergence checks and counting markers. */
export const fieldText = (doc: Y.Doc) => doc.getXmlFragment(FIELD).toString()

const SOURCE_TEXT = [
	'Přítomni: zástupci OSPOD, kontaktního místa pro bydlení, Úřadu práce a tří NNO.',
	'Kontaktní místo hlásí za poslední měsíc 14 nových domácností v bytové nouzi, z toho 5 s dětmi.',
	'Úřad práce upozorňuje na delší vyřizování doplatku na bydlení; žádosti je třeba podat včas.',
	'NNO nabízí asistenci v bydlení pro dvě rodiny ze Šluknovska, kapacita je do konce roku naplněna.',
	'Úkol: do příštího setkání připravit přehled volných obecních bytů a podmínek přidělení.',
	'Dluhová poradna rozšiřuje konzultační hodiny o čtvrtek odpoledne, objednání telefonicky.',
	'Další setkání proběhne ve čtvrtek od 9:00 na MěÚ Rumburk, zasedací místnost ve 2. patře.',
]

/**
 * A deterministic editing history of `count` updates, shaped like minutes typed in the editor:
 * three authors (each a Y.Doc that gets the others' updates, as over the wire) take turns, each
 * update one to three keystrokes at the end of the author's paragraph, with backspaces, an
 * occasional correction in an earlier paragraph and a new paragraph after each sentence.
 * Returns every update in order and the final state.
 */
export function generateHistory(count: number, seed = 1) {
	const random = mulberry32(seed)
	const authors = [0, 1, 2].map((index) => {
		const doc = new Y.Doc()
		doc.clientID = 1000 + index
		return { doc, paragraph: null as Y.XmlText | null, source: index * 2, offset: 0 }
	})
	const updates: Uint8Array[] = []
	authors.forEach((author, index) =>
		author.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === 'remote') return
			updates.push(update)
			authors.forEach((other, otherIndex) => {
				if (otherIndex !== index) Y.applyUpdate(other.doc, update, 'remote')
			})
		}),
	)
	let turn = 0
	while (updates.length < count) {
		if (random() < 0.005) turn = (turn + 1) % authors.length
		// Now and then someone else types at the same time.
		const author = authors[random() < 0.1 ? Math.floor(random() * authors.length) : turn]!
		const fragment = author.doc.getXmlFragment(FIELD)
		const sentence = SOURCE_TEXT[author.source % SOURCE_TEXT.length]!
		if (!author.paragraph || author.offset >= sentence.length) {
			if (author.paragraph) {
				author.source++
				author.offset = 0
			}
			const element = new Y.XmlElement('paragraph')
			const text = new Y.XmlText()
			element.insert(0, [text])
			fragment.push([element])
			author.paragraph = text
			continue
		}
		const roll = random()
		if (roll < 0.03 && author.paragraph.length > 2) {
			author.paragraph.delete(author.paragraph.length - 1, 1)
			author.offset--
		} else if (roll < 0.04 && fragment.length > 1) {
			const other = fragment.get(Math.floor(random() * (fragment.length - 1))) as Y.XmlElement
			const text = other.get(0) as Y.XmlText
			text.insert(Math.floor(random() * (text.length + 1)), 'a')
		} else {
			const keys = 1 + Math.floor(random() * random() * 3)
			author.paragraph.insert(
				author.paragraph.length,
				sentence.slice(author.offset, author.offset + keys),
				roll < 0.06 ? { bold: true } : undefined,
			)
			author.offset += keys
		}
	}
	const state = Y.encodeStateAsUpdate(authors[0]!.doc)
	for (const author of authors) author.doc.destroy()
	return { updates: updates.slice(0, count), state }
}

/**
 * Long minutes of about `targetBytes` encoded state, as updates of roughly `chunkBytes` each
 * (one author pasting paragraphs; no benchmark markers in it). For the abusive-reader workload:
 * a document at the size cap.
 */
export function largeMinutes(targetBytes: number, chunkBytes = 512 * 1024) {
	const doc = new Y.Doc({ gc: false })
	doc.clientID = 4242
	const updates: Uint8Array[] = []
	doc.on('update', (update: Uint8Array) => updates.push(update))
	const fragment = doc.getXmlFragment(FIELD)
	let total = 0
	let sentence = 0
	while (total < targetBytes) {
		let chunk = 0
		const before = updates.length
		doc.transact(() => {
			while (chunk < Math.min(chunkBytes, targetBytes - total)) {
				const text = `${sentence + 1}. ${SOURCE_TEXT[sentence % SOURCE_TEXT.length]!}`
				const element = new Y.XmlElement('paragraph')
				element.insert(0, [new Y.XmlText(text)])
				fragment.push([element])
				// A paragraph costs its UTF-8 text plus ~40 bytes of structure.
				chunk += Buffer.byteLength(text) + 40
				sentence++
			}
		})
		total += updates.slice(before).reduce((sum, update) => sum + update.byteLength, 0)
	}
	const state = Y.encodeStateAsUpdate(doc)
	doc.destroy()
	return { updates, state }
}
