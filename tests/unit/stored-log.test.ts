import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { applyStored } from '#server/realtime/storage.ts'
import { type LogPart, StoredLog, type StoredUpdate } from '#server/realtime/stored-log.ts'
import { mulberry32 } from '#tests/setup/random.ts'

// ---------------------------------------------------------------------------------------------
// Helpers

/** Origin of updates received from elsewhere: an author forwards only its own changes. */
const REMOTE = 'remote'

class Random {
	private readonly next: () => number
	constructor(seed: number) {
		this.next = mulberry32(seed)
	}
	float() {
		return this.next()
	}
	int(below: number) {
		return Math.floor(this.next() * below)
	}
	chance(probability: number) {
		return this.next() < probability
	}
	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)]!
	}
	shuffle<T>(items: T[]) {
		for (let index = items.length - 1; index > 0; index--) {
			const other = this.int(index + 1)
			;[items[index], items[other]] = [items[other]!, items[index]!]
		}
		return items
	}
}

/** The rows a server document stores: its own `update` events, ids 1..n. */
function recordRows(doc: Y.Doc, rows: StoredUpdate[] = []) {
	doc.on('update', (bytes: Uint8Array) => rows.push({ id: rows.length + 1, bytes }))
	return rows
}

/** The reference: every row applied on its own, in order, in one transaction. */
function rowByRow(rows: readonly StoredUpdate[], unreadable: number[] = []) {
	const doc = new Y.Doc({ gc: false })
	doc.transact(() => {
		for (const row of rows) {
			try {
				Y.applyUpdate(doc, row.bytes)
			} catch {
				unreadable.push(row.id)
			}
		}
	})
	return doc
}

/** What is checked: the joined parts applied by applyStored. */
function joined(rows: readonly StoredUpdate[] | StoredLog, unreadable: number[] = []) {
	const doc = new Y.Doc({ gc: false })
	applyStored(doc, rows instanceof StoredLog ? rows : StoredLog.of(rows), null, (row) =>
		unreadable.push(row.id),
	)
	return doc
}

/** Readable content of every root type (for a readable diff when the bytes differ). */
function contentOf(doc: Y.Doc) {
	const json = {
		text: doc.getText('text').toDelta(),
		xml: doc.getXmlFragment('prosemirror').toString(),
		meta: doc.getMap('meta').toJSON(),
		items: doc.getArray('items').toJSON(),
	}
	return JSON.parse(
		JSON.stringify(json, (_key, value: unknown) =>
			value instanceof Y.Doc
				? `subdocument ${value.guid}`
				: value instanceof Uint8Array
					? `bytes ${[...value].join(' ')}`
					: value,
		),
	) as unknown
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const hexRows = (rows: readonly StoredUpdate[]) =>
	rows.map((row) => ({ id: row.id, bytes: hex(row.bytes) }))

/** Both documents hold exactly the same thing, nothing waiting for missing structs. */
function expectSameDocument(actual: Y.Doc, expected: Y.Doc, label: string) {
	expect(actual.store.pendingStructs, `${label}: pending structs`).toBeNull()
	expect(actual.store.pendingDs, `${label}: pending deletions`).toBeNull()
	expect(expected.store.pendingStructs, `${label}: pending structs (reference)`).toBeNull()
	expect(contentOf(actual), `${label}: content`).toEqual(contentOf(expected))
	expect(hex(Y.encodeStateVector(actual)), `${label}: state vector`).toBe(
		hex(Y.encodeStateVector(expected)),
	)
	// Byte equality of the whole state: same structs (split and merged the same way), same
	// deletions. Yjs encodes the state from the struct store alone, whatever the order the
	// structs were integrated in.
	const same = Buffer.compare(Y.encodeStateAsUpdate(actual), Y.encodeStateAsUpdate(expected))
	expect(same, `${label}: encoded state`).toBe(0)
}

const summary = (parts: LogPart[]) => parts.map((part) => ({ id: part.id, rows: part.rows }))

// ---------------------------------------------------------------------------------------------
// Random histories

const LETTERS = Array.from('příliš žluťoučký kůň úpěl ďábelské ódy ABC xyz 123 😀')
const PIECES = [
	'Zápis',
	'příliš žluťoučký kůň',
	' úpěl ďábelské ódy',
	'😀',
	'👍🏽',
	'🇨🇿',
	'\ud83d', // a lone surrogate: Yjs writes U+FFFD, one code unit as well
	'a\ud83db',
	'\n',
	'ŘEŘICHA',
	'\ufeffBOM', // kept by Yjs's decoder (ignoreBOM), so it counts like any other character
]
const FORMATS: Record<string, unknown>[] = [
	{ bold: true },
	{ italic: true },
	{ bold: null },
	{ link: { href: 'https://síťovka.cz/zápis' } },
	{ color: '#ff0000', size: 12 },
]
const NODE_NAMES = ['paragraph', 'heading', 'listItem']
const MAP_KEYS = ['title', 'count', 'flag', 'obj', 'bin', 'nested', 'list', 'sub', 'note']

type AttributeValue = object | number | string | boolean | null

/** Sets an attribute of any value (Yjs stores it as ContentAny; its default typing says string). */
function setAttribute(element: Y.XmlElement, key: string, value: AttributeValue) {
	;(element as unknown as Y.XmlElement<Record<string, AttributeValue>>).setAttribute(key, value)
}

type Profile = {
	/** Share of edits that are typing or backspacing in a text. */
	typing: number
	/** Chance per step that an author goes offline or comes back. */
	toggle: number
	/** Chance that a delivery takes messages out of order, and that it merges them. */
	shuffle: number
	merge: number
	gcAuthors: boolean
}

type Peer = { doc: Y.Doc; inbox: Uint8Array[]; online: boolean }
type Author = Peer & {
	outbox: Uint8Array[]
	cursor: number
	/** Types this author has seen, deleted ones included (an editor holding a stale reference). */
	seenTexts: Set<Y.XmlText>
	seenElements: Set<Y.XmlElement>
}

function newAuthor(random: Random, gc: boolean, clientIds: Set<number>): Author {
	const doc = new Y.Doc({ gc })
	let clientId: number
	do clientId = 1 + random.int(0xfffffffe)
	while (clientIds.has(clientId))
	clientIds.add(clientId)
	doc.clientID = clientId
	const author: Author = {
		doc,
		inbox: [],
		online: true,
		outbox: [],
		cursor: 0,
		seenTexts: new Set(),
		seenElements: new Set(),
	}
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== REMOTE) author.outbox.push(update)
	})
	return author
}

function formatOf(random: Random) {
	return { ...random.pick(FORMATS) }
}

function attributeValue(random: Random, key: string): AttributeValue {
	switch (key) {
		case 'level':
			return random.int(6)
		case 'checked':
			return random.chance(0.5)
		case 'data':
			return {
				id: random.int(1000),
				tags: ['ž', 1.5, null, true],
				nested: { deep: 'ř\ud83d😀' },
			}
		default:
			return random.pick(['left', 'střed', '😀', ''])
	}
}

function newParagraph(random: Random) {
	const paragraph = new Y.XmlElement(random.pick(NODE_NAMES))
	setAttribute(paragraph, 'level', attributeValue(random, 'level'))
	if (random.chance(0.5)) setAttribute(paragraph, 'align', attributeValue(random, 'align'))
	if (random.chance(0.3)) setAttribute(paragraph, 'checked', attributeValue(random, 'checked'))
	if (random.chance(0.3)) setAttribute(paragraph, 'data', attributeValue(random, 'data'))
	const text = new Y.XmlText()
	if (random.chance(0.3)) text.insert(0, random.pick(PIECES), formatOf(random))
	else text.insert(0, random.pick(PIECES))
	paragraph.insert(0, [text])
	return paragraph
}

/** The live texts and elements of the author's XML fragment, remembered as seen. */
function xmlNodes(author: Author) {
	const texts: Y.XmlText[] = []
	const elements: Y.XmlElement[] = []
	for (const node of author.doc.getXmlFragment('prosemirror').createTreeWalker(() => true)) {
		if (node instanceof Y.XmlText) {
			texts.push(node)
			author.seenTexts.add(node)
		} else if (node instanceof Y.XmlElement) {
			elements.push(node)
			author.seenElements.add(node)
		}
	}
	return { texts, elements }
}

function editText(author: Author, random: Random, target: Y.Text, typing: boolean) {
	const length = target.length
	const atCursor = target === author.doc.getText('text')
	const index = atCursor ? Math.min(author.cursor, length) : random.int(length + 1)
	const roll = random.float()
	if (roll < 0.55 || length === 0) {
		const piece = typing || random.chance(0.5) ? random.pick(LETTERS) : random.pick(PIECES)
		if (random.chance(0.1)) target.insert(index, piece, formatOf(random))
		else target.insert(index, piece)
		if (atCursor) author.cursor = index + piece.length
	} else if (roll < 0.75) {
		// Backspace.
		const at = index > 0 ? index - 1 : 0
		target.delete(at, 1)
		if (atCursor) author.cursor = at
	} else if (roll < 0.83) {
		const start = random.int(length)
		target.delete(start, 1 + random.int(Math.min(8, length - start)))
		if (atCursor) author.cursor = random.int(target.length + 1)
	} else if (roll < 0.92) {
		const start = random.int(length)
		target.format(start, 1 + random.int(Math.min(6, length - start)), formatOf(random))
	} else {
		const embed = { image: 'obrázek-č.png', width: random.int(500) }
		if (random.chance(0.3)) target.insertEmbed(index, embed, formatOf(random))
		else target.insertEmbed(index, embed)
	}
}

function editXml(author: Author, random: Random) {
	const fragment = author.doc.getXmlFragment('prosemirror')
	const { texts, elements } = xmlNodes(author)
	const roll = random.float()
	if (roll < 0.3 || elements.length === 0) {
		const parent = elements.length > 0 && random.chance(0.3) ? random.pick(elements) : fragment
		parent.insert(random.int(parent.length + 1), [newParagraph(random)])
	} else if (roll < 0.55 && texts.length > 0) {
		editText(author, random, random.pick(texts), false)
	} else if (roll < 0.7) {
		const key = random.pick(['level', 'align', 'checked', 'data', 'id'])
		setAttribute(random.pick(elements), key, attributeValue(random, key))
	} else if (roll < 0.75) {
		random.pick(elements).removeAttribute(random.pick(['align', 'checked', 'data']))
	} else if (roll < 0.88) {
		const parent = random.chance(0.7) ? fragment : random.pick(elements)
		if (parent.length > 0) {
			const start = random.int(parent.length)
			parent.delete(start, 1 + random.int(Math.min(2, parent.length - start)))
		}
	} else if (author.seenTexts.size > 0 && random.chance(0.6)) {
		// An editor holding a reference to a text deleted meanwhile still writes into it.
		const stale = random.pick([...author.seenTexts])
		stale.insert(random.int(stale.length + 1), random.pick(LETTERS))
	} else if (author.seenElements.size > 0) {
		const stale = random.pick([...author.seenElements])
		if (random.chance(0.5)) setAttribute(stale, 'id', attributeValue(random, 'id'))
		else stale.insert(stale.length, [newParagraph(random)])
	}
}

function mapValue(random: Random, key: string): unknown {
	switch (key) {
		case 'count':
			return random.chance(0.5) ? random.int(1_000_000) : random.float() * 1e6
		case 'flag':
			return random.chance(0.5)
		case 'obj':
			return { a: [1, 'ž', true, null], b: { c: '😀\ud83d' }, n: random.int(100) }
		case 'bin':
			return Uint8Array.from({ length: 1 + random.int(6) }, () => random.int(256))
		case 'nested': {
			const map = new Y.Map<unknown>()
			map.set('x', random.int(10))
			map.set('label', random.pick(PIECES))
			return map
		}
		case 'list': {
			const array = new Y.Array<unknown>()
			array.push([random.int(10), random.pick(PIECES), { k: 'v' }])
			return array
		}
		case 'sub':
			return new Y.Doc({ guid: `subdocument-${random.int(1_000_000)}` })
		default:
			return random.pick(PIECES)
	}
}

function editMap(author: Author, random: Random) {
	const meta = author.doc.getMap<unknown>('meta')
	const nested = meta.get('nested')
	const target = nested instanceof Y.Map && random.chance(0.3) ? (nested as Y.Map<unknown>) : meta
	const key = random.pick(MAP_KEYS)
	if (random.chance(0.15)) target.delete(key)
	else target.set(key, mapValue(random, key))
}

function editArray(author: Author, random: Random) {
	const list = author.doc.getMap<unknown>('meta').get('list')
	const target =
		list instanceof Y.Array && random.chance(0.3)
			? (list as Y.Array<unknown>)
			: author.doc.getArray<unknown>('items')
	const roll = random.float()
	if (roll < 0.35) target.push([random.int(100), random.pick(PIECES), { o: random.int(9) }])
	else if (roll < 0.5) target.insert(random.int(target.length + 1), [random.pick(LETTERS)])
	else if (roll < 0.6) target.insert(random.int(target.length + 1), [new Y.Map<unknown>()])
	else if (roll < 0.7) target.push([Uint8Array.from([random.int(256), 0, 0x2c, 0x3a])])
	else if (target.length > 0) {
		const start = random.int(target.length)
		target.delete(start, 1 + random.int(Math.min(3, target.length - start)))
	}
}

function edit(author: Author, random: Random, profile: Profile) {
	const roll = random.float()
	if (roll < profile.typing) editText(author, random, author.doc.getText('text'), true)
	else if (roll < profile.typing + (1 - profile.typing) * 0.4) editXml(author, random)
	else if (roll < profile.typing + (1 - profile.typing) * 0.7) editMap(author, random)
	else editArray(author, random)
}

/** Sends what an online author changed to everybody else (the server and the other authors). */
function send(author: Author, peers: Peer[], random: Random, profile: Profile) {
	if (!author.online || author.outbox.length === 0) return
	let messages = author.outbox
	author.outbox = []
	if (messages.length > 1 && random.chance(profile.merge)) messages = [Y.mergeUpdates(messages)]
	for (const peer of peers) if (peer !== author) peer.inbox.push(...messages)
}

/** Delivers some of a peer's incoming messages: in order or not, one by one or merged. */
function deliver(peer: Peer, random: Random, profile: Profile, all = false) {
	if (!peer.online || peer.inbox.length === 0) return
	let batch: Uint8Array[]
	if (all) batch = peer.inbox.splice(0)
	else if (random.chance(profile.shuffle)) {
		// Take a few messages from anywhere: later ones may arrive before earlier ones.
		random.shuffle(peer.inbox)
		batch = peer.inbox.splice(0, 1 + random.int(Math.min(4, peer.inbox.length)))
	} else batch = peer.inbox.splice(0, 1 + random.int(peer.inbox.length))
	if (batch.length > 1 && random.chance(profile.merge)) batch = [Y.mergeUpdates(batch)]
	for (const update of batch) Y.applyUpdate(peer.doc, update, REMOTE)
}

/** Sync step 2 both ways, as a provider does when an author comes back online. */
function resync(author: Author, server: Peer) {
	Y.applyUpdate(
		server.doc,
		Y.encodeStateAsUpdate(author.doc, Y.encodeStateVector(server.doc)),
		REMOTE,
	)
	Y.applyUpdate(
		author.doc,
		Y.encodeStateAsUpdate(server.doc, Y.encodeStateVector(author.doc)),
		REMOTE,
	)
}

/** A random editing history and the update log a server document writes from it. */
function randomHistory(seed: number, steps: number, profile: Profile) {
	const random = new Random(seed)
	const server: Peer = { doc: new Y.Doc({ gc: false }), inbox: [], online: true }
	const rows = recordRows(server.doc)
	const clientIds = new Set<number>()
	const authors = Array.from({ length: 2 + random.int(3) }, (_, index) =>
		newAuthor(random, profile.gcAuthors && index % 2 === 1, clientIds),
	)
	const peers: Peer[] = [server, ...authors]
	for (let step = 0; step < steps; step++) {
		const author = random.pick(authors)
		edit(author, random, profile)
		send(author, peers, random, profile)
		for (const other of authors) {
			if (!random.chance(profile.toggle)) continue
			other.online = !other.online
			if (!other.online) continue
			if (random.chance(0.5)) resync(other, server)
			send(other, peers, random, profile)
		}
		for (const peer of peers) if (random.chance(0.5)) deliver(peer, random, profile)
	}
	// Everybody back online until every message has arrived everywhere.
	for (const author of authors) author.online = true
	for (let round = 0; round < 20; round++) {
		for (const author of authors) send(author, peers, random, profile)
		if (peers.every((peer) => peer.inbox.length === 0)) break
		for (const peer of peers) deliver(peer, random, profile, true)
	}
	expect(server.doc.store.pendingStructs, `seed ${seed}: server still waits`).toBeNull()
	return { rows, server: server.doc }
}

/** Kinds of content found in joined parts, so the test shows what the join was exercised on. */
function joinedKinds(parts: LogPart[], kinds: Set<string>) {
	const names = new Map<unknown, string>([
		[Y.ContentString, 'string'],
		[Y.ContentFormat, 'format'],
		[Y.ContentEmbed, 'embed'],
		[Y.ContentAny, 'any'],
		[Y.ContentBinary, 'binary'],
		[Y.ContentType, 'type'],
		[Y.ContentDoc, 'subdocument'],
		[Y.ContentDeleted, 'deleted'],
		[Y.ContentJSON, 'json'],
	])
	for (const part of parts) {
		if (part.rows === 1) continue
		const { structs, ds } = Y.decodeUpdate(part.bytes)
		if (ds.clients.size > 0) kinds.add('deletions')
		if (new Set(structs.map((struct) => struct.id.client)).size > 1)
			kinds.add('interleaved clients')
		for (const struct of structs) {
			if (struct instanceof Y.GC) kinds.add('gc')
			else if (struct instanceof Y.Item) kinds.add(names.get(struct.content.constructor) ?? '?')
		}
	}
}

/**
 * The runs the join should find, worked out independently with Yjs's own decoder: a row joins
 * when it holds one client's structs and no deletions, or deletions only, and a client's
 * structs start exactly where that client's structs ended earlier in the run.
 */
function expectedRuns(rows: readonly StoredUpdate[], shapes = new Map<string, number>()) {
	const runs: { id: number; rows: number }[] = []
	let ends = new Map<number, number>()
	let run: { id: number; rows: number } | null = null
	for (const row of rows) {
		const { structs, ds } = Y.decodeUpdate(row.bytes)
		const clients = new Set(structs.map((struct) => struct.id.client))
		const deletionsOnly = structs.length === 0 && ds.clients.size > 0
		const oneClient =
			clients.size === 1 && ds.clients.size === 0 && !structs.some((s) => s instanceof Y.Skip)
		const shape = deletionsOnly
			? 'deletions only'
			: oneClient
				? 'one client'
				: clients.size > 1
					? 'several clients'
					: 'structs and deletions'
		shapes.set(shape, (shapes.get(shape) ?? 0) + 1)
		const first = structs[0]
		const last = structs.at(-1)
		const client = first?.id.client ?? -1
		const continues =
			deletionsOnly || (oneClient && (ends.get(client) ?? first!.id.clock) === first!.id.clock)
		if (run && continues) run.rows++
		else {
			run = { id: row.id, rows: 1 }
			runs.push(run)
			ends = new Map()
		}
		if (oneClient) ends.set(client, last!.id.clock + last!.length)
		if (!deletionsOnly && !oneClient) run = null
	}
	return runs
}

const TYPING: Profile = { typing: 0.92, toggle: 0.01, shuffle: 0.05, merge: 0.05, gcAuthors: false }
const MIXED: Profile = { typing: 0.4, toggle: 0.05, shuffle: 0.3, merge: 0.25, gcAuthors: true }

test('applying the joined parts gives the same document as applying every row, on random histories', () => {
	const kinds = new Set<string>()
	const shapes = new Map<string, number>()
	let rowCount = 0
	let partCount = 0
	for (let seed = 1; seed <= 30; seed++) {
		const profile = seed % 4 === 0 ? TYPING : MIXED
		const { rows, server } = randomHistory(seed, 200, profile)
		const parts = StoredLog.of(rows).parts()
		expect(summary(parts), `seed ${seed}: runs`).toEqual(expectedRuns(rows, shapes))
		joinedKinds(parts, kinds)
		rowCount += rows.length
		partCount += parts.length
		if (profile === TYPING)
			expect(parts.length, `seed ${seed}: typing joins`).toBeLessThan(rows.length / 4)

		const unreadable: number[] = []
		const reference = rowByRow(rows, unreadable)
		const actual = joined(rows, unreadable)
		expect(unreadable, `seed ${seed}: unreadable rows`).toEqual([])
		expectSameDocument(actual, reference, `seed ${seed}`)
		// And the log holds exactly the document the server had.
		expectSameDocument(actual, server, `seed ${seed}: the server document`)
	}
	expect(partCount).toBeLessThan(rowCount / 2)
	// Every shape of row occurs, those that must stay alone included.
	expect([...shapes.keys()].sort()).toEqual([
		'deletions only',
		'one client',
		'several clients',
		'structs and deletions',
	])
	expect([...kinds].sort()).toEqual(
		expect.arrayContaining([
			'any',
			'binary',
			'deletions',
			'embed',
			'format',
			'interleaved clients',
			'string',
			'subdocument',
			'type',
		]),
	)
})

// ---------------------------------------------------------------------------------------------
// Crafted logs

/** An author whose every change reaches `server` at once. */
function connectedAuthor(clientId: number, server: Y.Doc) {
	const doc = new Y.Doc({ gc: false })
	doc.clientID = clientId
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== REMOTE) Y.applyUpdate(server, update, REMOTE)
	})
	return doc
}

/** Types `text` at the end of the author's text, one keystroke (one update) per character. */
function typeText(doc: Y.Doc, text: string) {
	const target = doc.getText('text')
	for (const character of text) target.insert(target.length, character)
}

function backspace(doc: Y.Doc) {
	const target = doc.getText('text')
	target.delete(target.length - 1, 1)
}

/** Each update of a fresh author typing `text` one character at a time. */
function keystrokes(clientId: number, text: string) {
	const doc = new Y.Doc({ gc: false })
	doc.clientID = clientId
	const updates: Uint8Array[] = []
	doc.on('update', (update: Uint8Array) => updates.push(update))
	typeText(doc, text)
	return updates
}

const numbered = (updates: Uint8Array[]) =>
	updates.map((bytes, index) => ({ id: index + 1, bytes }))

test('a snapshot is applied first as it is, never joined with the log after it', () => {
	const server = new Y.Doc({ gc: false })
	const rows = recordRows(server)
	const author = connectedAuthor(11, server)
	typeText(author, 'Zápis')
	// The snapshot has the shape of a joinable row (one client, no deletions), and the log
	// continues exactly where it ends: still it stays a part of its own.
	const snapshot = Y.encodeStateAsUpdate(server)
	const folded = rows.length
	typeText(author, ' z porady 😀')
	backspace(author)
	typeText(author, 'ř')
	const stored: StoredUpdate[] = [{ id: 0, bytes: snapshot }, ...rows.slice(folded)]
	const log = StoredLog.of(stored)
	expect(log.snapshot).toBe(snapshot)
	expect(log.length).toBe(stored.length)
	expect(log.logLength).toBe(stored.length - 1)
	expect(log.lastId).toBe(rows.at(-1)!.id)
	expect(hexRows(log.rows())).toEqual(hexRows(stored))

	const parts = log.parts()
	expect(parts[0]).toEqual({ id: 0, rows: 1, bytes: snapshot })
	expect(parts[0]!.bytes).toBe(snapshot)
	expect(summary(parts.slice(1))).toEqual([{ id: folded + 1, rows: stored.length - 1 }])
	expectSameDocument(joined(log), rowByRow(stored), 'snapshot and log')
	expectSameDocument(joined(log), rowByRow(rows), 'the whole log')
	// The backspace took half of the emoji: Yjs keeps a replacement character.
	expect(joined(log).getText('text').toString()).toBe('Zápis z porady \ufffdř')
	expectSameDocument(joined(log), server, 'the server document')
})

test('a snapshot of a random history followed by its log gives the same document', () => {
	const { rows } = randomHistory(1001, 150, MIXED)
	const folded = Math.floor(rows.length / 3)
	const snapshot = Y.encodeStateAsUpdate(rowByRow(rows.slice(0, folded)))
	const stored: StoredUpdate[] = [{ id: 0, bytes: snapshot }, ...rows.slice(folded)]
	const parts = StoredLog.of(stored).parts()
	expect(parts[0]!.bytes).toBe(snapshot)
	expect(parts.slice(1).reduce((sum, part) => sum + part.rows, 0)).toBe(stored.length - 1)
	expectSameDocument(joined(stored), rowByRow(stored), 'snapshot and log')
})

test('rows of any other shape stay parts of their own, and the rows around them still join', () => {
	const server = new Y.Doc({ gc: false })
	const rows = recordRows(server)
	const author = connectedAuthor(1, server)
	typeText(author, 'abc') // rows 1-3

	// Two collaborators typed offline; a relay hands both changes over as one merged update.
	const changes = [2, 3].map((clientId) => {
		const doc = new Y.Doc({ gc: false })
		doc.clientID = clientId
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
		const before = Y.encodeStateVector(doc)
		doc.getText('text').insert(1, `[${clientId}]`)
		return Y.encodeStateAsUpdate(doc, before)
	})
	Y.applyUpdate(server, Y.mergeUpdates(changes), REMOTE) // row 4: several clients

	typeText(author, 'de') // rows 5-6
	backspace(author) // row 7: deletions only
	author.transact(() => {
		const text = author.getText('text')
		text.insert(text.length, 'f')
		text.delete(0, 1)
	}) // row 8: structs and deletions
	typeText(author, 'gh') // rows 9-10

	// Row 11: a string that is not UTF-8 (Yjs never writes one; Yjs cannot read it).
	const writer = new Y.Doc({ gc: false })
	writer.clientID = 4
	let invalid = new Uint8Array(0)
	writer.on('update', (update: Uint8Array) => (invalid = Uint8Array.from(update)))
	writer.getText('text').insert(0, 'ab')
	const string = Buffer.from(invalid).lastIndexOf(Buffer.from([2, 0x61, 0x62]))
	expect(string).toBe(invalid.length - 4) // length, 'a', 'b', then the empty delete set
	invalid[string + 1] = 0xff
	invalid[string + 2] = 0xfe
	rows.push({ id: rows.length + 1, bytes: invalid })

	typeText(author, 'ij') // rows 12-13
	typeText(author, 'k') // row 14, given a trailing 0 byte below (Yjs ignores it)
	typeText(author, 'lm') // rows 15-16
	rows[13] = { id: 14, bytes: Uint8Array.from([...rows[13]!.bytes, 0]) }

	expect(rows.map((row) => row.id)).toEqual(Array.from({ length: 16 }, (_, index) => index + 1))
	const parts = StoredLog.of(rows).parts()
	expect(summary(parts)).toEqual([
		{ id: 1, rows: 3 },
		{ id: 4, rows: 1 },
		{ id: 5, rows: 3 },
		{ id: 8, rows: 1 },
		{ id: 9, rows: 2 },
		{ id: 11, rows: 1 },
		{ id: 12, rows: 2 },
		{ id: 14, rows: 1 },
		{ id: 15, rows: 2 },
	])
	for (const part of parts.filter((part) => part.rows === 1))
		expect(hex(part.bytes), `row ${part.id}`).toBe(hex(rows[part.id - 1]!.bytes))

	const unreadable: number[] = []
	const unreadableReference: number[] = []
	const actual = joined(rows, unreadable)
	expectSameDocument(actual, rowByRow(rows, unreadableReference), 'mixed shapes')
	expect(unreadable).toEqual([11])
	expect(unreadableReference).toEqual([11])
	expect(actual.getText('text').toString()).toBe(server.getText('text').toString())
})

test('a gap in the clocks of a client ends the run, and the rows still give the same document', () => {
	const [r1, r2, r3, r4, r5, r6] = keystrokes(21, 'abcdef')
	// The update for 'c' was stored after the one for 'd': 'd' cannot continue 'b'.
	const rows = numbered([r1!, r2!, r4!, r3!, r5!, r6!])
	const parts = StoredLog.of(rows).parts()
	expect(summary(parts)).toEqual([
		{ id: 1, rows: 2 },
		{ id: 3, rows: 1 },
		{ id: 4, rows: 1 },
		{ id: 5, rows: 2 },
	])
	const actual = joined(rows)
	expectSameDocument(actual, rowByRow(rows), 'gap')
	expect(actual.getText('text').toString()).toBe('abcdef')

	// Another client's keystrokes in between do not end a run; a gap of one client still does.
	const other = keystrokes(22, 'xyz')
	const interleaved = numbered([r1!, other[0]!, r2!, other[1]!, r4!, other[2]!, r3!])
	expect(summary(StoredLog.of(interleaved).parts())).toEqual([
		{ id: 1, rows: 4 },
		{ id: 5, rows: 2 },
		{ id: 7, rows: 1 },
	])
	expectSameDocument(joined(interleaved), rowByRow(interleaved), 'interleaved gap')
})

test('an unreadable row is skipped and reported, and the rows around it are applied', () => {
	const typed = keystrokes(31, 'abcdef')
	const garbage = new Uint8Array([1, 2, 3, 250, 7])
	const rows = numbered([...typed.slice(0, 3), garbage, ...typed.slice(3)])
	expect(summary(StoredLog.of(rows).parts())).toEqual([
		{ id: 1, rows: 3 },
		{ id: 4, rows: 1 },
		{ id: 5, rows: 3 },
	])

	const reported: { row: StoredUpdate; error: unknown }[] = []
	const doc = new Y.Doc({ gc: false })
	applyStored(doc, StoredLog.of(rows), null, (row, error) => reported.push({ row, error }))
	expect(reported).toHaveLength(1)
	expect(reported[0]!.row.id).toBe(4)
	expect(hex(reported[0]!.row.bytes)).toBe(hex(garbage))
	expect(reported[0]!.error).toBeInstanceOf(Error)
	expectSameDocument(
		doc,
		rowByRow(rows.filter((row) => row.id !== 4)),
		'without the unreadable row',
	)
	expect(doc.getText('text').toString()).toBe('abcdef')
})

test('structs a collaborator had already garbage collected join with the rows around them', () => {
	const server = new Y.Doc({ gc: false })
	const rows = recordRows(server)
	const writer = new Y.Doc({ gc: false })
	writer.clientID = 41
	const collector = new Y.Doc({ gc: true })
	collector.clientID = 42
	const updates: Uint8Array[] = []
	writer.on('update', (update: Uint8Array) => updates.push(update))

	const paragraph = new Y.XmlElement('paragraph')
	paragraph.insert(0, [new Y.XmlText('ab')])
	writer.getXmlFragment('prosemirror').insert(0, [paragraph])
	const created = updates.pop()!
	Y.applyUpdate(server, created, REMOTE)
	Y.applyUpdate(collector, created, REMOTE)
	// Typing into the paragraph reaches the collector only (the server's copy is late)...
	;(paragraph.get(0) as Y.XmlText).insert(2, 'cd')
	Y.applyUpdate(collector, updates.pop()!, REMOTE)
	// ...then the paragraph is deleted everywhere: the collector keeps 'cd' as a GC struct.
	writer.getXmlFragment('prosemirror').delete(0, 1)
	const deleted = updates.pop()!
	Y.applyUpdate(server, deleted, REMOTE)
	Y.applyUpdate(collector, deleted, REMOTE)
	// The collector syncs with the server: the server stores the GC struct, nothing to delete.
	Y.applyUpdate(server, Y.encodeStateAsUpdate(collector, Y.encodeStateVector(server)), REMOTE)
	typeText(writer, 'ef')
	for (const update of updates.splice(0)) Y.applyUpdate(server, update, REMOTE)

	expect(rows).toHaveLength(5)
	const gcRow = Y.decodeUpdate(rows[2]!.bytes)
	expect(gcRow.structs.map((struct) => struct.constructor)).toEqual([Y.GC])
	expect(gcRow.ds.clients.size).toBe(0)
	const parts = StoredLog.of(rows).parts()
	expect(summary(parts)).toEqual([{ id: 1, rows: 5 }])
	expectSameDocument(joined(rows), rowByRow(rows), 'garbage collected structs')
	expectSameDocument(joined(rows), server, 'the server document')
})

test('StoredLog.parse reads the rows as SQLite concatenates them', () => {
	const rows: StoredUpdate[] = [
		{ id: 7, bytes: Uint8Array.from([0x2c, 0x3a, 0x00, 0x31, 0x2c]) },
		{ id: 42, bytes: new Uint8Array(0) },
		{ id: 1234567, bytes: Uint8Array.from([0x3a, 0x3a, 0x00, 0xff, 0x2c, 0x30]) },
	]
	// What the query in storage.ts returns: `<id>,<length>:<bytes>` for each row, in id order.
	const concatenated = Buffer.concat(
		rows.flatMap((row) => [Buffer.from(`${row.id},${row.bytes.byteLength}:`), row.bytes]),
	)
	const log = StoredLog.parse(null, concatenated, rows.length)
	expect(hexRows(log.rows())).toEqual(hexRows(rows))
	expect(log.length).toBe(3)
	expect(log.logLength).toBe(3)
	expect(log.logBytes).toBe(11)
	expect(log.lastId).toBe(1234567)
	expect(log.snapshot).toBeNull()

	const snapshot = Uint8Array.from([0, 0])
	const withSnapshot = StoredLog.parse(snapshot, concatenated, 3)
	expect(withSnapshot.rows()[0]).toEqual({ id: 0, bytes: snapshot })
	expect(withSnapshot.length).toBe(4)
	expect(withSnapshot.logLength).toBe(3)
	expect(withSnapshot.logBytes).toBe(11)

	const empty = StoredLog.parse(null, null, 0)
	expect([empty.length, empty.logLength, empty.logBytes, empty.lastId]).toEqual([0, 0, 0, 0])
	expect(empty.parts()).toEqual([])

	// A length that does not match the bytes that follow.
	const one = rows.slice(0, 1)
	const wrong = (declared: number) =>
		Buffer.concat([Buffer.from(`${one[0]!.id},${declared}:`), one[0]!.bytes])
	expect(() => StoredLog.parse(null, wrong(6), 1)).toThrow(/wrong length/)
	expect(() => StoredLog.parse(null, wrong(4), 1)).toThrow(/wrong length/)
})

test('a row with invalid UTF-8 in a map key stays alone: only that row is lost', () => {
	const typed = keystrokes(51, 'abcdef')
	const other = new Y.Doc({ gc: false })
	other.clientID = 52
	let bad = new Uint8Array(0)
	other.on('update', (update: Uint8Array) => (bad = Uint8Array.from(update)))
	other.getMap('meta').set('zz', 1)
	bad[Buffer.from(bad).indexOf(Buffer.from('zz'))] = 0xff
	const rows = numbered([...typed.slice(0, 3), bad, ...typed.slice(3)])
	expect(
		StoredLog.of(rows)
			.parts()
			.map((part) => part.rows),
	).toEqual([3, 1, 3])
	const unreadable: number[] = []
	const doc = joined(rows, unreadable)
	expect(unreadable).toEqual([4])
	expect(doc.getText('text').toString()).toBe('abcdef')
})

test('a log that ends before its counted rows is refused, not read forever', () => {
	const log = Buffer.concat([Buffer.from('1,2:'), Buffer.from([1, 2])])
	expect(() => StoredLog.parse(null, log, 2)).toThrow()
	expect(StoredLog.parse(null, log, 1).rows()).toEqual([{ id: 1, bytes: Buffer.from([1, 2]) }])
})

test('rows the database hands over out of id order are put back in order', () => {
	const rows = numbered(keystrokes(61, 'abcd'))
	const shuffled = [rows[2]!, rows[0]!, rows[3]!, rows[1]!]
	const log = Buffer.concat(
		shuffled.flatMap((row) => [Buffer.from(`${row.id},${row.bytes.byteLength}:`), row.bytes]),
	)
	const parsed = StoredLog.parse(null, log, shuffled.length)
	expect(parsed.rows().map((row) => row.id)).toEqual([1, 2, 3, 4])
	expect(parsed.lastId).toBe(4)
	expect(parsed.parts()).toHaveLength(1)
	expect(joined(parsed).getText('text').toString()).toBe('abcd')
})
