import { describe, expect, onTestFinished, test } from 'vitest'
import * as Y from 'yjs'
import { getDb } from '#db/client.ts'
import {
	CONNECT_ERROR_TOO_MANY_CONNECTIONS,
	decodeMessage,
	encodeSyncStep1,
	encodeUpdate,
	type MessageAck,
	REALTIME_NAMESPACE,
	toUint8Array,
} from '#server/realtime/protocol.ts'
import { createSqliteStorage } from '#server/realtime/storage.ts'
import { connectClient, type TestClient } from '#tests/setup/realtime-client.ts'
import {
	client,
	createMinutesFixture,
	joinedClient,
	startRealtimeServer,
	testLogger,
	waitFor,
} from '#tests/setup/realtime-fixtures.ts'

/** `count` characters of minutes-like text (no two lines the same, so nothing compresses). */
function longText(count: number, seed = 'Zápis') {
	let text = ''
	for (let line = 0; text.length < count; line++)
		text += `${seed} ${line}: projednáno, usneseno, úkol pro OSPOD a azylový dům. `
	return text.slice(0, count)
}

/** Types `text` as one change and waits for its acknowledgement. */
async function typeAndWait(writer: TestClient, docName: string, text: string) {
	const document = writer.doc(docName)
	const tag = `typed-${document.typed.length}`
	document.type(text, tag)
	await waitFor(() => document.acked.has(tag) || document.refusals.length > 0, { timeout: 15_000 })
	return document.acked.has(tag)
}

async function storedText(docName: string) {
	const loaded = await createSqliteStorage(getDb(), testLogger()).loadDocument(docName)
	const doc = new Y.Doc()
	if (loaded.state) Y.applyUpdate(doc, loaded.state)
	return doc.getText('content').toString()
}

/** Counts the sync step 2 answers (and their bytes) a socket receives for `docName`. */
function countAnswers(reader: TestClient, docName: string) {
	const received = { answers: 0, bytes: 0 }
	reader.socket.on('y', (name: string, raw: unknown) => {
		const payload = toUint8Array(raw)
		if (name !== docName || !payload) return
		if (decodeMessage(payload).type !== 'sync-step-2') return
		received.answers++
		received.bytes += payload.byteLength
	})
	return received
}

const MiB = 1024 * 1024
const emptyVector = () => Y.encodeStateVector(new Y.Doc())

describe('sync requests cost their answer', () => {
	test('a read-only socket asking 300 times for a large document gets a bounded number of bytes', async () => {
		// Budgets that do not refill during the test: what is received is bounded by the burst.
		const { url } = await startRealtimeServer({
			limits: { syncByteBurst: 2 * MiB, syncBytesPerSecond: 1 },
		})
		const people = createMinutesFixture()
		const writer = await joinedClient(url, people.convenor.cookie, people.docs.first)
		expect(await typeAndWait(writer, people.docs.first, longText(500_000))).toBe(true)

		const observer = await joinedClient(url, people.observer.cookie, people.docs.first)
		expect(observer.doc(people.docs.first).readOnly).toBe(true)
		const received = countAnswers(observer, people.docs.first)
		const request = encodeSyncStep1(emptyVector())
		const acks = await Promise.all(
			Array.from({ length: 300 }, () => observer.send(people.docs.first, request)),
		)
		const answered = acks.filter((ack) => ack.ok).length
		// 2 MiB of budget buys four answers of ~0.5 MB and a fifth that goes into debt.
		expect(answered).toBeLessThanOrEqual(5)
		expect(acks.filter((ack) => !ack.ok && ack.error === 'rate_limited')).toHaveLength(
			300 - answered,
		)
		await waitFor(() => received.answers === answered)
		expect(received.bytes).toBeLessThan(3 * MiB)
		// Without the budget this was 300 answers: 150 MB for 1,200 bytes asked.
	})

	test("a user's sockets share one budget, and other people can still sync the document", async () => {
		const { url } = await startRealtimeServer({
			limits: {
				syncByteBurst: 2 * MiB,
				syncBytesPerSecond: 1,
				userSyncByteBurst: 3 * MiB,
				userSyncBytesPerSecond: 1,
			},
		})
		const people = createMinutesFixture()
		const writer = await joinedClient(url, people.convenor.cookie, people.docs.first)
		expect(await typeAndWait(writer, people.docs.first, longText(500_000))).toBe(true)

		const sockets = await Promise.all(
			Array.from({ length: 4 }, () => joinedClient(url, people.observer.cookie, people.docs.first)),
		)
		const counters = sockets.map((socket) => countAnswers(socket, people.docs.first))
		const request = encodeSyncStep1(emptyVector())
		const acks = (
			await Promise.all(
				sockets.flatMap((socket) =>
					Array.from({ length: 20 }, () => socket.send(people.docs.first, request)),
				),
			)
		).filter((ack) => ack.ok)
		// The joins' own syncs used ~2 MB of the user's 3 MiB; the rest buys about two answers.
		expect(acks.length).toBeLessThanOrEqual(3)
		await waitFor(() => counters.reduce((sum, counter) => sum + counter.answers, 0) === acks.length)
		// Somebody else (their own budget) joins and syncs the whole document as usual.
		const member = await joinedClient(url, people.member.cookie, people.docs.first)
		expect(member.doc(people.docs.first).text.length).toBe(500_000)
	})

	test('the whole document is encoded once per version, however many ask', async () => {
		const { url, realtime } = await startRealtimeServer()
		const people = createMinutesFixture()
		const writer = await joinedClient(url, people.convenor.cookie, people.docs.first)
		expect(await typeAndWait(writer, people.docs.first, longText(20_000))).toBe(true)
		const document = realtime.engine.registry.get(people.docs.first)!
		const first = await document.syncStep2For(emptyVector())
		// A state vector naming only clients the document does not have asks for everything too.
		const unknownClient = Y.encodeStateVector(new Map([[123_456, 7]]))
		expect(await document.syncStep2For(emptyVector())).toBe(first)
		expect(await document.syncStep2For(unknownClient)).toBe(first)
		expect(await typeAndWait(writer, people.docs.first, '!')).toBe(true)
		const next = await document.syncStep2For(emptyVector())
		expect(next).not.toBe(first)
		expect(next.byteLength).toBeGreaterThan(first.byteLength)
	})
})

describe('document size', () => {
	test('a change past the size cap is refused; the document stays readable and writable below it', async () => {
		const limits = { maxDocumentBytes: 64 * 1024, documentSizeSlackBytes: 4 * 1024 }
		const { url } = await startRealtimeServer({ limits })
		const people = createMinutesFixture()
		const writer = await joinedClient(url, people.convenor.cookie, people.docs.first)
		const first = longText(40_000, 'První')
		expect(await typeAndWait(writer, people.docs.first, first)).toBe(true)
		const ack = await writer.send(
			people.docs.first,
			encodeUpdate(
				(() => {
					const doc = new Y.Doc()
					doc.getText('content').insert(0, longText(40_000, 'Druhý'))
					return Y.encodeStateAsUpdate(doc)
				})(),
			),
		)
		expect(ack).toEqual({ ok: false, error: 'document_too_large' })
		// Small changes still fit.
		expect(await typeAndWait(writer, people.docs.first, ' Konec.')).toBe(true)
		expect(await storedText(people.docs.first)).toBe(`${first} Konec.`)
		const reader = await joinedClient(url, people.observer.cookie, people.docs.first)
		expect(reader.doc(people.docs.first).text.toString()).toBe(`${first} Konec.`)
	})

	test('a document stored before the cap was lowered is still read in full, but takes no more', async () => {
		const people = createMinutesFixture()
		const before = await startRealtimeServer()
		const writer = await joinedClient(before.url, people.convenor.cookie, people.docs.first)
		const text = longText(100_000)
		expect(await typeAndWait(writer, people.docs.first, text)).toBe(true)
		writer.close()
		await before.close()

		const { url } = await startRealtimeServer({
			limits: { maxDocumentBytes: 64 * 1024, documentSizeSlackBytes: 4 * 1024 },
		})
		const reader = await joinedClient(url, people.member.cookie, people.docs.first)
		expect(reader.doc(people.docs.first).text.toString()).toBe(text)
		const document = reader.doc(people.docs.first)
		document.type('x', 'late')
		await waitFor(() => document.refusals.length > 0)
		expect(document.refusals).toEqual(['document_too_large'])
		expect(await storedText(people.docs.first)).toBe(text)
	})
})

describe('sockets per user and per address', () => {
	test("a user's socket past the limit is refused until one of theirs closes", async () => {
		const { url } = await startRealtimeServer({ limits: { maxConnectionsPerUser: 3 } })
		const people = createMinutesFixture()
		const open = await Promise.all(
			Array.from({ length: 3 }, () => client(url, { cookie: people.member.cookie })),
		)
		await expect(connectClient(url, { cookie: people.member.cookie })).rejects.toThrow(
			CONNECT_ERROR_TOO_MANY_CONNECTIONS,
		)
		// Another user is not affected.
		await client(url, { cookie: people.guest.cookie })
		open[0]!.close()
		const again = await waitFor(() => connectClient(url, { cookie: people.member.cookie }))
		onTestFinished(() => again.close())
		expect(again.socket.connected).toBe(true)
	})

	test('one address may hold only so many sockets; a proxy on this machine names the client', async () => {
		const { url } = await startRealtimeServer({ limits: { maxConnectionsPerAddress: 2 } })
		const people = createMinutesFixture()
		await client(url, { cookie: people.member.cookie })
		await client(url, { cookie: people.guest.cookie })
		await expect(connectClient(url, { cookie: people.convenor.cookie })).rejects.toThrow(
			CONNECT_ERROR_TOO_MANY_CONNECTIONS,
		)
		// Through a reverse proxy on this machine, the forwarded address counts.
		const proxied = await client(url, {
			cookie: people.convenor.cookie,
			headers: { 'x-forwarded-for': '203.0.113.7' },
		})
		expect(proxied.socket.connected).toBe(true)
	})
})

/** The engine.io/ws internals of a server-side socket, read the way the test needs them. */
type EngineInternals = {
	writeBuffer: Array<{ data?: unknown }>
	transport: { socket?: { bufferedAmount?: number } }
}

type ServerSocket = {
	conn: { on(event: 'packet', listener: (packet: { type: string }) => void): void }
}

/** The server's side of a test client's socket. */
function serverSocket(realtime: { io: { of(name: string): unknown } }, socketId: string) {
	const namespace = realtime.io.of(REALTIME_NAMESPACE) as { sockets: Map<string, ServerSocket> }
	const socket = namespace.sockets.get(socketId)
	if (!socket) throw new Error(`no socket ${socketId} on the server`)
	return socket
}

/** Bytes the server holds for a socket that were not written out: engine.io's queue + ws's. */
function serverBuffered(realtime: { io: { of(name: string): unknown } }, socketId: string) {
	const namespace = realtime.io.of(REALTIME_NAMESPACE) as { sockets: Map<string, ServerSocket> }
	const socket = namespace.sockets.get(socketId)
	if (!socket) return 0
	const engine = socket.conn as unknown as EngineInternals
	let queued = 0
	for (const packet of engine.writeBuffer) {
		const data = packet.data
		queued +=
			typeof data === 'string' ? data.length : ArrayBuffer.isView(data) ? data.byteLength : 0
	}
	return queued + (engine.transport.socket?.bufferedAmount ?? 0)
}

/** The TCP socket under a test client's WebSocket (engine.io-client on `ws`). */
function tcpOf(reader: TestClient) {
	const transport = reader.socket.io.engine.transport as unknown as {
		ws: { _socket: { pause(): void; resume(): void } }
	}
	return transport.ws._socket
}

describe('backpressure', () => {
	test('a reader that stops reading is dropped and asked to sync again, not buffered without bound', async () => {
		const limit = 256 * 1024
		const { url, realtime } = await startRealtimeServer({
			limits: {
				maxBufferedBytesPerConnection: limit,
				// The writer pushes megabytes quickly; its own limits are not under test here.
				bytesPerSecond: 1024 * MiB,
				byteBurst: 1024 * MiB,
				maxDocumentBytes: 1024 * MiB,
			},
		})
		const people = createMinutesFixture()
		const writer = await joinedClient(url, people.convenor.cookie, people.docs.first)
		const reader = await joinedClient(url, people.observer.cookie, people.docs.first)
		const readerId = reader.socket.id!
		tcpOf(reader).pause()

		// 24 changes of 600 KB: far more than the kernel's socket buffers take.
		const chunk = 600_000
		let peak = 0
		let written = ''
		for (let index = 0; index < 24; index++) {
			const text = longText(chunk, `Odstavec ${index}`)
			written += text
			expect(await typeAndWait(writer, people.docs.first, text)).toBe(true)
			peak = Math.max(peak, serverBuffered(realtime, readerId))
		}
		// The server dropped the reader from the document instead of queueing 14 MB for it: what it
		// holds is the limit plus the one change that crossed it, at most.
		expect(peak).toBeLessThan(limit + 2 * chunk + 64 * 1024)
		const document = realtime.engine.registry.get(people.docs.first)!
		expect(document.connectionCount).toBe(1)

		// Reading again, it finds the `resync` notice after what it had been sent, joins again and
		// gets everything it missed.
		tcpOf(reader).resume()
		await waitFor(
			() =>
				expect(reader.closedNotices).toContainEqual({ doc: people.docs.first, reason: 'resync' }),
			{ timeout: 15_000 },
		)
		await waitFor(() => reader.doc(people.docs.first).text.length === written.length, {
			timeout: 15_000,
		})
		expect(reader.doc(people.docs.first).text.toString()).toBe(written)
	})

	test('a socket behind on reading gets no sync answers until it catches up', async () => {
		const { url, realtime } = await startRealtimeServer({
			limits: {
				maxBufferedBytesPerConnection: 64 * 1024,
				// Budgets out of the way: only the reading backlog is under test.
				syncByteBurst: 1024 * MiB,
				userSyncByteBurst: 1024 * MiB,
				documentSyncByteBurst: 1024 * MiB,
			},
		})
		const people = createMinutesFixture()
		const writer = await joinedClient(url, people.convenor.cookie, people.docs.first)
		expect(await typeAndWait(writer, people.docs.first, longText(400_000))).toBe(true)
		const reader = await joinedClient(url, people.observer.cookie, people.docs.first)
		// Counts the messages the server has received from the reader (each is decided at once).
		let arrived = 0
		serverSocket(realtime, reader.socket.id!).conn.on('packet', (packet: { type: string }) => {
			if (packet.type === 'message') arrived++
		})
		tcpOf(reader).pause()
		const request = encodeSyncStep1(emptyVector())
		const acks: Array<Promise<MessageAck>> = []
		for (let index = 0; index < 100; index++) acks.push(reader.send(people.docs.first, request))
		await waitFor(() => arrived >= 100)
		await waitFor(() => {
			// Answers go out once earlier commits are through: let them all be written.
			const before = serverBuffered(realtime, reader.socket.id!)
			return new Promise<boolean>((resolve) =>
				setTimeout(() => resolve(serverBuffered(realtime, reader.socket.id!) === before), 50),
			)
		})
		const held = serverBuffered(realtime, reader.socket.id!)
		tcpOf(reader).resume()
		const answered = (await Promise.all(acks)).filter((ack) => ack.ok).length
		expect(answered).toBeLessThan(100)
		// Without the check 100 answers of 400 KB (40 MB) were queued for a socket reading nothing;
		// now only what went out before its backlog showed (the kernel takes a few MB first).
		expect(held).toBeLessThan(20 * 400_000)
	})
})
