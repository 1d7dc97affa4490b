import { count, desc, eq } from 'drizzle-orm'
import { getDb } from '#db/client.ts'
import { organisationMembers, organisations, outbox, users } from '#db/schema.ts'

const collator = new Intl.Collator('cs', { sensitivity: 'base' })

/** The outbox page shows this many of the newest mails; older ones stay in the database. */
export const OUTBOX_PAGE_SIZE = 200

/** Every account with its organisations, alphabetically by name. */
export function listUsersWithOrganisations() {
	const db = getDb()
	const memberships = db
		.select({
			userId: organisationMembers.userId,
			id: organisations.id,
			name: organisations.name,
		})
		.from(organisationMembers)
		.innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
		.all()
	const byUser = new Map<string, Array<{ id: string; name: string }>>()
	for (const { userId, ...organisation } of memberships) {
		const list = byUser.get(userId) ?? []
		list.push(organisation)
		byUser.set(userId, list)
	}
	return db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			isAdmin: users.isAdmin,
			createdAt: users.createdAt,
		})
		.from(users)
		.all()
		.sort((a, b) => collator.compare(a.name, b.name))
		.map((user) => ({
			...user,
			organisations: (byUser.get(user.id) ?? []).sort((a, b) => collator.compare(a.name, b.name)),
		}))
}

/** The newest outgoing mails, newest first. */
export function listOutbox(limit = OUTBOX_PAGE_SIZE) {
	return getDb()
		.select({
			id: outbox.id,
			to: outbox.to,
			subject: outbox.subject,
			text: outbox.text,
			kind: outbox.kind,
			status: outbox.status,
			error: outbox.error,
			createdAt: outbox.createdAt,
		})
		.from(outbox)
		.orderBy(desc(outbox.createdAt), desc(outbox.id))
		.limit(limit)
		.all()
}

export function countOutbox() {
	return getDb().select({ count: count() }).from(outbox).get()?.count ?? 0
}
