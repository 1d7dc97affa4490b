import { describe, expect, test } from 'vitest'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { getDb } from '#db/client.ts'
import {
	encodeAwareness,
	encodeUpdate,
	MESSAGE_ERRORS,
	type MessageAck,
} from '#server/realtime/protocol.ts'
import { createSqliteStorage } from '#server/realtime/storage.ts'
import { mulberry32 } from '#tests/setup/random.ts'
import type { TestClient } from '#tests/setup/realtime-client.ts'
import {
	createMinutesFixture,
	joinedClient,
	startRealtimeServer,
	testLogger,
	waitFor,
} from '#tests/setup/realtime-fixtures.ts'

/**
 * Makes a change in a copy of `client`'s document, written as Yjs client `clientId`, and sends
 * it; answers the acknowledgement. The client's own document is left as it was.
 */
async function sendChange(
	client: TestClient,
	docName: string,
	clientId: number,
	change: (doc: Y.Doc) => void,
): Promise<MessageAck> {
	const doc = new Y.Doc({ gc: false })
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(client.doc(docName).doc))
	doc.clientID = clientId
	const updates: Uint8Array[] = []
	doc.on('update', (update: Uint8Array) => updates.push(update))
	change(doc)
	doc.destroy()
	return client.send(docName, encodeUpdate(Y.mergeUpdates(updates)))
}

/** The stored document's `users` map (Y.PermanentUserData) and `authors` map. */
async function storedIdentity(docName: string) {
	const loaded = await createSqliteStorage(getDb(), testLogger()).loadDocument(docName)
	const doc = new Y.Doc({ gc: false })
	if (loaded.state) Y.applyUpdate(doc, loaded.state)
	const users: Record<string, number[]> = {}
	doc.getMap<Y.Map<Y.Array<number>>>('users').forEach((entry, userId) => {
		users[userId] = entry.get('ids')?.toArray() ?? []
	})
	return { users, authors: doc.getMap<string>('authors').toJSON() as Record<string, string> }
}

/** Waits until the other clients have applied what `client` has (the sync round trip). */
async function settled(clients: TestClient[], docName: string) {
	const target = Y.encodeStateVector(clients[0]!.doc(docName).doc).toString()
	await waitFor(() =>
		clients.every((client) => Y.encodeStateVector(client.doc(docName).doc).toString() === target),
	)
}

describe('presence is stamped by the server', () => {
	test("a presence claiming another user's id and name is shown with the sender's own", async () => {
		const { url } = await startRealtimeServer()
		const people = createMinutesFixture()
		const petr = await joinedClient(url, people.member.cookie, people.docs.first)
		const marie = await joinedClient(url, people.guest.cookie, people.docs.first)
		const petrDoc = petr.doc(people.docs.first)
		const forged = new Awareness(petrDoc.doc)
		forged.setLocalState({
			user: { id: people.convenor.id, name: 'Jana Nováková', color: '#a4161a' },
			cursor: { anchor: 3, head: 7 },
		})
		const ack = await petr.send(
			people.docs.first,
			encodeAwareness(encodeAwarenessUpdate(forged, [petrDoc.doc.clientID])),
		)
		forged.destroy()
		expect(ack).toEqual({ ok: true })
		const seen = () => marie.doc(people.docs.first).awareness.getStates().get(petrDoc.doc.clientID)
		await waitFor(() => seen() !== undefined)
		expect(seen()).toEqual({
			user: { id: people.member.id, name: 'Petr Svoboda', color: '#a4161a' },
			cursor: { anchor: 3, head: 7 },
		})
	})

	test('a presence without a user, or with an unusable colour, still says who it is', async () => {
		const { url } = await startRealtimeServer()
		const people = createMinutesFixture()
		const petr = await joinedClient(url, people.member.cookie, people.docs.first)
		const marie = await joinedClient(url, people.guest.cookie, people.docs.first)
		const petrDoc = petr.doc(people.docs.first)
		petrDoc.awareness.setLocalState({ user: { color: 'url(javascript:alert(1))' }, typing: true })
		const seen = () => marie.doc(people.docs.first).awareness.getStates().get(petrDoc.doc.clientID)
		await waitFor(() => seen() !== undefined)
		expect(seen()).toEqual({ user: { id: people.member.id, name: 'Petr Svoboda' }, typing: true })
	})
})

describe('authorship is the session user’s', () => {
	test("a mapping of one's client id to another user is refused and not stored", async () => {
		const { url } = await startRealtimeServer()
		const people = createMinutesFixture()
		const petr = await joinedClient(url, people.member.cookie, people.docs.first)
		const petrClient = petr.doc(people.docs.first).doc.clientID
		const forged = await sendChange(petr, people.docs.first, petrClient, (doc) => {
			new Y.PermanentUserData(doc).setUserMapping(doc, petrClient, people.convenor.id)
			doc.getText('content').insert(0, 'Tohle napsala Jana.')
		})
		expect(forged).toEqual({ ok: false, error: 'forbidden' })
		expect(await storedIdentity(people.docs.first)).toEqual({ users: {}, authors: {} })

		// Mapping oneself is what the minutes editor does: accepted.
		const own = await sendChange(petr, people.docs.first, petrClient, (doc) => {
			new Y.PermanentUserData(doc).setUserMapping(doc, petrClient, people.member.id)
			doc.getMap('authors').set(people.member.id, 'Petr Svoboda')
		})
		expect(own).toEqual({ ok: true })
		expect(await storedIdentity(people.docs.first)).toEqual({
			users: { [people.member.id]: [petrClient] },
			authors: { [people.member.id]: 'Petr Svoboda' },
		})
	})

	test("nobody adds to, changes or removes another user's entries, or writes as their client", async () => {
		const { url } = await startRealtimeServer()
		const people = createMinutesFixture()
		const jana = await joinedClient(url, people.convenor.cookie, people.docs.first)
		const petr = await joinedClient(url, people.member.cookie, people.docs.first)
		const janaDoc = jana.doc(people.docs.first).doc
		// Jana maps herself and writes, as the editor does.
		new Y.PermanentUserData(janaDoc).setUserMapping(janaDoc, janaDoc.clientID, people.convenor.id)
		janaDoc.getMap('authors').set(people.convenor.id, 'Jana Nováková')
		janaDoc.getText('content').insert(0, 'Jana píše zápis.')
		await settled([jana, petr], people.docs.first)
		const before = await storedIdentity(people.docs.first)
		expect(before.users).toEqual({ [people.convenor.id]: [janaDoc.clientID] })

		const petrClient = petr.doc(people.docs.first).doc.clientID
		const attempts: Array<[string, number, (doc: Y.Doc) => void]> = [
			[
				"Petr's client id pushed into Jana's entry",
				petrClient,
				(doc) => {
					const entry = doc.getMap<Y.Map<Y.Array<number>>>('users').get(people.convenor.id)!
					entry.get('ids')!.push([petrClient])
				},
			],
			[
				"Jana's client id claimed in Petr's own entry",
				petrClient,
				(doc) =>
					new Y.PermanentUserData(doc).setUserMapping(doc, janaDoc.clientID, people.member.id),
			],
			[
				"Jana's entry replaced",
				petrClient,
				(doc) => {
					const entry = new Y.Map<Y.Array<number>>()
					entry.set('ids', Y.Array.from([petrClient]))
					entry.set('ds', new Y.Array<number>())
					doc.getMap('users').set(people.convenor.id, entry)
				},
			],
			["Jana's entry deleted", petrClient, (doc) => doc.getMap('users').delete(people.convenor.id)],
			[
				"Jana's name in the authors legend changed",
				petrClient,
				(doc) => doc.getMap('authors').set(people.convenor.id, 'Podvodnice'),
			],
			[
				"Petr's legend entry with Jana's name",
				petrClient,
				(doc) => doc.getMap('authors').set(people.member.id, 'Jana Nováková'),
			],
			[
				'text written under Jana’s client id',
				janaDoc.clientID,
				(doc) => doc.getText('content').insert(0, 'Podvrh: '),
			],
		]
		for (const [what, clientId, change] of attempts)
			expect(await sendChange(petr, people.docs.first, clientId, change), what).toEqual({
				ok: false,
				error: 'forbidden',
			})
		expect(await storedIdentity(people.docs.first)).toEqual(before)

		// Petr's ordinary editing, including deleting Jana's text, is untouched by all this.
		expect(
			await sendChange(petr, people.docs.first, petrClient, (doc) => {
				doc.getText('content').delete(0, 5)
				doc.getText('content').insert(0, 'Petr opravil: ')
			}),
		).toEqual({ ok: true })
	})

	test('mangled identity changes get an answer, never an error of the server', async () => {
		const { url, realtime } = await startRealtimeServer({
			limits: { messagesPerSecond: 1e9, messageBurst: 1e9 },
		})
		const people = createMinutesFixture()
		const jana = await joinedClient(url, people.convenor.cookie, people.docs.first)
		const petr = await joinedClient(url, people.member.cookie, people.docs.first)
		const janaDoc = jana.doc(people.docs.first).doc
		new Y.PermanentUserData(janaDoc).setUserMapping(janaDoc, janaDoc.clientID, people.convenor.id)
		janaDoc.getText('content').insert(0, 'Jana píše zápis.')
		await settled([jana, petr], people.docs.first)
		// Forged changes to mangle: mapping, replacing and deleting entries, writing as Jana.
		const petrDoc = petr.doc(people.docs.first).doc
		const forged = [
			(doc: Y.Doc) =>
				new Y.PermanentUserData(doc).setUserMapping(doc, petrDoc.clientID, people.convenor.id),
			(doc: Y.Doc) => doc.getMap('users').delete(people.convenor.id),
			(doc: Y.Doc) => doc.getMap('authors').set(people.convenor.id, 'Podvodnice'),
		].map((change) => {
			const doc = new Y.Doc({ gc: false })
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(petrDoc))
			doc.clientID = petrDoc.clientID
			const updates: Uint8Array[] = []
			doc.on('update', (update: Uint8Array) => updates.push(update))
			change(doc)
			doc.destroy()
			return encodeUpdate(Y.mergeUpdates(updates))
		})
		const random = mulberry32(10)
		const pick = (count: number) => Math.floor(random() * count)
		const allowed = new Set<string>(MESSAGE_ERRORS)
		const replies: MessageAck[] = []
		for (let round = 0; round < 300; round++) {
			const message = forged[pick(forged.length)]!.slice()
			for (let flips = 1 + pick(3); flips > 0; flips--)
				message[pick(message.length)]! ^= 1 << pick(8)
			replies.push(await petr.send(people.docs.first, message))
		}
		for (const reply of replies) if (!reply.ok) expect(allowed.has(reply.error)).toBe(true)
		// Not one reached the stored identity maps, and the document still works for everyone.
		expect(replies.filter((reply) => !reply.ok && reply.error === 'internal')).toEqual([])
		expect((await storedIdentity(people.docs.first)).users).toEqual({
			[people.convenor.id]: [janaDoc.clientID],
		})
		// Petr's mangled messages never touched his own copy (they were sent raw); what the server
		// accepted of them (deletions, say) reaches him when he syncs again, as a client does after
		// `out_of_sync`. Then everyone works on as before.
		expect(await petr.join(people.docs.first)).toMatchObject({ ok: true })
		jana.doc(people.docs.first).type(' Pokračuje.')
		await waitFor(() => petr.doc(people.docs.first).text.toString().includes('Pokračuje.'))
		expect(realtime.engine.registry.get(people.docs.first)).toBeDefined()
	})
})
