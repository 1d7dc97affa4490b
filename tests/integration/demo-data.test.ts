import { and, eq, inArray } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { verifyPassword } from '#app/auth/password.server.ts'
import { createUser } from '#app/auth/users.server.ts'
import { getDb } from '#db/client.ts'
import { groupMembers, groups, organisationMembers, organisations, users } from '#db/schema.ts'
import { DEMO_PASSWORD, loadDemoData } from '#db/seed/demo.ts'

/** The mod-11 IČO check, written out here so the test does not trust the code it checks. */
function icoPassesCheck(ico: string) {
	if (!/^\d{8}$/.test(ico)) return false
	const sum = [8, 7, 6, 5, 4, 3, 2].reduce((total, weight, i) => total + weight * Number(ico[i]), 0)
	return (11 - (sum % 11)) % 10 === Number(ico[7])
}

test('the setup administrator convenes the Liberec group; a second load changes nothing', async () => {
	const db = getDb()
	const admin = await createUser({
		email: 'spravce@example.cz',
		name: 'Správce Síťovky',
		password: 'Modrý kůň přeskočil plot u Ještědu',
		isAdmin: true,
	})

	const first = await loadDemoData(db, { adminId: admin.id })
	expect(first.groups).toEqual({ created: 5, existing: 0 })
	expect(first.accounts.every((account) => account.created)).toBe(true)

	const liberec = db
		.select({ id: groups.id, createdById: groups.createdById, orpKod: groups.orpKod })
		.from(groups)
		.where(eq(groups.kind, 'pracovni_skupina_kp'))
		.get()!
	expect(liberec.orpKod).toBe('5105')
	expect(liberec.createdById).toBe(admin.id)
	const adminMembership = db
		.select({ role: groupMembers.role })
		.from(groupMembers)
		.where(and(eq(groupMembers.groupId, liberec.id), eq(groupMembers.userId, admin.id)))
		.get()
	expect(adminMembership).toEqual({ role: 'convenor' })

	const second = await loadDemoData(db, { adminId: admin.id })
	for (const key of [
		'organisations',
		'users',
		'groups',
		'organisationMembers',
		'groupMembers',
	] as const) {
		expect(second[key]).toEqual({ created: 0, existing: first[key].created + first[key].existing })
	}
})

test('demo data is coherent: valid IČOs, one territory per group, every role used, people can sign in', async () => {
	const db = getDb()
	const summary = await loadDemoData(db)
	expect(summary.password).toBe(DEMO_PASSWORD)

	const orgs = db
		.select({ name: organisations.name, ico: organisations.ico })
		.from(organisations)
		.all()
	expect(orgs.map((org) => org.name)).toEqual(
		expect.arrayContaining([
			'Statutární město Liberec',
			'Magistrát města Plzně',
			'Město Rumburk',
			'Úřad práce ČR – krajská pobočka v Liberci',
			'Moravskoslezský kraj',
		]),
	)
	for (const org of orgs) {
		if (org.ico !== null) expect(icoPassesCheck(org.ico), `${org.name}: ${org.ico}`).toBe(true)
	}

	const allGroups = db
		.select({ id: groups.id, name: groups.name, orpKod: groups.orpKod, krajKod: groups.krajKod })
		.from(groups)
		.all()
	const memberships = db
		.select({ groupId: groupMembers.groupId, role: groupMembers.role })
		.from(groupMembers)
		.all()
	for (const group of allGroups) {
		expect(Boolean(group.orpKod) !== Boolean(group.krajKod), group.name).toBe(true)
		const roles = memberships.filter((m) => m.groupId === group.id).map((m) => m.role)
		expect(roles, group.name).toContain('convenor')
	}
	expect(new Set(memberships.map((m) => m.role))).toEqual(
		new Set(['convenor', 'member', 'guest', 'observer']),
	)

	// Everyone belongs to one or two organisations, with a position.
	const people = db
		.select({ id: users.id, email: users.email, passwordHash: users.passwordHash })
		.from(users)
		.where(
			inArray(
				users.email,
				summary.accounts.map((account) => account.email),
			),
		)
		.all()
	expect(people).toHaveLength(summary.accounts.length)
	const orgMemberships = db
		.select({ userId: organisationMembers.userId, position: organisationMembers.position })
		.from(organisationMembers)
		.all()
	for (const person of people) {
		expect(person.email).toMatch(/@demo\.sitovka\.cz$/)
		const own = orgMemberships.filter((m) => m.userId === person.id)
		expect(own.length, person.email).toBeGreaterThanOrEqual(1)
		expect(own.length, person.email).toBeLessThanOrEqual(2)
		for (const membership of own) expect(membership.position).toBeTruthy()
	}
	// One shared hash: the password is hashed once, and it is the published one.
	expect(new Set(people.map((person) => person.passwordHash)).size).toBe(1)
	expect(await verifyPassword(people[0]!.passwordHash, DEMO_PASSWORD)).toBe(true)
})
