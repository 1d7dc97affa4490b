import { eq } from 'drizzle-orm'
import { expect, onTestFinished, test } from 'vitest'
import { createSession, validateSessionToken } from '#app/auth/session.server.ts'
import { getDb } from '#db/client.ts'
import { databaseState, resetStorageHealth } from '#db/storage-health.ts'
import { sessions } from '#db/schema.ts'
import { connectClient } from '#tests/setup/realtime-client.ts'
import {
	createMinutesFixture,
	startRealtimeServer,
	waitFor,
} from '#tests/setup/realtime-fixtures.ts'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

/** The database refuses every write (SQLITE_READONLY), as a read-only file system does. */
function readOnlyDatabase() {
	getDb().$client.pragma('query_only = ON')
	onTestFinished(() => {
		getDb().$client.pragma('query_only = OFF')
		resetStorageHealth()
	})
}

test('while the database refuses writes, a session due for its "last used" update still reads', async () => {
	const people = createMinutesFixture()
	const token = people.member.cookie.split('=')[1]!
	const sessionId = token.split('.')[0]!
	// Last used two hours ago: validating it would normally write the new time.
	getDb()
		.update(sessions)
		.set({ lastUsedAt: new Date(Date.now() - 2 * HOUR) })
		.where(eq(sessions.id, sessionId))
		.run()
	const { url } = await startRealtimeServer()
	readOnlyDatabase()

	const validated = validateSessionToken(token)
	expect(validated?.user.id).toBe(people.member.id)
	expect(databaseState().status).toBe('read_only')

	// The realtime handshake and join validate the same session: the minutes open for reading.
	const client = await connectClient(url, { cookie: people.member.cookie })
	onTestFinished(() => client.close())
	expect(await client.join(people.docs.first)).toMatchObject({ ok: true })
	await waitFor(() => client.doc(people.docs.first).synced)
})

test('a session due for renewal keeps its old expiry while writes are refused, and is renewed later', () => {
	const user = createMinutesFixture().member
	const now = new Date()
	// Created 20 days ago: within its last 15 days, so it is renewed when used.
	const { token } = createSession(user.id, null, new Date(now.getTime() - 20 * DAY))
	readOnlyDatabase()
	const during = validateSessionToken(token, now)
	expect(during).toMatchObject({ renewed: false, user: { id: user.id } })
	expect(during!.expiresAt.getTime()).toBeLessThan(now.getTime() + 15 * DAY)

	getDb().$client.pragma('query_only = OFF')
	const after = validateSessionToken(token, now)
	expect(after).toMatchObject({ renewed: true })
	expect(after!.expiresAt.getTime()).toBeGreaterThan(now.getTime() + 29 * DAY)
})
