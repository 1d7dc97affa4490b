import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { agendaDocumentName, readAgenda } from '#app/agenda/agenda-doc.ts'
import { verifyPassword } from '#app/auth/password.server.ts'
import { createUser } from '#app/auth/users.server.ts'
import { docFromState, minutesText } from '#app/minutes/minutes-doc.ts'
import { loadStoredState } from '#app/minutes/versions.server.ts'
import { getPoll } from '#app/polls/polls.server.ts'
import { storedMinutesText } from '#app/search/search-index.server.ts'
import { search } from '#app/search/search.server.ts'
import { listOverdueTasksForGroup } from '#app/tasks/tasks.server.ts'
import { getDb } from '#db/client.ts'
import {
	agendaItems,
	decisions,
	groupMembers,
	groups,
	MEETING_STATES,
	meetingParticipants,
	meetings,
	minutesApprovals,
	organisationMembers,
	organisations,
	users,
	yjsUpdates,
	yjsVersions,
} from '#db/schema.ts'
import { DEMO_PASSWORD, loadDemoData } from '#db/seed/demo.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'

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
	expect(first.meetings).toEqual({ created: 6, existing: 0 })
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
		'meetings',
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

describe('demo meetings', () => {
	const DAY = 24 * 60 * 60 * 1000
	let byState: Record<string, { id: string; startsAt: Date; endsAt: Date | null; groupId: string }>
	let jana: { id: string; isAdmin: boolean }

	beforeAll(async () => {
		await loadDemoData(getDb())
		const rows = getDb()
			.select({
				id: meetings.id,
				state: meetings.state,
				startsAt: meetings.startsAt,
				endsAt: meetings.endsAt,
				groupId: meetings.groupId,
			})
			.from(meetings)
			.all()
		byState = Object.fromEntries(rows.map((row) => [row.state, row]))
		jana = {
			id: getDb()
				.select({ id: users.id })
				.from(users)
				.where(eq(users.email, 'jana.dvorakova@demo.sitovka.cz'))
				.get()!.id,
			isAdmin: false,
		}
	})

	function participants(meetingId: string) {
		return getDb()
			.select({
				name: sql<string>`coalesce(${users.name}, ${meetingParticipants.guestName})`,
				guest: meetingParticipants.guestName,
				rsvp: meetingParticipants.rsvp,
				attendance: meetingParticipants.attendance,
				invitedAt: meetingParticipants.invitedAt,
			})
			.from(meetingParticipants)
			.leftJoin(users, eq(users.id, meetingParticipants.userId))
			.where(eq(meetingParticipants.meetingId, meetingId))
			.all()
	}

	test('one meeting in every state, dated around today', () => {
		expect(Object.keys(byState).sort()).toEqual([...MEETING_STATES].sort())
		const now = Date.now()
		const daysFromNow = (state: string) => (byState[state]!.startsAt.getTime() - now) / DAY
		expect(daysFromNow('minutes_approved')).toBeLessThan(-45)
		expect(daysFromNow('held')).toBeLessThan(-14)
		expect(daysFromNow('held')).toBeGreaterThan(-45)
		for (const state of ['scheduling', 'confirmed', 'draft']) {
			expect(daysFromNow(state), state).toBeGreaterThan(3)
		}
		for (const meeting of Object.values(byState)) {
			expect(meeting.endsAt!.getTime()).toBeGreaterThan(meeting.startsAt.getTime())
		}
	})

	test('the poll is open, its slots are ahead, members and a guest answered', () => {
		const poll = getPoll(byState.scheduling!.id)!
		expect(poll.status).toBe('open')
		expect(poll.slots).toHaveLength(3)
		for (const slot of poll.slots) expect(slot.startsAt.getTime()).toBeGreaterThan(Date.now())
		expect(poll.rows.map((row) => [row.name, row.isGuest])).toEqual([
			['Jana Dvořáková', false],
			['Tomáš Beneš', false],
			['Markéta Horáková', false],
			['Kamila Vondrová', true],
		])
		for (const row of poll.rows) expect(Object.keys(row.answers)).toHaveLength(3)
		expect(poll.bestSlotIds.length).toBeGreaterThanOrEqual(1)
	})

	test('the confirmed meeting has invitations out and answers in', () => {
		const list = participants(byState.confirmed!.id)
		expect(list.length).toBeGreaterThanOrEqual(8)
		expect(list.filter((p) => p.invitedAt === null)).toEqual([])
		expect(new Set(list.map((p) => p.rsvp))).toEqual(
			new Set(['accepted', 'maybe', 'declined', null]),
		)
		expect(list.some((p) => p.guest === 'Miroslav Kadlec')).toBe(true)
	})

	test('the held meeting: attendance with an external guest, draft minutes by two authors', async () => {
		const list = participants(byState.held!.id)
		expect(new Set(list.map((p) => p.attendance))).toEqual(
			new Set(['present', 'excused', 'absent']),
		)
		expect(list.find((p) => p.guest === 'Hana Šrámková')?.attendance).toBe('present')
		const held = getDb()
			.select({ minutesState: meetings.minutesState })
			.from(meetings)
			.where(eq(meetings.id, byState.held!.id))
			.get()
		expect(held?.minutesState).toBe('draft')
		const text = await storedMinutesText(byState.held!.id)
		expect(text.split('\n')[0]).toBe('Přítomni')
		expect(text).toContain('3. Housing First – doplnění klientů do systému')
		expect(text).toContain('volné zůstávají dva byty 1+kk')
		const authors = getDb()
			.select({ userId: yjsUpdates.userId })
			.from(yjsUpdates)
			.where(eq(yjsUpdates.docName, meetingMinutesDocumentName(byState.held!.id)))
			.all()
		expect(new Set(authors.map((row) => row.userId)).size).toBe(2)
	})

	test('agendas are live documents projected into agenda_items; an unfinished item was carried', async () => {
		for (const state of MEETING_STATES) {
			const meetingId = byState[state]!.id
			const doc = docFromState(await loadStoredState(agendaDocumentName(meetingId)))
			const items = readAgenda(doc)
			doc.destroy()
			expect(items.length, state).toBeGreaterThanOrEqual(2)
			const rows = getDb()
				.select({ id: agendaItems.id, title: agendaItems.title, status: agendaItems.status })
				.from(agendaItems)
				.where(eq(agendaItems.meetingId, meetingId))
				.orderBy(asc(agendaItems.position))
				.all()
			expect(rows, state).toEqual(
				items.map((item) => ({ id: item.id, title: item.title, status: item.status })),
			)
		}
		const carried = getDb()
			.select({ id: agendaItems.id, title: agendaItems.title })
			.from(agendaItems)
			.where(and(eq(agendaItems.meetingId, byState.held!.id), eq(agendaItems.status, 'carried')))
			.get()!
		const copy = getDb()
			.select({ title: agendaItems.title })
			.from(agendaItems)
			.where(eq(agendaItems.carriedFromId, carried.id))
			.get()
		expect(copy?.title).toBe(carried.title)
	})

	test('approved minutes: a frozen version that matches the stored document, decisions and tasks', async () => {
		const meetingId = byState.minutes_approved!.id
		const meeting = getDb()
			.select({ minutesState: meetings.minutesState, visibility: meetings.visibility })
			.from(meetings)
			.where(eq(meetings.id, meetingId))
			.get()
		expect(meeting).toEqual({ minutesState: 'published', visibility: 'public' })
		const approval = getDb()
			.select({
				state: yjsVersions.state,
				docName: yjsVersions.docName,
				publishedAt: minutesApprovals.publishedAt,
			})
			.from(minutesApprovals)
			.innerJoin(yjsVersions, eq(yjsVersions.id, minutesApprovals.versionId))
			.where(eq(minutesApprovals.meetingId, meetingId))
			.get()!
		expect(approval.docName).toBe(meetingMinutesDocumentName(meetingId))
		expect(approval.publishedAt).not.toBeNull()
		const version = docFromState(approval.state)
		const approvedText = minutesText(version)
		version.destroy()
		expect(approvedText).toBe(await storedMinutesText(meetingId))
		// Written in the editor's schema: headings, lists and bold text as y-tiptap stores them.
		expect(approvedText).toContain('Přítomni')
		expect(approvedText).toContain('Kamila Vondrová (Agentura pro sociální začleňování)')
		expect(approvedText).toMatch(/Usnesení 1\/\d{4}: Pracovní skupina schvaluje/)

		const resolutions = getDb()
			.select({
				number: decisions.number,
				outcome: decisions.outcome,
				agendaItemId: decisions.agendaItemId,
			})
			.from(decisions)
			.where(eq(decisions.meetingId, meetingId))
			.all()
		expect(resolutions.map((d) => d.number?.split('/')[0])).toEqual(['1', '2', '3'])
		expect(resolutions.map((d) => d.outcome)).toEqual(['adopted', 'adopted', null])
		for (const d of resolutions) expect(d.agendaItemId).toBeTruthy()

		const group = byState.minutes_approved!.groupId
		const overdue = listOverdueTasksForGroup(group)
		expect(overdue.length).toBeGreaterThanOrEqual(2)
		expect(overdue.some((task) => task.ownerOrganisationName === 'Statutární město Liberec')).toBe(
			true,
		)
		expect(overdue.some((task) => task.ownerUserName === 'Jana Dvořáková')).toBe(true)
	})

	test('everything is searchable at once, for those who may see it', () => {
		const found = (query: string) => search(jana, query).map((r) => `${r.kind}:${r.meetingId}`)
		const approved = byState.minutes_approved!.id
		expect(found('zitavska')).toEqual(
			expect.arrayContaining([`minutes:${approved}`, `agenda_item:${approved}`]),
		)
		expect(found('stalym hostem')).toContain(`decision:${approved}`)
		expect(found('pruřezovým tématem')).toContain(`meeting:${byState.scheduling!.id}`)
		// Jana is not in the KMB platform: its meeting stays out of her results.
		expect(found('asistence')).not.toContain(`meeting:${byState.confirmed!.id}`)
	})
})
