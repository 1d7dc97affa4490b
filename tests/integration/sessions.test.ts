import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import {
	createSession,
	invalidateOtherSessions,
	invalidateSession,
	listSessions,
	SESSION_LIFETIME_MS,
	validateSessionToken,
} from '#app/auth/session.server.ts'
import { createUser } from '#app/auth/users.server.ts'
import { getDb } from '#db/client.ts'
import { sessions } from '#db/schema.ts'

const DAY = 24 * 60 * 60 * 1000

let counter = 0
async function makeUser() {
	const email = `jana.novakova${++counter}@example.cz`
	return createUser({ email, name: 'Jana Nováková', password: 'Zelena-louka-u-Jizery-2026' })
}

describe('sessions', () => {
	test('the cookie token is <id>.<secret> and only a hash of the secret is stored', async () => {
		const user = await makeUser()
		const { token, id } = createSession(user.id, 'Mozilla/5.0 Firefox/140.0')
		const [tokenId, secret] = token.split('.')
		expect(tokenId).toBe(id)
		const row = getDb().select().from(sessions).where(eq(sessions.id, id)).get()!
		expect(row.secretHash).toHaveLength(32)
		expect(Buffer.from(row.secretHash).toString('utf8')).not.toContain(secret)
		expect(validateSessionToken(token)?.user.email).toBe(user.email)
	})

	test('a wrong secret, a malformed token or an unknown id is not a session', async () => {
		const user = await makeUser()
		const { token, id } = createSession(user.id)
		expect(validateSessionToken(`${id}.${'a'.repeat(24)}`)).toBeNull()
		expect(validateSessionToken(id)).toBeNull()
		expect(validateSessionToken(`${token}.extra`)).toBeNull()
		expect(validateSessionToken(`nope.${token.split('.')[1]}`)).toBeNull()
		expect(validateSessionToken('')).toBeNull()
	})

	test('a session expires after 30 days without use and is deleted', async () => {
		const user = await makeUser()
		const start = new Date('2026-01-01T08:00:00Z')
		const { token, id } = createSession(user.id, null, start)
		// Used on day 10: still valid, not yet renewed.
		expect(validateSessionToken(token, new Date(start.getTime() + 10 * DAY))?.renewed).toBe(false)
		// Not used again until 30 days after the start: gone.
		const expired = new Date(start.getTime() + SESSION_LIFETIME_MS)
		expect(validateSessionToken(token, expired)).toBeNull()
		expect(getDb().select().from(sessions).where(eq(sessions.id, id)).get()).toBeUndefined()
	})

	test('using a session in its last 15 days renews it for another 30', async () => {
		const user = await makeUser()
		const start = new Date('2026-01-01T08:00:00Z')
		const { token } = createSession(user.id, null, start)
		const early = validateSessionToken(token, new Date(start.getTime() + 10 * DAY))!
		expect(early.renewed).toBe(false)
		expect(early.expiresAt.getTime()).toBe(start.getTime() + 30 * DAY)

		const day20 = new Date(start.getTime() + 20 * DAY)
		const renewed = validateSessionToken(token, day20)!
		expect(renewed.renewed).toBe(true)
		expect(renewed.expiresAt.getTime()).toBe(day20.getTime() + 30 * DAY)
		// Still valid 45 days after the start: the renewal counted.
		expect(validateSessionToken(token, new Date(start.getTime() + 45 * DAY))).not.toBeNull()
	})

	test('logout ends one session; "sign out other devices" keeps only the current one', async () => {
		const user = await makeUser()
		const laptop = createSession(user.id)
		const phone = createSession(user.id)
		const office = createSession(user.id)
		expect(listSessions(user.id)).toHaveLength(3)
		expect(invalidateOtherSessions(user.id, laptop.id)).toBe(2)
		expect(validateSessionToken(laptop.token)).not.toBeNull()
		expect(validateSessionToken(phone.token)).toBeNull()
		expect(validateSessionToken(office.token)).toBeNull()
		invalidateSession(laptop.id)
		expect(validateSessionToken(laptop.token)).toBeNull()
	})
})
