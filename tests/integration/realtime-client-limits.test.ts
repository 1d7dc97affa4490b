import { describe, expect, onTestFinished, test } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { RealtimeClient } from '#app/realtime/provider.ts'
import { docStatus, initialDocState, reduceDocState } from '#app/realtime/status.ts'
import type { Connection } from '#server/realtime/connection.ts'
import { REALTIME_NAMESPACE } from '#server/realtime/protocol.ts'
import { connectClient } from '#tests/setup/realtime-client.ts'
import {
	createMinutesFixture,
	startRealtimeServer,
	waitFor,
} from '#tests/setup/realtime-fixtures.ts'

/** The browser's realtime client (app/realtime/provider.ts) with a user's session cookie. */
function browser(url: string, cookie: string) {
	const client = new RealtimeClient({
		url,
		socketOptions: { extraHeaders: { cookie }, reconnectionDelay: 50, reconnectionDelayMax: 100 },
	})
	onTestFinished(() => client.destroy())
	const open = (name: string) => {
		const doc = new Y.Doc({ gc: false })
		const handle = client.openDocument(name, doc, new Awareness(doc))
		const statuses: string[] = []
		handle.subscribe(() => {
			const status = handle.getStatus()
			if (statuses.at(-1) !== status) statuses.push(status)
		})
		return { doc, handle, statuses, text: () => doc.getText('content').toString() }
	}
	return { client, open }
}

/** Joined and synced (a writer's own handshake answer counts as saved). */
const ready = (status: string) => status === 'synced' || status === 'saved'

describe('the page and the server limits', () => {
	test('a change past the size cap is kept in the browser and the page says why', async () => {
		const { url } = await startRealtimeServer({
			limits: { maxDocumentBytes: 16 * 1024, documentSizeSlackBytes: 1024 },
		})
		const people = createMinutesFixture()
		const { open } = browser(url, people.member.cookie)
		const minutes = open(people.docs.first)
		await waitFor(() => ready(minutes.handle.getStatus()))
		minutes.doc.getText('content').insert(0, 'Přítomni: 12 členů. ')
		await waitFor(() => minutes.handle.getStatus() === 'saved')
		minutes.doc.getText('content').insert(20, 'Příloha: '.repeat(3000))
		await waitFor(() => minutes.handle.getStatus() === 'error')
		expect(minutes.handle.getState().error).toBe('document_too_large')
		// Nothing typed is lost: it stays in this browser's document.
		expect(minutes.text()).toBe(`Přítomni: 12 členů. ${'Příloha: '.repeat(3000)}`)
	})

	test('after a resync notice the page joins again and gets what it missed', async () => {
		const { url, realtime } = await startRealtimeServer()
		const people = createMinutesFixture()
		const { client, open } = browser(url, people.observer.cookie)
		const reader = open(people.docs.first)
		await waitFor(() => reader.handle.getStatus() === 'synced')
		const writer = await connectClient(url, { cookie: people.convenor.cookie })
		onTestFinished(() => writer.close())
		expect((await writer.join(people.docs.first)).ok).toBe(true)

		// What the server does to a socket that fell behind on reading: drop it from the document
		// with `closed` (reason `resync`). Its joining again is held here until a change has been
		// made and broadcast without it, so only the new join's sync can bring that change.
		const namespace = realtime.io.of(REALTIME_NAMESPACE)
		const serverSocket = namespace.sockets.get(client.socket.id!)!
		const connection = serverSocket.data.connection as Connection
		const document = connection.documents.get(people.docs.first)!
		let release!: () => void
		const held = new Promise<void>((resolve) => (release = resolve))
		let rejoined = false
		serverSocket.use(([event], next) => {
			if (event !== 'join') return next()
			rejoined = true
			void held.then(() => next())
		})
		connection.leaveDocument(document, 'resync')
		writer.doc(people.docs.first).type('Změna, kterou čtenář zmeškal.', 'missed')
		await waitFor(() => writer.doc(people.docs.first).acked.has('missed') && rejoined)
		expect(reader.text()).toBe('')
		release()
		await waitFor(
			() =>
				reader.text() === 'Změna, kterou čtenář zmeškal.' && reader.handle.getStatus() === 'synced',
		)
		// Meanwhile the page said it was catching up ("Načítám změny, které přibyly…").
		expect(reader.statuses.slice(-2)).toEqual(['resyncing', 'synced'])
		expect(reader.handle.getStatus()).toBe('synced')
	})

	test('too many windows: the page says so, and says nothing more once it connects', async () => {
		const { url } = await startRealtimeServer({ limits: { maxConnectionsPerUser: 1 } })
		const people = createMinutesFixture()
		const first = browser(url, people.member.cookie).open(people.docs.first)
		await waitFor(() => ready(first.handle.getStatus()))
		const second = browser(url, people.member.cookie).open(people.docs.first)
		await waitFor(() => second.handle.getStatus() === 'error')
		expect(second.handle.getState().error).toBe('too_many_connections')
		// Once a later attempt connects (another window was closed), the message goes away.
		const connectedAgain = reduceDocState(second.handle.getState(), { type: 'connected' })
		expect(connectedAgain.error).toBeNull()
		expect(docStatus(connectedAgain)).toBe('connecting')
		// Other errors are not cleared by connecting.
		const tooLarge = reduceDocState(initialDocState, {
			type: 'refused',
			error: 'document_too_large',
		})
		expect(reduceDocState(tooLarge, { type: 'connected' }).error).toBe('document_too_large')
	})
})
