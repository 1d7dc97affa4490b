import http from 'node:http'
import { type AddressInfo } from 'node:net'
import { Server, type Socket as ServerSocket } from 'socket.io'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, test, vi } from 'vitest'
import * as Y from 'yjs'
import { Outbox } from '#app/realtime/outbox.ts'
import { type DocumentHandle, RealtimeClient } from '#app/realtime/provider.ts'
import {
	type DocEvent,
	type DocState,
	docStatus,
	initialDocState,
	reduceDocState,
} from '#app/realtime/status.ts'
import {
	decodeMessage,
	encodeAwareness,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
	type MessageAck,
} from '#server/realtime/protocol.ts'

function run(events: DocEvent[], from: DocState = initialDocState) {
	return events.reduce(reduceDocState, from)
}

describe('status', () => {
	test('connecting until joined and synced, then saving while changes wait, then saved', () => {
		expect(docStatus(initialDocState)).toBe('connecting')
		const joined = run([{ type: 'connected' }, { type: 'joined', readOnly: false }])
		expect(docStatus(joined)).toBe('connecting')
		const synced = run([{ type: 'synced' }], joined)
		expect(docStatus(synced)).toBe('synced')
		const typing = run([{ type: 'pending', pending: 2 }], synced)
		expect(docStatus(typing)).toBe('saving')
		expect(docStatus(run([{ type: 'acknowledged', pending: 1 }], typing))).toBe('saving')
		expect(docStatus(run([{ type: 'acknowledged', pending: 0 }], typing))).toBe('saved')
	})

	test('offline after a lost connection or a failed first attempt, connecting again after', () => {
		const synced = run([
			{ type: 'connected' },
			{ type: 'joined', readOnly: false },
			{ type: 'synced' },
		])
		const offline = run([{ type: 'disconnected' }, { type: 'pending', pending: 3 }], synced)
		expect(docStatus(offline)).toBe('offline')
		expect(offline.pending).toBe(3)
		expect(docStatus(run([{ type: 'connected' }], offline))).toBe('connecting')
		expect(docStatus(run([{ type: 'disconnected' }]))).toBe('offline')
	})

	test('a sync step 2 that arrives before the join counts for nothing', () => {
		expect(run([{ type: 'connected' }, { type: 'synced' }]).synced).toBe(false)
	})

	test('errors that retrying cannot fix stop the document; the others do not', () => {
		const synced = run([
			{ type: 'connected' },
			{ type: 'joined', readOnly: false },
			{ type: 'synced' },
		])
		for (const error of ['rate_limited', 'not_joined', 'out_of_sync', 'internal'] as const) {
			expect(docStatus(run([{ type: 'refused', error }], synced))).toBe('synced')
		}
		for (const error of ['too_large', 'malformed'] as const) {
			const state = run([{ type: 'refused', error }], synced)
			expect(docStatus(state)).toBe('error')
			expect(state.error).toBe(error)
		}
		const readOnly = run([{ type: 'refused', error: 'read_only' }], synced)
		expect(readOnly.readOnly).toBe(true)
		expect(docStatus(run([{ type: 'join-failed', error: 'unavailable' }]))).toBe('connecting')
		const forbidden = run([{ type: 'connected' }, { type: 'join-failed', error: 'not_found' }])
		expect(docStatus(forbidden)).toBe('error')
		// An error outlasts reconnecting.
		expect(docStatus(run([{ type: 'disconnected' }, { type: 'connected' }], forbidden))).toBe(
			'error',
		)
	})
})

function textUpdate(text: string, clientId: number) {
	const doc = new Y.Doc()
	doc.clientID = clientId
	doc.getText('t').insert(0, text)
	return Y.encodeStateAsUpdate(doc)
}

describe('outbox', () => {
	test('changes queued while one message is in flight leave together as one update', () => {
		const outbox = new Outbox()
		outbox.push(textUpdate('a', 1))
		const first = outbox.take()!
		expect(first.weight).toBe(1)
		outbox.push(textUpdate('b', 2))
		outbox.push(textUpdate('c', 3))
		expect(outbox.take()).toBeNull()
		expect(outbox.pending).toBe(3)
		outbox.acknowledge()
		const second = outbox.take()!
		expect(second.weight).toBe(2)
		const decoded = decodeMessage(second.payload)
		expect(decoded.type).toBe('update')
		const doc = new Y.Doc()
		Y.applyUpdate(doc, (decoded as { update: Uint8Array }).update)
		expect(doc.getText('t').toString().split('').sort().join('')).toBe('bc')
		outbox.acknowledge()
		expect(outbox.pending).toBe(0)
	})

	test('a refused message goes back to the front; a framed message leaves alone', () => {
		const outbox = new Outbox()
		outbox.pushFramed(encodeSyncStep2(textUpdate('x', 1)), 4)
		outbox.push(textUpdate('y', 2))
		const framed = outbox.take()!
		expect(framed.weight).toBe(4)
		expect(decodeMessage(framed.payload).type).toBe('sync-step-2')
		outbox.retry()
		expect(outbox.pending).toBe(5)
		expect(outbox.take()!.weight).toBe(4)
		outbox.acknowledge()
		expect(outbox.take()!.weight).toBe(1)
	})

	test('batches stay under the size limit; drain hands everything to the next handshake', () => {
		const outbox = new Outbox()
		for (let index = 0; index < 5; index++) outbox.push(textUpdate('x'.repeat(100), index + 1))
		expect(outbox.take(250)!.weight).toBe(2)
		expect(outbox.drain()).toBe(5)
		expect(outbox.pending).toBe(0)
		expect(outbox.take()).toBeNull()
	})
})

describe('framing', () => {
	test('the shared codecs frame messages exactly as y-protocols reads and writes them', () => {
		const doc = new Y.Doc()
		doc.getText('t').insert(0, 'Zápis ze setkání')
		// Our sync step 1, read by y-protocols, is answered with a step 2 we can decode.
		const step1 = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))
		const decoder = decoding.createDecoder(step1)
		expect(decoding.readVarUint(decoder)).toBe(0)
		const reply = encoding.createEncoder()
		encoding.writeVarUint(reply, 0)
		syncProtocol.readSyncMessage(decoder, reply, doc, null)
		const answer = decodeMessage(encoding.toUint8Array(reply))
		expect(answer.type).toBe('sync-step-2')
		const copy = new Y.Doc()
		Y.applyUpdate(copy, (answer as { update: Uint8Array }).update)
		expect(copy.getText('t').toString()).toBe('Zápis ze setkání')
		// An update framed by y-protocols decodes as an update.
		const written = encoding.createEncoder()
		encoding.writeVarUint(written, 0)
		syncProtocol.writeUpdate(written, Y.encodeStateAsUpdate(doc))
		expect(decodeMessage(encoding.toUint8Array(written)).type).toBe('update')
		// Awareness: the same bytes y-websocket sends.
		const awareness = new awarenessProtocol.Awareness(doc)
		awareness.setLocalStateField('user', { name: 'Jana' })
		const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])
		const framed = encodeAwareness(update)
		expect(decodeMessage(framed)).toEqual({ type: 'awareness', update })
		expect(() => decodeMessage(new Uint8Array([0, 7, 0]))).toThrow()
	})
})

// A small stand-in for the engine: one document, every update stored before the ack, then
// broadcast. Switches let a test refuse messages the way the real server may.
type FakeServer = {
	url: string
	doc: Y.Doc
	received: Array<{ type: string; weight: number }>
	refuseNext: Array<MessageAck & { ok: false }>
	readOnlyUsers: Set<string>
	sockets: () => ServerSocket[]
	close: () => Promise<void>
}

async function startFakeServer(): Promise<FakeServer> {
	const httpServer = http.createServer()
	const io = new Server(httpServer)
	const doc = new Y.Doc()
	const awareness = new awarenessProtocol.Awareness(doc)
	awareness.setLocalState(null)
	const received: FakeServer['received'] = []
	const refuseNext: FakeServer['refuseNext'] = []
	const readOnlyUsers = new Set<string>()
	const nsp = io.of('/yjs')
	nsp.on('connection', (socket) => {
		const user = String(socket.handshake.query.user ?? 'anonymous')
		let readOnly = false
		socket.on('join', ({ doc: name }: { doc: string }, ack: (reply: unknown) => void) => {
			readOnly = readOnlyUsers.has(user)
			void socket.join(name)
			ack({ ok: true, readOnly })
			socket.emit('y', name, encodeSyncStep1(Y.encodeStateVector(doc)))
			const states = [...awareness.getStates().keys()]
			if (states.length) {
				socket.emit(
					'y',
					name,
					encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, states)),
				)
			}
		})
		socket.on('leave', ({ doc: name }: { doc: string }) => void socket.leave(name))
		socket.on('y', (name: string, payload: Uint8Array, ack: (reply: MessageAck) => void) => {
			const message = decodeMessage(new Uint8Array(payload))
			if (message.type === 'sync-step-1') {
				socket.emit('y', name, encodeSyncStep2(Y.encodeStateAsUpdate(doc, message.stateVector)))
				return ack({ ok: true })
			}
			if (message.type === 'awareness') {
				awarenessProtocol.applyAwarenessUpdate(awareness, message.update, socket)
				socket.to(name).emit('y', name, encodeAwareness(message.update))
				return ack({ ok: true })
			}
			const refusal = refuseNext.shift()
			if (refusal) return ack(refusal)
			if (readOnly) return ack({ ok: false, error: 'read_only' })
			received.push({ type: message.type, weight: 1 })
			Y.applyUpdate(doc, message.update)
			ack({ ok: true })
			socket.to(name).emit('y', name, encodeUpdate(message.update))
		})
	})
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
	const { port } = httpServer.address() as AddressInfo
	return {
		url: `http://127.0.0.1:${port}`,
		doc,
		received,
		refuseNext,
		readOnlyUsers,
		sockets: () => [...nsp.sockets.values()],
		close: () => new Promise<void>((resolve) => io.close(() => resolve())),
	}
}

const cleanups: Array<() => unknown> = []
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const DOC = 'meeting:abc123:minutes'

async function setup() {
	const server = await startFakeServer()
	cleanups.push(() => server.close())
	const open = (user: string) => {
		const client = new RealtimeClient({
			url: server.url,
			socketOptions: { query: { user }, reconnectionDelay: 50, reconnectionDelayMax: 100 },
		})
		cleanups.push(() => client.destroy())
		const doc = new Y.Doc({ gc: false })
		const awareness = new awarenessProtocol.Awareness(doc)
		const statuses: string[] = []
		const handle = client.openDocument(DOC, doc, awareness)
		handle.subscribe(() => {
			const status = handle.getStatus()
			if (statuses.at(-1) !== status) statuses.push(status)
		})
		return { client, doc, awareness, handle, statuses, text: () => doc.getText('t').toString() }
	}
	return { server, open }
}

function eventually(assertion: () => void) {
	return vi.waitFor(assertion, { timeout: 5000, interval: 20 })
}

function waitForStatus(handle: DocumentHandle, status: string) {
	return eventually(() => expect(handle.getStatus()).toBe(status))
}

describe('provider against a server', () => {
	test('two people see each other’s text; a change is sent once and never echoed back', async () => {
		const { server, open } = await setup()
		const jana = open('jana')
		const petr = open('petr')
		await waitForStatus(jana.handle, 'saved')
		await waitForStatus(petr.handle, 'saved')
		const before = server.received.length
		jana.doc.getText('t').insert(0, 'Jana píše. ')
		await eventually(() => expect(petr.text()).toBe('Jana píše. '))
		petr.doc.getText('t').insert(petr.text().length, 'Petr doplňuje.')
		await eventually(() => expect(jana.text()).toBe('Jana píše. Petr doplňuje.'))
		await waitForStatus(jana.handle, 'saved')
		await waitForStatus(petr.handle, 'saved')
		expect(server.received.length - before).toBe(2)
		expect(server.doc.getText('t').toString()).toBe('Jana píše. Petr doplňuje.')
		expect(jana.statuses.slice(0, 3)).toEqual(['connecting', 'saving', 'saved'])
		expect(jana.statuses).not.toContain('offline')
	})

	test('presence: each sees the other’s awareness state; it goes when the other leaves', async () => {
		const { open } = await setup()
		const jana = open('jana')
		const petr = open('petr')
		jana.awareness.setLocalStateField('user', { name: 'Jana Nováková', color: '#1d4f91' })
		petr.awareness.setLocalStateField('user', { name: 'Petr Svoboda', color: '#a4161a' })
		const names = (awareness: awarenessProtocol.Awareness) =>
			[...awareness.getStates().values()]
				.map((state) => (state as { user?: { name: string } }).user?.name)
				.filter(Boolean)
				.sort()
		await eventually(() => expect(names(jana.awareness)).toEqual(['Jana Nováková', 'Petr Svoboda']))
		await eventually(() => expect(names(petr.awareness)).toEqual(['Jana Nováková', 'Petr Svoboda']))
		petr.handle.close()
		await eventually(() => expect(names(jana.awareness)).toEqual(['Jana Nováková']))
	})

	test('changes made while offline are kept, reported as offline and merged on reconnect', async () => {
		const { server, open } = await setup()
		const jana = open('jana')
		const petr = open('petr')
		await waitForStatus(jana.handle, 'saved')
		await waitForStatus(petr.handle, 'saved')
		jana.client.socket.disconnect()
		await waitForStatus(jana.handle, 'offline')
		jana.doc.getText('t').insert(0, 'Napsáno bez připojení. ')
		petr.doc.getText('t').insert(0, 'Mezitím online. ')
		expect(jana.handle.getState().pending).toBe(1)
		await waitForStatus(petr.handle, 'saved')
		jana.client.socket.connect()
		await waitForStatus(jana.handle, 'saved')
		await eventually(() => expect(petr.text()).toBe(jana.text()))
		expect(jana.text()).toContain('Napsáno bez připojení. ')
		expect(jana.text()).toContain('Mezitím online. ')
		expect(server.doc.getText('t').toString()).toBe(jana.text())
	})

	test('a dropped connection with a change in flight loses nothing', async () => {
		const { server, open } = await setup()
		const jana = open('jana')
		await waitForStatus(jana.handle, 'saved')
		// The server refuses as if the connection broke: the change must come back on re-join.
		server.refuseNext.push({ ok: false, error: 'out_of_sync' })
		jana.doc.getText('t').insert(0, 'Důležitý bod')
		await eventually(() => expect(server.doc.getText('t').toString()).toBe('Důležitý bod'))
		await waitForStatus(jana.handle, 'saved')
		server.sockets().forEach((socket) => socket.disconnect(true))
		jana.doc.getText('t').insert(0, 'Další: ')
		await eventually(() => expect(server.doc.getText('t').toString()).toBe('Další: Důležitý bod'))
		await waitForStatus(jana.handle, 'saved')
	})

	test('rate limited changes are sent again later', async () => {
		const { server, open } = await setup()
		const jana = open('jana')
		await waitForStatus(jana.handle, 'saved')
		server.refuseNext.push({ ok: false, error: 'rate_limited' })
		jana.doc.getText('t').insert(0, 'Pomalu')
		await waitForStatus(jana.handle, 'saving')
		await eventually(() => expect(server.doc.getText('t').toString()).toBe('Pomalu'))
		await waitForStatus(jana.handle, 'saved')
	})

	test('a read-only join receives the text and offers nothing back', async () => {
		const { server, open } = await setup()
		const jana = open('jana')
		jana.doc.getText('t').insert(0, 'Jen ke čtení')
		await waitForStatus(jana.handle, 'saved')
		server.readOnlyUsers.add('eva')
		const eva = open('eva')
		await waitForStatus(eva.handle, 'synced')
		expect(eva.handle.getState().readOnly).toBe(true)
		expect(eva.text()).toBe('Jen ke čtení')
		const before = server.received.length
		jana.doc.getText('t').insert(0, 'Nové: ')
		await eventually(() => expect(eva.text()).toBe('Nové: Jen ke čtení'))
		await waitForStatus(jana.handle, 'saved')
		expect(server.received.length - before).toBe(1)
	})

	test('a too large change stops the document with an error and keeps the text locally', async () => {
		const { server, open } = await setup()
		const jana = open('jana')
		await waitForStatus(jana.handle, 'saved')
		server.refuseNext.push({ ok: false, error: 'too_large' })
		jana.doc.getText('t').insert(0, 'Obrovský text')
		await waitForStatus(jana.handle, 'error')
		expect(jana.handle.getState().error).toBe('too_large')
		expect(jana.text()).toBe('Obrovský text')
		await expect(jana.handle.whenSaved()).rejects.toThrow('too_large')
	})
})
