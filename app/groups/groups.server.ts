import { and, count, eq, inArray, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { getDb } from '#db/client.ts'
import {
	GROUP_ROLES,
	groupMembers,
	groups,
	kraje,
	orp,
	users,
	type GroupKind,
	type GroupRole,
} from '#db/schema.ts'
import { findKraj, findOrp } from '#app/territory/territory.server.ts'
import { invariantResponse, requireFound } from '#app/utils/errors.ts'
import type { GroupInput } from './group.schema.ts'
import { MANAGER_ROLES, managesGroup } from './group-manager.ts'

/** Who is asking: enough of the session user to decide permissions. */
export type Actor = { id: string; isAdmin: boolean }

/**
 * A membership change the rules do not allow. `messageKey` is shown to the person
 * (e.g. "the group would be left without a convenor").
 */
export class GroupMembershipError extends Error {
	constructor(public readonly messageKey: `groups.${string}`) {
		super(messageKey)
		this.name = 'GroupMembershipError'
	}
}

const groupKraj = alias(kraje, 'group_kraj')

/** Czech alphabetical order ("Č" after "C", not after "Z" as SQLite's binary order has it). */
const collator = new Intl.Collator('cs', { sensitivity: 'base' })
const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name)

/** The columns every group view shows, with the territory's names. */
const groupColumns = {
	id: groups.id,
	name: groups.name,
	kind: groups.kind,
	orpKod: groups.orpKod,
	orpNazev: orp.nazev,
	krajKod: groups.krajKod,
	krajNazev: groupKraj.nazev,
}

export function listGroups(filter: { kind?: GroupKind; krajKod?: string; orpKod?: string } = {}) {
	const memberCount = getDb()
		.select({ groupId: groupMembers.groupId, count: count().as('member_count') })
		.from(groupMembers)
		.groupBy(groupMembers.groupId)
		.as('member_counts')
	const conditions = [
		filter.kind ? eq(groups.kind, filter.kind) : undefined,
		filter.orpKod ? eq(groups.orpKod, filter.orpKod) : undefined,
		// A kraj filter finds groups of the whole kraj and of every ORP inside it.
		filter.krajKod
			? or(eq(groups.krajKod, filter.krajKod), eq(orp.krajKod, filter.krajKod))
			: undefined,
	]
	return getDb()
		.select({ ...groupColumns, memberCount: sql<number>`coalesce(${memberCount.count}, 0)` })
		.from(groups)
		.leftJoin(orp, eq(orp.kod, groups.orpKod))
		.leftJoin(groupKraj, eq(groupKraj.kod, groups.krajKod))
		.leftJoin(memberCount, eq(memberCount.groupId, groups.id))
		.where(and(...conditions))
		.all()
		.sort(byName)
}

export function getGroup(groupId: string) {
	return (
		getDb()
			.select({ ...groupColumns, description: groups.description })
			.from(groups)
			.leftJoin(orp, eq(orp.kod, groups.orpKod))
			.leftJoin(groupKraj, eq(groupKraj.kod, groups.krajKod))
			.where(eq(groups.id, groupId))
			.get() ?? null
	)
}

/** The group's fields as the edit form wants them. */
export function getGroupForEdit(groupId: string) {
	return (
		getDb()
			.select({
				id: groups.id,
				name: groups.name,
				kind: groups.kind,
				orpKod: groups.orpKod,
				krajKod: groups.krajKod,
				description: groups.description,
			})
			.from(groups)
			.where(eq(groups.id, groupId))
			.get() ?? null
	)
}

function territoryColumns(input: GroupInput) {
	return input.scope === 'orp'
		? { orpKod: input.orpKod ?? null, krajKod: null }
		: { orpKod: null, krajKod: input.krajKod ?? null }
}

export type GroupFieldErrors = Partial<Record<'orpKod' | 'krajKod' | 'convenorId', string[]>>

/** Checks what only the database knows: the territory code exists, the convenor is a user. */
export function checkGroupInput(input: GroupInput & { convenorId?: string }) {
	const errors: GroupFieldErrors = {}
	if (input.scope === 'orp' && input.orpKod && !findOrp(input.orpKod)) {
		errors.orpKod = ['error.invalidChoice']
	}
	if (input.scope === 'kraj' && input.krajKod && !findKraj(input.krajKod)) {
		errors.krajKod = ['error.invalidChoice']
	}
	if (input.convenorId) {
		const convenor = getDb()
			.select({ id: users.id })
			.from(users)
			.where(eq(users.id, input.convenorId))
			.get()
		if (!convenor) errors.convenorId = ['error.invalidChoice']
	}
	return Object.keys(errors).length ? errors : null
}

/** Creates a group with its first convenor (the creator unless someone else is named). */
export function createGroup(input: GroupInput & { convenorId?: string }, createdById: string) {
	const db = getDb()
	return db.transaction((tx) => {
		const convenorId = input.convenorId ?? createdById
		const convenor = tx.select({ id: users.id }).from(users).where(eq(users.id, convenorId)).get()
		if (!convenor) throw new GroupMembershipError('groups.members.noSuchUser')
		const group = tx
			.insert(groups)
			.values({
				name: input.name,
				kind: input.kind,
				...territoryColumns(input),
				description: input.description ?? null,
				createdById,
			})
			.returning({ id: groups.id })
			.get()
		tx.insert(groupMembers)
			.values({ groupId: group.id, userId: convenorId, role: 'convenor' })
			.run()
		return group
	})
}

export function updateGroup(groupId: string, input: GroupInput) {
	getDb()
		.update(groups)
		.set({
			name: input.name,
			kind: input.kind,
			...territoryColumns(input),
			description: input.description ?? null,
		})
		.where(eq(groups.id, groupId))
		.run()
}

export function listGroupMembers(groupId: string) {
	return getDb()
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			role: groupMembers.role,
		})
		.from(groupMembers)
		.innerJoin(users, eq(users.id, groupMembers.userId))
		.where(eq(groupMembers.groupId, groupId))
		.all()
		.sort((a, b) => GROUP_ROLES.indexOf(a.role) - GROUP_ROLES.indexOf(b.role) || byName(a, b))
}

export function getGroupRole(userId: string, groupId: string): GroupRole | null {
	return (
		getDb()
			.select({ role: groupMembers.role })
			.from(groupMembers)
			.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
			.get()?.role ?? null
	)
}

/** Administrators manage every group; convenors manage their own (`managesGroup`). */
export function canManageGroup(user: Actor, groupId: string) {
	return managesGroup(user, user.isAdmin ? null : getGroupRole(user.id, groupId))
}

/** Throws 403 unless the user may manage the group. */
export function requireGroupManager(user: Actor, groupId: string) {
	invariantResponse(canManageGroup(user, groupId), undefined, { status: 403 })
}

/** The group the user manages (404 when there is none, 403 when they may not manage it). */
export function requireManagedGroup(user: Actor, groupId: string | undefined) {
	const group = requireFound(groupId ? getGroup(groupId) : null)
	requireGroupManager(user, group.id)
	return group
}

/** Groups the user may manage and invite into: all for administrators, else those they convene. */
export function listManagedGroups(user: Actor) {
	const db = getDb()
	if (user.isAdmin) {
		return db.select({ id: groups.id, name: groups.name }).from(groups).all().sort(byName)
	}
	return db
		.select({ id: groups.id, name: groups.name })
		.from(groupMembers)
		.innerJoin(groups, eq(groups.id, groupMembers.groupId))
		.where(and(eq(groupMembers.userId, user.id), inArray(groupMembers.role, MANAGER_ROLES)))
		.all()
		.sort(byName)
}

/** Everyone who could become a convenor, for the "new group" form. */
export function listUserOptions() {
	return getDb()
		.select({ id: users.id, name: users.name, email: users.email })
		.from(users)
		.all()
		.sort(byName)
}

type Tx = Parameters<Parameters<ReturnType<typeof getDb>['transaction']>[0]>[0]

function countConvenors(tx: Tx, groupId: string) {
	return (
		tx
			.select({ count: count() })
			.from(groupMembers)
			.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.role, 'convenor')))
			.get()?.count ?? 0
	)
}

/**
 * Adds an existing user to a group. Someone already in the group keeps their role
 * (`added: false`), so an invitation can never demote a convenor.
 */
export function addGroupMember(groupId: string, userId: string, role: GroupRole) {
	const result = getDb()
		.insert(groupMembers)
		.values({ groupId, userId, role })
		.onConflictDoNothing()
		.run()
	return { added: result.changes > 0 }
}

/** Changes a member's role; the last convenor cannot be demoted. */
export function changeGroupMemberRole(groupId: string, userId: string, role: GroupRole) {
	getDb().transaction((tx) => {
		const current = tx
			.select({ role: groupMembers.role })
			.from(groupMembers)
			.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
			.get()
		if (!current) throw new GroupMembershipError('groups.members.notMember')
		if (current.role === role) return
		if (current.role === 'convenor' && countConvenors(tx, groupId) <= 1) {
			throw new GroupMembershipError('groups.members.lastConvenor')
		}
		tx.update(groupMembers)
			.set({ role })
			.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
			.run()
	})
}

/** Removes a member; the last convenor cannot be removed. */
export function removeGroupMember(groupId: string, userId: string) {
	getDb().transaction((tx) => {
		const current = tx
			.select({ role: groupMembers.role })
			.from(groupMembers)
			.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
			.get()
		if (!current) throw new GroupMembershipError('groups.members.notMember')
		if (current.role === 'convenor' && countConvenors(tx, groupId) <= 1) {
			throw new GroupMembershipError('groups.members.lastConvenor')
		}
		tx.delete(groupMembers)
			.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
			.run()
	})
}
