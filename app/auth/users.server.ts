import { count, eq } from 'drizzle-orm'
import { getDb } from '#db/client.ts'
import { users } from '#db/schema.ts'
import { hashPassword } from './password.server.ts'

export function normalizeEmail(email: string) {
	return email.trim().toLowerCase()
}

export function countUsers() {
	return getDb().select({ count: count() }).from(users).get()?.count ?? 0
}

export function findUserByEmail(email: string) {
	return (
		getDb()
			.select({
				id: users.id,
				email: users.email,
				name: users.name,
				passwordHash: users.passwordHash,
				isAdmin: users.isAdmin,
			})
			.from(users)
			.where(eq(users.email, normalizeEmail(email)))
			.get() ?? null
	)
}

export class DuplicateEmailError extends Error {
	constructor(email: string) {
		super(`A user with e-mail ${email} already exists`)
		this.name = 'DuplicateEmailError'
	}
}

/** Creates an account; throws DuplicateEmailError when the e-mail is taken. */
export async function createUser(input: {
	email: string
	name: string
	password: string
	isAdmin?: boolean
	locale?: 'cs' | 'en'
}) {
	const email = normalizeEmail(input.email)
	if (findUserByEmail(email)) throw new DuplicateEmailError(email)
	const passwordHash = await hashPassword(input.password)
	try {
		return getDb()
			.insert(users)
			.values({
				email,
				name: input.name.trim(),
				passwordHash,
				isAdmin: input.isAdmin ?? false,
				locale: input.locale ?? 'cs',
			})
			.returning({ id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin })
			.get()
	} catch (error) {
		// Another request may have taken the address between the check and the insert.
		if (error instanceof Error && /UNIQUE constraint failed: users\.email/.test(error.message)) {
			throw new DuplicateEmailError(email)
		}
		throw error
	}
}

export async function setPassword(userId: string, password: string) {
	const passwordHash = await hashPassword(password)
	getDb().update(users).set({ passwordHash }).where(eq(users.id, userId)).run()
}

/**
 * Creates the first administrator, but only while there are no users at all: two people
 * submitting the setup form at once cannot both become administrators.
 */
export async function createFirstAdmin(input: {
	email: string
	name: string
	password: string
	locale?: 'cs' | 'en'
}) {
	const passwordHash = await hashPassword(input.password)
	const db = getDb()
	return db.transaction((tx) => {
		const existing = tx.select({ count: count() }).from(users).get()?.count ?? 0
		if (existing > 0) return null
		return tx
			.insert(users)
			.values({
				email: normalizeEmail(input.email),
				name: input.name.trim(),
				passwordHash,
				isAdmin: true,
				locale: input.locale ?? 'cs',
			})
			.returning({ id: users.id })
			.get()
	})
}
