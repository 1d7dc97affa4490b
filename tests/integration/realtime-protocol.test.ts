import * as encoding from 'lib0/encoding'
import { describe, expect, onTestFinished, test } from 'vitest'
import * as Y from 'yjs'
import { invalidateSession } from '#app/auth/session.server.ts'
import { getDb } from '#db/client.ts'
import {
	decodeMessage,
	encodeAwareness,
	encodeAwarenessEntries,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
	type MessageAck,
	toUint8Array,
} from '#server/realtime/protocol.ts'
import { createSqliteStorage } from '#server/realtime/storage.ts'
import { connectClient } from '#tests/setup/realtime-client.ts'
import {
	client,
	countingStorage,
	createMinutesFixture,
	startRealtimeServer,
	testLogger,
	waitFor,
} from '#tests/setup/realtime-fixtures.ts'

/** An update typed in a fresh document, as a client that has synced nothing would send it. */
function freshUpdate(text: string, clientID?: number) {
	const doc = new Y.Doc()
	if (clientID !== undefined) doc.clientID = clientID
	doc.getText('content').insert(0, text)
	return Y.encodeStateAsUpdate(doc)
}

function storedRows(docName: string) {
	return getDb()
		.$client.prepare('select id, user_id as userId from yjs_updates where doc_name = ? order by id')
		.all(docName) as Array<{ id: number; userId: string | null }>
}

async function storedText(docName: string) {
	const loaded = await createSqliteStorage(getDb(), testLogger()).loadDocument(docName)
	const doc = new Y.Doc()
	if (loaded.state) Y.applyUpdate(doc, loaded.state)
	return doc.getText('content').toString()
}

async function joinedClient(url: string, cookie: string, docName: string) {
	const joined = await client(url, { cookie })
	expect(await joined.join(docName)).toEqual({ ok: true, readOnly: false })
	await waitFor(() => joined.doc(docName).synced)
	return joined
}

describe('realtime handshake and join', () => {
	test('a socket without a valid session, or from another site, is refused', async () => {
		const { url } = await startRealtimeServer()
		const people = createMinutesFixture()
		await expect(connectClient(url)).rejects.toThrow('unauthorized')
		await expect(connectClient(url, { cookie: 'sitovka_session=abc.def' })).rejects.toThrow(
			'unauthorized',
		)
		await expect(
			connectClient(url, {
				cookie: people.member.cookie,
				headers: { origin: 'https://evil.example' },
			}),
		).rejects.toThrow()
		const accepted = await client(url, {
			cookie: people.member.cookie,
			headers: { origin: 'http://localhost:3000' },
		})
		expect(accepted.socket.connected).toBe(true)
	})

	test('join answers by role and never reveals a document the user may not see', async () => {
		const { url } = await startRealtimeServer()
		const people = createMinutesFixture()
		for (const writer of [people.admin, people.convenor, people.member, people.guest]) {
			const socket = await client(url, { cookie: writer.cookie })
			expect(await socket.join(people.docs.first)).toEqual({ ok: true, readOnly: false })
		}
		const observer = await client(url, { cookie: people.observer.cookie })
		expect(await observer.join(people.docs.first)).toEqual({ ok: true, readOnly: true })
		// A member of the group cannot see another group's meeting; neither can the outsider ours.
		expect(await observer.join(people.docs.foreign)).toEqual({ ok: false, error: 'not_found' })
		const outsider = await client(url, { cookie: people.outsider.cookie })
		expect(await outsider.join(people.docs.first)).toEqual({ ok: false, error: 'not_found' })
		expect(await outsider.join(people.docs.foreign)).toEqual({ ok: true, readOnly: false })
		const member = await client(url, { cookie: people.member.cookie })
		for (const name of [
			'meeting:doesnotexist0000:minutes',
			'meeting:' + people.docs.first.split(':')[1] + ':notes',
			'plan:abc',
			'meeting',
			'Meeting:x:minutes',
			'meeting:a b:minutes',
			'x'.repeat(300),
		])
			expect(await member.join(name), name).toEqual({ ok: false, error: 'not_found' })
	})

	test('a session revoked after the handshake can no longer join', async () => {
		const { url } = await startRealtimeServer()
		const people = createMinutesFixture()
		const member = await client(url, { cookie: people.member.cookie })
		const sessionId = people.member.cookie.split('=')[1]!.split('.')[0]!
		invalidateSession(sessionId)
		expect(await member.join(people.docs.first)).toEqual({ ok: false, error: 'unauthorized' })
	})
})

describe('realtime editing', () => {
	test('an update is acknowledged and broadcast only once it is stored, with its author', async () => {
		// Slow commits: an acknowledgement or broadcast sent before the commit would be caught.
		const sqlite = createSqliteStorage(getDb(), testLogger())
		const { storage } = countingStorage(sqlite, { appendDelayMs: 50 })
		const { url } = await startRealtimeServer({ storage })
		const people = createMinutesFixture()
		const member = await joinedClient(url, people.member.cookie, people.docs.first)
		const guest = await joinedClient(url, people.guest.cookie, people.docs.first)
		const rowsWhenBroadcast: number[] = []
		guest.socket.on('y', (_name: string, payload: Uint8Array) => {
			if (decodeMessage(toUint8Array(payload)!).type === 'update')
				rowsWhenBroadcast.push(storedRows(people.docs.first).length)
		})
		const seenInAck = await new Promise<{ ack: MessageAck; rows: number; author: string | null }>(
			(resolve) => {
				member.socket.emit(
					'y',
					people.docs.first,
					encodeUpdate(freshUpdate('Zápis: přítomni 12 členů.')),
					(ack: MessageAck) => {
						// Runs when the ack arrives: the row must already be committed.
						const rows = storedRows(people.docs.first)
						resolve({ ack, rows: rows.length, author: rows.at(-1)?.userId ?? null })
					},
				)
			},
		)
		expect(seenInAck).toEqual({ ack: { ok: true }, rows: 1, author: people.member.id })
		await waitFor(() => expect(rowsWhenBroadcast).toEqual([1]))
		expect(guest.doc(people.docs.first).text.toString()).toBe('Zápis: přítomni 12 členů.')
		expect(await storedText(people.docs.first)).toBe('Zápis: přítomni 12 členů.')
		// Sending the same update again changes nothing and stores nothing.
		expect(await member.send(people.docs.first, encodeUpdate(freshUpdate('x', 1)))).toEqual({
			ok: true,
		})
		expect(await member.send(people.docs.first, encodeUpdate(freshUpdate('x', 1)))).toEqual({
			ok: true,
		})
		expect(storedRows(people.docs.first)).toHaveLength(2)
	})

	test('two clients typing at the same time converge on the same text', async () => {
		const { url, realtime } = await startRealtimeServer()
		const people = createMinutesFixture()
		const jana = await joinedClient(url, people.convenor.cookie, people.docs.first)
		const petr = await joinedClient(url, people.member.cookie, people.docs.first)
		const expected: string[] = []
		for (let index = 0; index < 40; index++) {
			jana.doc(people.docs.first).type(`[J${index}]`)
			petr.doc(people.docs.first).type(`[P${index}]`)
			expected.push(`[J${index}]`, `[P${index}]`)
		}
		await waitFor(() => {
			const text = jana.doc(people.docs.first).text.toString()
			expect(petr.doc(people.docs.first).text.toString()).toBe(text)
			for (const token of expected) expect(text).toContain(token)
		})
		const serverDoc = realtime.engine.registry.get(people.docs.first)!
		expect(serverDoc.getText('content').toString()).toBe(
			jana.doc(people.docs.first).text.toString(),
		)
		await waitFor(async () =>
			expect(await storedText(people.docs.first)).toBe(jana.doc(people.docs.first).text.toString()),
		)
	})

	test('an observer is read-only: its changes are refused, not stored and not broadcast', async () => {
		const { url } = await startRealtimeServer()
		const people = createMinutesFixture()
		const member = await joinedClient(url, people.member.cookie, people.docs.first)
		const observer = await client(url, { cookie: people.observer.cookie })
		expect(await observer.join(people.docs.first)).toEqual({ ok: true, readOnly: true })
		await waitFor(() => observer.doc(people.docs.first).synced)
		const forged = freshUpdate('Pozorovatel píše do zápisu')
		expect(await observer.send(people.docs.first, encodeUpdate(forged))).toEqual({
			ok: false,
			error: 'read_only',
		})
		expect(await observer.send(people.docs.first, encodeSyncStep2(forged))).toEqual({
			ok: false,
			error: 'read_only',
		})
		// Sync step 1 and awareness are allowed.
		expect(
			await observer.send(people.docs.first, encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))),
		).toEqual({ ok: true })
		// The member's next edit arrives; the observer's would have arrived before it.
		member.doc(people.docs.first).type('Bod 1: rozpočet')
		await waitFor(() =>
			expect(observer.doc(people.docs.first).text.toString()).toBe('Bod 1: rozpočet'),
		)
		expect(member.doc(people.docs.first).text.toString()).toBe('Bod 1: rozpočet')
		expect(await storedText(people.docs.first)).toBe('Bod 1: rozpočet')
		expect(storedRows(people.docs.first).every((row) => row.userId === people.member.id)).toBe(true)
	})

	test('one socket carries several documents, each kept apart', async () => {
		const { url } = await startRealtimeServer()
		const people = createMinutesFixture()
		const jana = await client(url, { cookie: people.convenor.cookie })
		for (const name of [people.docs.first, people.docs.second]) {
			expect(await jana.join(name)).toEqual({ ok: true, readOnly: false })
			await waitFor(() => jana.doc(name).synced)
		}
		const petr = await joinedClient(url, people.member.cookie, people.docs.second)
		jana.doc(people.docs.first).type('Prosinec: dluhové poradenství')
		jana.doc(people.docs.second).type('Leden: noclehárna')
		await waitFor(() =>
			expect(petr.doc(people.docs.second).text.toString()).toBe('Leden: noclehárna'),
		)
		await waitFor(async () => {
			expect(await storedText(people.docs.first)).toBe('Prosinec: dluhové poradenství')
			expect(await storedText(people.docs.second)).toBe('Leden: noclehárna')
		})
		expect(petr.received.has(people.docs.first)).toBe(false)
	})

	test('leaving or disconnecting removes the awareness state for everybody else', async () => {
		const { url } = await startRealtimeServer()
		const people = createMinutesFixture()
		const jana = await joinedClient(url, people.convenor.cookie, people.docs.first)
		const petr = await joinedClient(url, people.member.cookie, people.docs.first)
		const marie = await joinedClient(url, people.guest.cookie, people.docs.first)
		const janaDoc = jana.doc(people.docs.first)
		const petrDoc = petr.doc(people.docs.first)
		janaDoc.awareness.setLocalState({ user: { name: 'Jana Nováková' }, cursor: 3 })
		petrDoc.awareness.setLocalState({ user: { name: 'Petr Svoboda' } })
		const marieStates = () => marie.doc(people.docs.first).awareness.getStates()
		await waitFor(() => {
			expect(marieStates().get(janaDoc.doc.clientID)).toMatchObject({ cursor: 3 })
			expect(marieStates().has(petrDoc.doc.clientID)).toBe(true)
		})
		// A late joiner gets everyone's state right after joining.
		const tomas = await joinedClient(url, people.admin.cookie, people.docs.first)
		await waitFor(() =>
			expect(tomas.doc(people.docs.first).awareness.getStates().has(janaDoc.doc.clientID)).toBe(
				true,
			),
		)
		expect(await jana.leave(people.docs.first)).toEqual({ ok: true })
		await waitFor(() => expect(marieStates().has(janaDoc.doc.clientID)).toBe(false))
		petr.socket.disconnect()
		await waitFor(() => expect(marieStates().has(petrDoc.doc.clientID)).toBe(false))
	})

	test("nobody can overwrite another user's awareness state", async () => {
		const { url } = await startRealtimeServer()
		const people = createMinutesFixture()
		const jana = await joinedClient(url, people.convenor.cookie, people.docs.first)
		const petr = await joinedClient(url, people.member.cookie, people.docs.first)
		const janaDoc = jana.doc(people.docs.first)
		janaDoc.awareness.setLocalState({ user: { name: 'Jana Nováková' } })
		const petrStates = () => petr.doc(people.docs.first).awareness.getStates()
		await waitFor(() => expect(petrStates().has(janaDoc.doc.clientID)).toBe(true))
		const spoof = encodeAwarenessEntries([
			{
				clientId: janaDoc.doc.clientID,
				clock: 1000,
				state: JSON.stringify({ user: { name: 'Podvodník' } }),
			},
			{ clientId: 4242, clock: 1, state: JSON.stringify({ user: { name: 'Petr Svoboda' } }) },
		])
		expect(await petr.send(people.docs.first, encodeAwareness(spoof))).toEqual({ ok: true })
		const marie = await joinedClient(url, people.guest.cookie, people.docs.first)
		const marieStates = () => marie.doc(people.docs.first).awareness.getStates()
		await waitFor(() => expect(marieStates().has(4242)).toBe(true))
		// The server stamps the session user on every state (realtime-identity.test.ts).
		expect(marieStates().get(janaDoc.doc.clientID)).toEqual({
			user: { id: people.convenor.id, name: 'Jana Nováková' },
		})
	})
})

describe('realtime refusals and limits', () => {
	test('messages for a document not joined, too large or malformed are refused', async () => {
		const { url } = await startRealtimeServer({ limits: { maxPayloadBytes: 4096 } })
		const people = createMinutesFixture()
		const member = await joinedClient(url, people.member.cookie, people.docs.first)
		const update = encodeUpdate(freshUpdate('Ahoj'))
		expect(await member.send(people.docs.second, update)).toEqual({
			ok: false,
			error: 'not_joined',
		})
		expect(await member.send(people.docs.first, new Uint8Array(5000))).toEqual({
			ok: false,
			error: 'too_large',
		})
		expect(await member.send(people.docs.first, 'text')).toEqual({ ok: false, error: 'malformed' })
		expect(await member.send(42, update)).toEqual({ ok: false, error: 'malformed' })
		expect(await member.send(people.docs.first, update.subarray(0, 5))).toEqual({
			ok: false,
			error: 'malformed',
		})
		expect(await member.leave(people.docs.first)).toEqual({ ok: true })
		expect(await member.leave(people.docs.first)).toEqual({ ok: false, error: 'not_joined' })
		expect(await member.send(people.docs.first, update)).toEqual({ ok: false, error: 'not_joined' })
		expect(storedRows(people.docs.first)).toHaveLength(0)
	})

	test('an update that depends on changes the server lacks is refused out_of_sync', async () => {
		const { url } = await startRealtimeServer()
		const people = createMinutesFixture()
		const member = await joinedClient(url, people.member.cookie, people.docs.first)
		const offline = new Y.Doc()
		offline.getText('content').insert(0, 'Ztracená první část. ')
		const before = Y.encodeStateVector(offline)
		offline.getText('content').insert(21, 'Druhá část.')
		const second = Y.encodeStateAsUpdate(offline, before)
		expect(await member.send(people.docs.first, encodeUpdate(second))).toEqual({
			ok: false,
			error: 'out_of_sync',
		})
		expect(storedRows(people.docs.first)).toHaveLength(0)
		// The sync that follows carries both parts.
		expect(
			await member.send(people.docs.first, encodeSyncStep2(Y.encodeStateAsUpdate(offline))),
		).toEqual({ ok: true })
		expect(await storedText(people.docs.first)).toBe('Ztracená první část. Druhá část.')
	})

	test('an update Yjs fails to apply is refused and leaves no trace: the document reloads', async () => {
		const { url, realtime } = await startRealtimeServer()
		const people = createMinutesFixture()
		const jana = await joinedClient(url, people.convenor.cookie, people.docs.first)
		const petr = await joinedClient(url, people.member.cookie, people.docs.first)
		jana.doc(people.docs.first).type('Uložený text. ')
		await waitFor(() => jana.doc(people.docs.first).acked.size === 1)
		const before = realtime.engine.registry.get(people.docs.first)
		// Readable, but integrating it throws half-way: client 6's item goes in first, then client
		// 5's item names an origin that does not exist.
		const encoder = encoding.createEncoder()
		encoding.writeVarUint(encoder, 2)
		for (const [client, origin, text] of [
			[6, null, 'JED'],
			[5, 10, 'bad'],
		] as const) {
			encoding.writeVarUint(encoder, 1)
			encoding.writeVarUint(encoder, client)
			encoding.writeVarUint(encoder, 0)
			if (origin === null) {
				encoding.writeUint8(encoder, 4)
				encoding.writeVarUint(encoder, 1)
				encoding.writeVarString(encoder, 'content')
			} else {
				encoding.writeUint8(encoder, 4 | 0x80)
				encoding.writeVarUint(encoder, client)
				encoding.writeVarUint(encoder, origin)
			}
			encoding.writeVarString(encoder, text)
		}
		encoding.writeVarUint(encoder, 0)
		const poison = encoding.toUint8Array(encoder)
		expect(() => Y.decodeUpdate(poison)).not.toThrow()
		expect(await petr.send(people.docs.first, encodeUpdate(poison))).toEqual({
			ok: false,
			error: 'malformed',
		})
		// Everyone is told to join again, and does (the test client re-joins by itself).
		await waitFor(() => {
			expect(jana.closedNotices).toEqual([{ doc: people.docs.first, reason: 'reset' }])
			expect(petr.closedNotices).toEqual([{ doc: people.docs.first, reason: 'reset' }])
			expect(jana.doc(people.docs.first).synced && petr.doc(people.docs.first).synced).toBe(true)
		})
		const after = realtime.engine.registry.get(people.docs.first)!
		expect(after).not.toBe(before)
		expect(after.getText('content').toString()).toBe('Uložený text. ')
		jana.doc(people.docs.first).type('Pokračujeme.')
		await waitFor(() =>
			expect(petr.doc(people.docs.first).text.toString()).toBe('Uložený text. Pokračujeme.'),
		)
		expect(await storedText(people.docs.first)).toBe('Uložený text. Pokračujeme.')
	})

	test('a flooding socket is rate limited, then recovers', async () => {
		const { url } = await startRealtimeServer({
			limits: { messagesPerSecond: 50, messageBurst: 20 },
		})
		const people = createMinutesFixture()
		const member = await client(url, { cookie: people.member.cookie })
		expect(await member.join(people.docs.first)).toMatchObject({ ok: true })
		const step1 = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))
		const acks = await Promise.all(
			Array.from({ length: 200 }, () => member.send(people.docs.first, step1)),
		)
		const limited = acks.filter((ack) => !ack.ok && ack.error === 'rate_limited').length
		expect(limited).toBeGreaterThan(100)
		// The burst (less the join handshake) gets through; every other message is refused.
		expect(acks.length - limited).toBeGreaterThanOrEqual(15)
		expect(acks.every((ack) => ack.ok || ack.error === 'rate_limited')).toBe(true)
		await waitFor(async () =>
			expect(await member.send(people.docs.first, step1)).toEqual({ ok: true }),
		)
	})

	test('hundreds of sockets joining at once load the document once', async () => {
		const people = createMinutesFixture()
		const first = await startRealtimeServer()
		const author = await joinedClient(first.url, people.convenor.cookie, people.docs.first)
		author.doc(people.docs.first).type('Text, který musí dostat všichni.')
		await waitFor(() => author.doc(people.docs.first).acked.size === 1)
		author.close()
		await first.close()

		// A fresh server (nothing in memory) whose loads take a while, like a networked database.
		const sqlite = createSqliteStorage(getDb(), testLogger())
		const { storage, counts } = countingStorage(sqlite, { loadDelayMs: 100 })
		// One user's 150 sockets: past the usual per-user limit, raised for this test.
		const { url } = await startRealtimeServer({ storage, limits: { maxConnectionsPerUser: 150 } })
		const sockets = await Promise.all(
			Array.from({ length: 150 }, () => connectClient(url, { cookie: people.member.cookie })),
		)
		onTestFinished(() => sockets.forEach((socket) => socket.close()))
		const replies = await Promise.all(sockets.map((socket) => socket.join(people.docs.first)))
		expect(replies.every((reply) => reply.ok)).toBe(true)
		await waitFor(() =>
			sockets.every(
				(socket) =>
					socket.doc(people.docs.first).text.toString() === 'Text, který musí dostat všichni.',
			),
		)
		expect(counts.loads).toBe(1)
	})
})

describe('realtime storage lifecycle', () => {
	test('compaction folds the log into a snapshot; a cold load gives the same text', async () => {
		const limits = { compactAfterUpdates: 10, compactDelayMs: 0 }
		const first = await startRealtimeServer({ limits })
		const people = createMinutesFixture()
		const jana = await joinedClient(first.url, people.convenor.cookie, people.docs.first)
		const janaDoc = jana.doc(people.docs.first)
		for (let index = 0; index < 60; index++) {
			janaDoc.type(`Bod ${index}. `)
			if (index % 7 === 0) janaDoc.text.delete(0, 2)
		}
		await waitFor(() => janaDoc.acked.size === 60)
		const snapshot = () =>
			getDb()
				.$client.prepare(
					'select through_update_id as through from yjs_snapshots where doc_name = ?',
				)
				.get(people.docs.first) as { through: number } | undefined
		await waitFor(() => expect(snapshot()?.through).toBeGreaterThan(0))
		const expected = janaDoc.text.toString()
		expect(await storedText(people.docs.first)).toBe(expected)
		// Closing folds whatever is left.
		jana.close()
		await first.close()
		expect(storedRows(people.docs.first)).toHaveLength(0)
		expect(await storedText(people.docs.first)).toBe(expected)

		// The snapshot keeps its state vector: the next load greets clients before decoding it.
		const stored = getDb()
			.$client.prepare('select state, state_vector as vector from yjs_snapshots where doc_name = ?')
			.get(people.docs.first) as { state: Buffer; vector: Buffer }
		const decoded = new Y.Doc()
		Y.applyUpdate(decoded, stored.state)
		expect(Buffer.compare(stored.vector, Y.encodeStateVector(decoded))).toBe(0)

		const second = await startRealtimeServer({ limits })
		const petr = await joinedClient(second.url, people.member.cookie, people.docs.first)
		const petrDoc = petr.doc(people.docs.first)
		expect(petrDoc.text.toString()).toBe(expected)
		// Typing at once lands on the whole document, decoded or not yet.
		petrDoc.type(' Doplněno.')
		await waitFor(() => petrDoc.acked.size === 1)
		const eva = await joinedClient(second.url, people.convenor.cookie, people.docs.first)
		expect(eva.doc(people.docs.first).text.toString()).toBe(`${expected} Doplněno.`)
		expect(await storedText(people.docs.first)).toBe(`${expected} Doplněno.`)
	})

	test('an idle document is unloaded and loaded again by the next join', async () => {
		const { storage, counts } = countingStorage(createSqliteStorage(getDb(), testLogger()))
		const { url, realtime } = await startRealtimeServer({ storage, limits: { idleUnloadMs: 10 } })
		const people = createMinutesFixture()
		const jana = await joinedClient(url, people.convenor.cookie, people.docs.first)
		jana.doc(people.docs.first).type('Uloženo před odchodem.')
		await waitFor(() => jana.doc(people.docs.first).acked.size === 1)
		expect(realtime.engine.registry.size).toBe(1)
		await jana.leave(people.docs.first)
		await waitFor(() => realtime.engine.registry.size === 0)
		const loads = counts.loads
		const petr = await joinedClient(url, people.member.cookie, people.docs.first)
		expect(counts.loads).toBe(loads + 1)
		expect(petr.doc(people.docs.first).text.toString()).toBe('Uloženo před odchodem.')
	})
})
