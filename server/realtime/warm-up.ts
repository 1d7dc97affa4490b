import * as Y from 'yjs'
import { applyStored, type StoredUpdate } from './storage.ts'

/** Text typed by the made-up authors: any minutes-like text does. */
const SENTENCES = [
	'Kontaktní místo hlásí nové domácnosti v bytové nouzi, z toho několik s dětmi.',
	'Úřad práce upozorňuje na delší vyřizování doplatku na bydlení.',
	'Úkol: do příštího setkání připravit přehled volných obecních bytů.',
]

/**
 * A made-up editing history shaped like minutes typed in the editor: one author types words and
 * paragraphs (some bold, some deleted again) while a second one types in its own paragraph, each
 * update applied to the other author's copy as it would arrive over the wire.
 */
function madeUpHistory(count: number): StoredUpdate[] {
	const authors = [new Y.Doc({ gc: false }), new Y.Doc({ gc: false })]
	const rows: StoredUpdate[] = []
	authors.forEach((doc, index) =>
		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === 'remote') return
			rows.push({ id: rows.length + 1, bytes: update })
			Y.applyUpdate(authors[1 - index]!, update, 'remote')
		}),
	)
	const paragraphs: Array<Y.XmlText | null> = [null, null]
	for (let step = 0; rows.length < count; step++) {
		const index = step % 5 === 4 ? 1 : 0
		const fragment = authors[index]!.getXmlFragment('default')
		const sentence = SENTENCES[step % SENTENCES.length]!
		const paragraph = paragraphs[index]
		if (!paragraph || step % 60 === 0) {
			const element = new Y.XmlElement('paragraph')
			const text = new Y.XmlText()
			element.insert(0, [text])
			fragment.push([element])
			paragraphs[index] = text
		} else if (step % 23 === 0 && paragraph.length > 0) {
			paragraph.delete(paragraph.length - 1, 1)
		} else {
			const at = step % sentence.length
			paragraph.insert(
				paragraph.length,
				sentence.slice(at, at + 1 + (step % 3)),
				step % 13 === 0 ? { bold: true } : undefined,
			)
		}
	}
	for (const doc of authors) doc.destroy()
	return rows
}

/**
 * V8 compiles JavaScript lazily and optimises a function only after it has run for a while, so
 * in a freshly started process Yjs decodes and integrates updates two to three times slower
 * than an hour later: the first people to open a document after a restart (a deployment, say)
 * would wait for that. The engine therefore runs what loading a document does (apply a log of
 * updates in one transaction, encode the state and its vector, decode a snapshot, diff against
 * a state vector) on a made-up history before the server accepts connections. Takes about 0.2 s
 * of CPU on the development machine; returns the milliseconds spent. Rounds of a thousand
 * updates warm up opening long logs better than more rounds of fewer (measured with
 * `npm run bench:realtime -- --only w3`).
 */
export function warmUpYjs({ updates = 1000, rounds = 4 } = {}) {
	const started = performance.now()
	const history = madeUpHistory(updates)
	const midway = new Y.Doc({ gc: false })
	applyStored(midway, history.slice(0, updates / 2), null, () => undefined)
	const midwayVector = Y.encodeStateVector(midway)
	midway.destroy()
	for (let round = 0; round < rounds; round++) {
		const doc = new Y.Doc({ gc: false })
		applyStored(doc, history, null, () => undefined)
		const state = Y.encodeStateAsUpdate(doc)
		Y.encodeStateVector(doc)
		Y.encodeStateAsUpdate(doc, midwayVector)
		doc.destroy()
		const snapshot = new Y.Doc({ gc: false })
		Y.applyUpdate(snapshot, state)
		snapshot.destroy()
	}
	return performance.now() - started
}
