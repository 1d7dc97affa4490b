import { and, eq, lt, ne } from 'drizzle-orm'
import { getDb } from '#db/client.ts'
import { reportDatabaseFailure } from '#db/storage-health.ts'
import { sessions, users } from '#db/schema.ts'
import { generateSecureRandomString, hashSecret, verifySecret } from './tokens.server.ts'

const DAY = 24 * 60 * 60 * 1000
/** A session lives 30 days from its last renewal. */
export const SESSION_LIFETIME_MS = 30 * DAY
/** Used within its last 15 days, a session is renewed for another 30 (Lucia guide, v3). */
export const SESSION_RENEW_WITHIN_MS = 15 * DAY

export type SessionUser = {
	id: string
	email: string
	name: string
	isAdmin: boolean
	locale: 'cs' | 'en'
}

export type ValidatedSession = {
	id: string
	expiresAt: Date
	/** True when this validation pushed the expiry out; the cookie must be sent again. */
	renewed: boolean
	user: SessionUser
}

/** Creates a session and returns the token `<id>.<secret>` for the cookie. */
export function createSession(userId: string, userAgent: string | null = null, now = new Date()) {
	const id = generateSecureRandomString()
	const secret = generateSecureRandomString()
	const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS)
	getDb()
		.insert(sessions)
		.values({
			id,
			secretHash: Buffer.from(hashSecret(secret)),
			userId,
			createdAt: now,
			lastUsedAt: now,
			expiresAt,
			userAgent: userAgent?.slice(0, 300) ?? null,
		})
		.run()
	return { token: `${id}.${secret}`, id, expiresAt }
}

/**
 * Checks a token from a cookie. Unknown, malformed, wrong-secret and expired tokens all give
 * null; an expired session is deleted. A session used in its last 15 days is renewed.
 */
export function validateSessionToken(token: string, now = new Date()): ValidatedSession | null {
	const parts = token.split('.')
	if (parts.length !== 2 || !parts[0] || !parts[1]) return null
	const [id, secret] = parts as [string, string]
	const db = getDb()
	const row = db
		.select({
			id: sessions.id,
			secretHash: sessions.secretHash,
			expiresAt: sessions.expiresAt,
			lastUsedAt: sessions.lastUsedAt,
			user: {
				id: users.id,
				email: users.email,
				name: users.name,
				isAdmin: users.isAdmin,
				locale: users.locale,
			},
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, id))
		.get()
	if (!row) return null
	if (!verifySecret(secret, new Uint8Array(row.secretHash))) return null
	if (now.getTime() >= row.expiresAt.getTime()) {
		bestEffort(() => db.delete(sessions).where(eq(sessions.id, id)).run())
		return null
	}
	let expiresAt = row.expiresAt
	let renewed = false
	if (row.expiresAt.getTime() - now.getTime() < SESSION_RENEW_WITHIN_MS) {
		const renewedUntil = new Date(now.getTime() + SESSION_LIFETIME_MS)
		renewed = bestEffort(() =>
			db
				.update(sessions)
				.set({ expiresAt: renewedUntil, lastUsedAt: now })
				.where(eq(sessions.id, id))
				.run(),
		)
		if (renewed) expiresAt = renewedUntil
	} else if (now.getTime() - row.lastUsedAt.getTime() > 60 * 60 * 1000) {
		// Keep "last used" roughly current for the sessions list without a write per request.
		bestEffort(() => db.update(sessions).set({ lastUsedAt: now }).where(eq(sessions.id, id)).run())
	}
	return { id: row.id, expiresAt, renewed, user: row.user }
}

/**
 * Housekeeping writes of a validation (renewal, "last used", removing an expired row) must not
 * stop people from reading while the disk is full or the database is read-only: the failure is
 * reported to the storage health (banner, /healthz) and the session stays as it was. Returns
 * whether the write happened; other errors are thrown.
 */
function bestEffort(write: () => unknown) {
	try {
		write()
		return true
	} catch (error) {
		if (!reportDatabaseFailure(error)) throw error
		return false
	}
}

export function invalidateSession(sessionId: string) {
	getDb().delete(sessions).where(eq(sessions.id, sessionId)).run()
}

/** "Sign out my other sessions": keeps only the current one. */
export function invalidateOtherSessions(userId: string, keepSessionId: string) {
	return getDb()
		.delete(sessions)
		.where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)))
		.run().changes
}

export function invalidateAllSessions(userId: string) {
	getDb().delete(sessions).where(eq(sessions.userId, userId)).run()
}

export function listSessions(userId: string) {
	return getDb()
		.select({
			id: sessions.id,
			createdAt: sessions.createdAt,
			lastUsedAt: sessions.lastUsedAt,
			expiresAt: sessions.expiresAt,
			userAgent: sessions.userAgent,
		})
		.from(sessions)
		.where(eq(sessions.userId, userId))
		.orderBy(sessions.createdAt)
		.all()
}

export function deleteExpiredSessions(now = new Date()) {
	return getDb().delete(sessions).where(lt(sessions.expiresAt, now)).run().changes
}
