import pino from 'pino'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { identityMaps } from '#server/realtime/identity.ts'
import { resolveLimits } from '#server/realtime/config.ts'
import type { Connection } from '#server/realtime/connection.ts'
import { Document, type DocumentContext } from '#server/realtime/document.ts'
import { decodeMessage } from '#server/realtime/protocol.ts'
import type { RealtimeStorage } from '#server/realtime/storage.ts'
import { StoredLog } from '#server/realtime/stored-log.ts'
import { waitFor } from '#tests/setup/realtime-fixtures.ts'

/** Storage that commits every append handed to it in one turn at once, like the SQLite one. */
function batchingStorage() {
	let id = 0
	const commits: number[] = []
	const storage: RealtimeStorage = {
		loadDocument: () => Promise.reject(new Error('not used')),
		compact: () => Promise.resolve(null),
		appendUpdate: () =>
			new Promise((resolve) => {
				const ready = ++id
				setImmediate(() => {
					commits.push(ready)
					resolve(ready)
				})
			}),
	}
	return { storage, commits }
}

const connection = (id: string) =>
	({
		id,
		closed: false,
		user: { id: `user-${id}`, name: id.charAt(0).toUpperCase() + id.slice(1) },
	}) as unknown as Connection

/** A document whose surroundings do nothing unless the test says otherwise. */
const testDocument = (name: string, context: Partial<DocumentContext> = {}) =>
	new Document(name, {
		storage: batchingStorage().storage,
		logger: pino({ level: 'silent' }),
		limits: resolveLimits(),
		broadcast: () => undefined,
		send: () => undefined,
		onIdle: () => undefined,
		onReset: () => undefined,
		identity: identityMaps(),
		...context,
	})

/** What storage hands over for a document stored as a snapshot alone. */
const snapshotAlone = (snapshot: Uint8Array, snapshotStateVector: Uint8Array | null) => ({
	stored: StoredLog.of([{ id: 0, bytes: snapshot }]),
	state: null,
	snapshotStateVector,
	lastUpdateId: 0,
	updatesSinceSnapshot: 0,
	bytesSinceSnapshot: 0,
})

/** One client's typed change as Yjs encodes it. */
function typed(clientId: number, text: string) {
	const doc = new Y.Doc()
	doc.clientID = clientId
	let update: Uint8Array | null = null
	doc.on('update', (bytes: Uint8Array) => (update = bytes))
	doc.getText('content').insert(0, text)
	return update!
}

const textOf = (payload: Uint8Array) => {
	const message = decodeMessage(payload)
	if (message.type !== 'update') throw new Error(`expected an update, got ${message.type}`)
	const doc = new Y.Doc()
	Y.applyUpdate(doc, message.update)
	return doc.getText('content').toString()
}

test('a client with nothing gets the whole document, including the latest change', async () => {
	const document = testDocument('test:sync')
	document.applyLoaded(snapshotAlone(typed(1, 'Zápis'), null))
	const empty = Y.encodeStateVector(new Y.Doc())
	const syncedText = async () => {
		const message = decodeMessage(await document.syncStep2For(empty))
		if (message.type !== 'sync-step-2') throw new Error(`expected sync step 2, got ${message.type}`)
		const doc = new Y.Doc()
		Y.applyUpdate(doc, message.update)
		return doc.getText('content').toString()
	}
	expect(await syncedText()).toBe('Zápis')
	expect(await syncedText()).toBe('Zápis')
	const jana = connection('jana')
	document.addConnection(jana, false)
	await document.applyClientUpdate(jana, typed(2, '!'))
	expect(await syncedText()).toMatch(/^(Zápis!|!Zápis)$/)
	document.dispose()
})

test('a snapshot stored alone greets and answers clients as stored; a change arriving before it is decoded lands on the whole document', async () => {
	const source = new Y.Doc()
	source.getText('content').insert(0, 'Zápis')
	const snapshot = Y.encodeStateAsUpdate(source)
	const vector = Y.encodeStateVector(source)
	const loadedDocument = () => {
		const document = testDocument('test:deferred')
		document.applyLoaded(snapshotAlone(snapshot, vector))
		return document
	}
	const empty = Y.encodeStateVector(new Y.Doc())

	const greeted = loadedDocument()
	const greeting = decodeMessage(greeted.syncStep1())
	expect(greeting.type === 'sync-step-1' && Buffer.from(greeting.stateVector)).toEqual(
		Buffer.from(vector),
	)
	const answer = decodeMessage(await greeted.syncStep2For(empty))
	expect(answer.type === 'sync-step-2' && Buffer.from(answer.update)).toEqual(Buffer.from(snapshot))
	greeted.dispose()

	const edited = loadedDocument()
	const jana = connection('jana')
	edited.addConnection(jana, false)
	await edited.applyClientUpdate(jana, typed(2, '!'))
	const synced = decodeMessage(await edited.syncStep2For(empty))
	if (synced.type !== 'sync-step-2') throw new Error(`expected sync step 2, got ${synced.type}`)
	const doc = new Y.Doc()
	Y.applyUpdate(doc, synced.update)
	expect(doc.getText('content').toString()).toMatch(/^(Zápis!|!Zápis)$/)
	edited.dispose()
})

test('changes committed together go out as one update; each author gets only the others’ changes, after the commit', async () => {
	const { storage, commits } = batchingStorage()
	const broadcasts: Array<{ payload: Uint8Array; except: string[]; commitsSoFar: number }> = []
	const sent: Array<{ to: string; payload: Uint8Array }> = []
	const document = testDocument('test:broadcast', {
		storage,
		broadcast: (_document, payload, except) =>
			broadcasts.push({
				payload,
				except: [except ?? []].flat().map((item) => item.id),
				commitsSoFar: commits.length,
			}),
		send: (_document, to, payload) => sent.push({ to: to.id, payload }),
	})
	const [jana, petr, eva] = [connection('jana'), connection('petr'), connection('eva')]
	for (const member of [jana, petr, eva]) document.addConnection(member, false)

	// Two people type in the same turn: one commit, one broadcast.
	await Promise.all([
		document.applyClientUpdate(jana, typed(1, 'Jana')),
		document.applyClientUpdate(petr, typed(2, 'Petr')),
	])
	expect(broadcasts).toHaveLength(0)
	await new Promise((resolve) => setImmediate(resolve))
	expect(broadcasts).toHaveLength(1)
	expect(broadcasts[0]!.commitsSoFar).toBe(2)
	expect(broadcasts[0]!.except.sort()).toEqual(['jana', 'petr'])
	expect(textOf(broadcasts[0]!.payload)).toMatch(/^(JanaPetr|PetrJana)$/)
	expect(sent.map(({ to, payload }) => [to, textOf(payload)]).sort()).toEqual([
		['jana', 'Petr'],
		['petr', 'Jana'],
	])

	// One person alone: the change as it is, to everybody else.
	await document.applyClientUpdate(eva, typed(3, 'Eva'))
	await waitFor(() => broadcasts.length === 2)
	expect(broadcasts[1]!.except).toEqual(['eva'])
	expect(textOf(broadcasts[1]!.payload)).toBe('Eva')
	expect(sent).toHaveLength(2)
	document.dispose()
})

test('awareness changes within the batching interval go out as one message; each author gets only the others’', async () => {
	const broadcasts: Array<{ payload: Uint8Array; except: string[] }> = []
	const sent: Array<{ to: string; payload: Uint8Array }> = []
	const document = testDocument('test:awareness', {
		limits: resolveLimits({ awarenessBatchMs: 20 }),
		broadcast: (_document, payload, except) =>
			broadcasts.push({ payload, except: [except ?? []].flat().map((item) => item.id) }),
		send: (_document, to, payload) => sent.push({ to: to.id, payload }),
	})
	const [jana, petr] = [connection('jana'), connection('petr')]
	for (const member of [jana, petr]) document.addConnection(member, false)
	const presence = (clientId: number, name: string) => {
		const doc = new Y.Doc()
		doc.clientID = clientId
		const awareness = new Awareness(doc)
		awareness.setLocalState({ user: { name } })
		const update = encodeAwarenessUpdate(awareness, [clientId])
		awareness.destroy()
		return update
	}
	const names = (payload: Uint8Array) => {
		const message = decodeMessage(payload)
		if (message.type !== 'awareness') throw new Error(`expected awareness, got ${message.type}`)
		const awareness = new Awareness(new Y.Doc())
		applyAwarenessUpdate(awareness, message.update, null)
		const result = [...awareness.getStates().entries()]
			.filter(([clientId]) => clientId !== awareness.clientID)
			.map(([, state]) => (state as { user: { name: string } }).user.name)
			.sort()
		awareness.destroy()
		return result
	}

	document.applyAwareness(jana, presence(11, 'Jana'))
	document.applyAwareness(petr, presence(12, 'Petr'))
	expect(broadcasts).toHaveLength(0)
	await waitFor(() => broadcasts.length > 0)
	expect(broadcasts).toHaveLength(1)
	expect(broadcasts[0]!.except.sort()).toEqual(['jana', 'petr'])
	expect(names(broadcasts[0]!.payload)).toEqual(['Jana', 'Petr'])
	expect(sent.map(({ to, payload }) => [to, names(payload)]).sort()).toEqual([
		['jana', ['Petr']],
		['petr', ['Jana']],
	])
	document.dispose()
})

test('a busy document broadcasts at most once per interval; what arrives meanwhile goes out merged', async () => {
	const { storage } = batchingStorage()
	const broadcasts: Array<{ payload: Uint8Array; at: number }> = []
	const document = testDocument('test:interval', {
		storage,
		// 2 connections × 15 ms = one broadcast per 30 ms at most.
		limits: resolveLimits({ fanOutMicrosPerConnection: 15_000 }),
		broadcast: (_document, payload) => broadcasts.push({ payload, at: performance.now() }),
	})
	const [jana, petr] = [connection('jana'), connection('petr')]
	for (const member of [jana, petr]) document.addConnection(member, false)
	await document.applyClientUpdate(jana, typed(1, 'A'))
	await waitFor(() => broadcasts.length === 1)
	await document.applyClientUpdate(jana, typed(2, 'B'))
	await new Promise((resolve) => setTimeout(resolve, 5))
	await document.applyClientUpdate(jana, typed(3, 'C'))
	await waitFor(() => broadcasts.length === 2)
	expect(broadcasts[1]!.at - broadcasts[0]!.at).toBeGreaterThanOrEqual(29)
	expect([...textOf(broadcasts[1]!.payload)].sort()).toEqual(['B', 'C'])
	document.dispose()
})

test('a change made on the server in the same batch reaches the author of the other change too', async () => {
	const { storage } = batchingStorage()
	const broadcasts: Array<{ payload: Uint8Array; except: string[] }> = []
	const sent: Array<{ to: string; payload: Uint8Array }> = []
	const document = testDocument('test:server-change', {
		storage,
		broadcast: (_document, payload, except) =>
			broadcasts.push({ payload, except: [except ?? []].flat().map((item) => item.id) }),
		send: (_document, to, payload) => sent.push({ to: to.id, payload }),
	})
	const [jana, petr] = [connection('jana'), connection('petr')]
	for (const member of [jana, petr]) document.addConnection(member, false)
	const janaUpdate = typed(1, 'Jana')
	const typing = document.applyClientUpdate(jana, janaUpdate)
	document.getText('content').insert(0, 'Server')
	await typing
	await waitFor(() => broadcasts.length === 1 && sent.length === 1)
	expect(broadcasts[0]!.except).toEqual(['jana'])
	expect(textOf(broadcasts[0]!.payload)).toMatch(/^(JanaServer|ServerJana)$/)
	expect(sent[0]!.to).toBe('jana')
	// Jana's editor has her own change; the copy brings the server's.
	const janaDoc = new Y.Doc()
	Y.applyUpdate(janaDoc, janaUpdate)
	const copy = decodeMessage(sent[0]!.payload)
	if (copy.type !== 'update') throw new Error(`expected an update, got ${copy.type}`)
	expect(copy.update.byteLength).toBeLessThan(broadcasts[0]!.payload.byteLength)
	Y.applyUpdate(janaDoc, copy.update)
	expect(janaDoc.getText('content').toString()).toBe('ServerJana')
	document.dispose()
})
