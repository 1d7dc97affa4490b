import { expect, onTestFinished, test } from 'vitest'
import * as Y from 'yjs'
import { getEnv } from '#app/utils/env.server.ts'
import { getDb } from '#db/client.ts'
import { createSqliteStorage } from '#server/realtime/storage.ts'
import { connectClient, type TestClient } from '#tests/setup/realtime-client.ts'
import {
	createMinutesFixture,
	spawnRealtimeServer,
	testLogger,
	waitFor,
} from '#tests/setup/realtime-fixtures.ts'

async function storedText(name: string) {
	const loaded = await createSqliteStorage(getDb(), testLogger()).loadDocument(name)
	const doc = new Y.Doc()
	if (loaded.state) Y.applyUpdate(doc, loaded.state)
	return doc.getText('content').toString()
}

const occurrences = (text: string, token: string) => text.split(token).length - 1
const token = (tag: string) => `⟨${tag}⟩`

/** Types a new token every few milliseconds, whether connected or not, until stopped. */
function startTyping(client: TestClient, name: string, prefix: string) {
	let count = 0
	const timer = setInterval(() => {
		const tag = `${prefix}${count++}`
		client.doc(name).type(token(tag), tag)
	}, 3)
	const stop = () => clearInterval(timer)
	onTestFinished(stop)
	return stop
}

test(
	'every acknowledged edit survives a killed server exactly once, and clients converge after restart',
	{ timeout: 60_000 },
	async () => {
		const people = createMinutesFixture()
		const name = people.docs.first
		const databaseFile = getEnv().databasePath
		const first = await spawnRealtimeServer(databaseFile)

		const clients = await Promise.all(
			[people.convenor.cookie, people.member.cookie].map((cookie) =>
				connectClient(first.url, { cookie, reconnect: true }),
			),
		)
		onTestFinished(() => clients.forEach((client) => client.close()))
		const [jana, petr] = clients as [TestClient, TestClient]
		for (const client of clients) {
			expect(await client.join(name)).toEqual({ ok: true, readOnly: false })
			await waitFor(() => client.doc(name).synced)
		}
		const stops = [startTyping(jana, name, 'J'), startTyping(petr, name, 'P')]
		const acked = () => [...jana.doc(name).acked, ...petr.doc(name).acked]

		// Kill mid-typing, with no chance to flush anything.
		await waitFor(() => acked().length >= 150, { timeout: 20_000 })
		first.child.kill('SIGKILL')
		expect(await first.exited).toBe('SIGKILL')
		await waitFor(() => !jana.socket.connected && !petr.socket.connected)

		// Straight from the database: every acknowledged edit is there, exactly once.
		const ackedAtKill = acked()
		const afterKill = await storedText(name)
		for (const tag of ackedAtKill) expect(occurrences(afterKill, token(tag)), tag).toBe(1)

		// Edits keep coming while the server is down; restart it on the same database and port.
		const typedWhileDown = jana.doc(name).typed.length
		await waitFor(() => jana.doc(name).typed.length > typedWhileDown + 20)
		const second = await spawnRealtimeServer(databaseFile, first.port)
		await waitFor(() => clients.every((client) => client.doc(name).synced), { timeout: 20_000 })
		const ackedBeforeStop = acked().length
		await waitFor(() => acked().length > ackedBeforeStop + 50, { timeout: 20_000 })
		stops.forEach((stop) => stop())

		// Both clients converge on a text holding every edit either of them typed, exactly once.
		const typed = [...jana.doc(name).typed, ...petr.doc(name).typed]
		await waitFor(
			() => {
				const text = jana.doc(name).text.toString()
				expect(petr.doc(name).text.toString()).toBe(text)
				for (const tag of typed) expect(occurrences(text, token(tag)), tag).toBe(1)
			},
			{ timeout: 20_000 },
		)
		const final = jana.doc(name).text.toString()
		await waitFor(async () => expect(await storedText(name)).toBe(final))

		// A graceful stop folds the log; the stored text stays the same.
		second.child.kill('SIGTERM')
		expect(await second.exited).toBe('0')
		expect(await storedText(name)).toBe(final)
	},
)
