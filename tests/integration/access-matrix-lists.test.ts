import { beforeAll, describe, expect, test } from 'vitest'
import { addGroupMember, createGroup } from '#app/groups/groups.server.ts'
import { listFeedMeetings } from '#app/meetings/calendar-feed.server.ts'
import { getMeetingAccess, visibleMeetingIds } from '#app/meetings/meeting-access.server.ts'
import { meetingAccessFor } from '#app/meetings/meeting-access.ts'
import { createMeeting, listMeetingsForGroup } from '#app/meetings/meetings.server.ts'
import { loader as homeLoader } from '#app/routes/_index.tsx'
import { loader as groupLoader } from '#app/routes/groups.$groupId.tsx'
import { loader as decisionsLoader } from '#app/routes/meetings.$meetingId_.decisions.tsx'
import { loader as meetingLoader } from '#app/routes/meetings.$meetingId.tsx'
import { loader as searchLoader } from '#app/routes/search.tsx'
import { loader as seriesLoader } from '#app/routes/series.$seriesId.tsx'
import { loader as tasksLoader } from '#app/routes/tasks._index.tsx'
import { createDecision } from '#app/tasks/decisions.server.ts'
import type { DecisionInput } from '#app/tasks/decision.schema.ts'
import { getDb } from '#db/client.ts'
import {
	GROUP_ROLES,
	type GroupRole,
	meetingParticipants,
	meetings,
	meetingSeries,
	ORGANISATION_KINDS,
	organisationMembers,
	organisations,
	tasks,
	type MeetingVisibility,
} from '#db/schema.ts'
import { eq } from 'drizzle-orm'
import { get, person, type Person, routeContext as context } from '#tests/setup/route-helpers.ts'

/**
 * Every list that names meetings, for every kind of person around a group, against the
 * meeting pages: a meeting's title appears in a list exactly when its page opens for that
 * person. The confidential meeting's title never reaches anyone who may not open it.
 */

const WHO = [
	'admin',
	'convenor',
	'member',
	'guest',
	'observer',
	'invitedOutsider',
	'outsider',
	'uninvitedGuest',
	'uninvitedMember',
] as const
type Who = (typeof WHO)[number]

const VISIBILITIES = ['public', 'members', 'confidential'] as const

/** Who is invited to the confidential meeting (nobody is invited to the other two). */
const INVITED: ReadonlySet<Who> = new Set([
	'convenor',
	'member',
	'guest',
	'observer',
	'invitedOutsider',
])

/** Written out by hand from the rule in README (not computed from the code under test). */
const SEES: Record<MeetingVisibility, ReadonlySet<Who>> = {
	public: new Set([
		'admin',
		'convenor',
		'member',
		'guest',
		'observer',
		'uninvitedGuest',
		'uninvitedMember',
	]),
	members: new Set([
		'admin',
		'convenor',
		'member',
		'guest',
		'observer',
		'uninvitedGuest',
		'uninvitedMember',
	]),
	confidential: new Set(['admin', 'convenor', 'member', 'guest', 'observer', 'invitedOutsider']),
}

const TITLES: Record<MeetingVisibility, string> = {
	public: 'Veřejné fórum Šluknovsko o bydlení',
	members: 'Pracovní setkání Šluknovsko',
	confidential: 'Případová konference Šluknovsko – rodina Koubkova z ubytovny',
}

type World = {
	people: Record<Who, Person>
	groupId: string
	seriesId: string
	meetingIds: Record<MeetingVisibility, string>
}

/**
 * One group with a public, a members' and a confidential meeting (all of one series, each with a
 * decision and a task of an organisation everyone works for), built once for the file.
 */
let built: World
beforeAll(async () => {
	built = await buildWorld()
})
const world = () => built

async function buildWorld(): Promise<World> {
	const people = {} as Record<Who, Person>
	for (const who of WHO) {
		people[who] = await person(
			`${who.toLowerCase()}@sluknovsko.cz`,
			`Osoba ${who}`,
			who === 'admin',
		)
	}
	const groupId = createGroup(
		{ name: 'Síťování ORP Rumburk', kind: 'platforma_kmb', scope: 'orp', orpKod: '4212' },
		people.convenor.id,
	).id
	const roles = {
		member: 'member',
		guest: 'guest',
		observer: 'observer',
		uninvitedGuest: 'guest',
		uninvitedMember: 'member',
	} as const
	for (const [who, role] of Object.entries(roles)) {
		addGroupMember(groupId, people[who as Who].id, role)
	}
	const db = getDb()
	const organisationId = db
		.insert(organisations)
		.values({ name: 'Charita Šluknov', kind: ORGANISATION_KINDS[0] })
		.returning({ id: organisations.id })
		.get().id
	for (const who of WHO) {
		db.insert(organisationMembers).values({ organisationId, userId: people[who].id }).run()
	}
	const startsAt = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000)
	const seriesId = db
		.insert(meetingSeries)
		.values({
			groupId,
			title: 'Pravidelná setkání sítě',
			rrule: 'FREQ=MONTHLY;BYDAY=2WE',
			startsAt,
			durationMinutes: 120,
		})
		.returning({ id: meetingSeries.id })
		.get().id
	const meetingIds = {} as Record<MeetingVisibility, string>
	for (const [index, visibility] of VISIBILITIES.entries()) {
		const occurrence = new Date(startsAt.getTime() + index * 24 * 60 * 60 * 1000)
		const meetingId = createMeeting(
			groupId,
			{
				title: TITLES[visibility],
				startsAt: occurrence,
				place: 'MěÚ Rumburk, zasedačka',
				onlineUrl: `https://meet.example.cz/${visibility}`,
				visibility,
			},
			people.convenor.id,
		).id
		meetingIds[visibility] = meetingId
		db.update(meetings)
			.set({ seriesId, occurrenceStartsAt: occurrence })
			.where(eq(meetings.id, meetingId))
			.run()
		createDecision(
			{ id: meetingId, groupId, startsAt: occurrence },
			{ text: `Šluknovsko: usnesení (${visibility})` } as DecisionInput,
			people.convenor.id,
		)
		db.insert(tasks)
			.values({
				groupId,
				meetingId,
				title: `Úkol pro Charitu (${visibility})`,
				ownerOrganisationId: organisationId,
				status: 'open',
			})
			.run()
	}
	for (const who of INVITED) {
		db.insert(meetingParticipants)
			.values({ meetingId: meetingIds.confidential, userId: people[who].id })
			.run()
	}
	return { people, groupId, seriesId, meetingIds }
}

/** What a loader gave (as the browser would receive it), or its thrown status. */
async function shown(load: () => Promise<unknown>) {
	try {
		return JSON.stringify(await load())
	} catch (error) {
		if (error instanceof Response) return `thrown ${error.status}`
		throw error
	}
}

describe.each(WHO)('%s', (who) => {
	test('the meeting page opens exactly for those the rule lets in', async () => {
		const { people, meetingIds } = world()
		for (const visibility of VISIBILITIES) {
			const meetingId = meetingIds[visibility]
			const page = await shown(() =>
				meetingLoader({
					request: get(`/meetings/${meetingId}`, people[who]),
					params: { meetingId },
					context,
				}),
			)
			const decisions = await shown(() =>
				decisionsLoader({
					request: get(`/meetings/${meetingId}/decisions`, people[who]),
					params: { meetingId },
					context,
				}),
			)
			if (SEES[visibility].has(who)) {
				expect(page, visibility).toContain(TITLES[visibility])
				expect(decisions, visibility).toContain(`Šluknovsko: usnesení (${visibility})`)
			} else {
				expect(page, visibility).toBe('thrown 404')
				expect(decisions, visibility).toBe('thrown 404')
			}
		}
	})

	test('the group page lists only the meetings they may open', async () => {
		const { people, groupId, meetingIds } = world()
		const page = await shown(() =>
			groupLoader({
				request: get(`/groups/${groupId}`, people[who]),
				params: { groupId },
				context,
			}),
		)
		for (const visibility of VISIBILITIES) {
			if (SEES[visibility].has(who)) {
				expect(page, visibility).toContain(TITLES[visibility])
			} else {
				expect(page, visibility).not.toContain(TITLES[visibility])
				expect(page, visibility).not.toContain(meetingIds[visibility])
				expect(page, visibility).not.toContain(`https://meet.example.cz/${visibility}`)
			}
		}
	})

	test('the home page names no meeting they may not open', async () => {
		const { people } = world()
		const page = await shown(() =>
			homeLoader({ request: get('/', people[who]), params: {}, context }),
		)
		for (const visibility of VISIBILITIES) {
			if (!SEES[visibility].has(who)) expect(page, visibility).not.toContain(TITLES[visibility])
		}
	})

	test('search finds meetings and decisions only of meetings they may open', async () => {
		const { people, meetingIds } = world()
		const page = await shown(() =>
			searchLoader({ request: get('/search?q=Šluknovsko', people[who]), params: {}, context }),
		)
		for (const visibility of VISIBILITIES) {
			if (SEES[visibility].has(who)) {
				expect(page, visibility).toContain(TITLES[visibility])
				expect(page, visibility).toContain(meetingIds[visibility])
			} else {
				expect(page, visibility).not.toContain(TITLES[visibility])
				expect(page, visibility).not.toContain(meetingIds[visibility])
			}
		}
	})

	test('"Moje úkoly" names and links only meetings they may open', async () => {
		const { people, meetingIds } = world()
		const page = await shown(() =>
			tasksLoader({ request: get('/tasks', people[who]), params: {}, context }),
		)
		for (const visibility of VISIBILITIES) {
			// Everyone works for the organisation that owns the task, so everyone has it.
			expect(page).toContain(`Úkol pro Charitu (${visibility})`)
			if (SEES[visibility].has(who)) {
				expect(page, visibility).toContain(TITLES[visibility])
			} else {
				expect(page, visibility).not.toContain(TITLES[visibility])
				expect(page, visibility).not.toContain(meetingIds[visibility])
			}
		}
	})

	test('the series page lists only the occurrences they may open', async () => {
		const { people, seriesId, meetingIds } = world()
		const page = await shown(() =>
			seriesLoader({
				request: get(`/series/${seriesId}`, people[who]),
				params: { seriesId },
				context,
			}),
		)
		for (const visibility of VISIBILITIES) {
			if (SEES[visibility].has(who) && who !== 'invitedOutsider') {
				expect(page, visibility).toContain(TITLES[visibility])
			} else {
				expect(page, visibility).not.toContain(TITLES[visibility])
				expect(page, visibility).not.toContain(meetingIds[visibility])
			}
		}
	})

	test('the calendar feed holds only meetings they may open', async () => {
		const { people } = world()
		const feed = listFeedMeetings(people[who]).map((meeting) => meeting.title)
		for (const visibility of VISIBILITIES) {
			// Administrators get their own meetings in the feed, not everyone's.
			if (SEES[visibility].has(who) && who !== 'admin' && who !== 'invitedOutsider') {
				expect(feed, visibility).toContain(TITLES[visibility])
			} else if (!SEES[visibility].has(who)) {
				expect(feed, visibility).not.toContain(TITLES[visibility])
			}
		}
		if (who === 'invitedOutsider') expect(feed).toEqual([TITLES.confidential])
	})
})

describe('the list condition and the access query agree with the rule everywhere', () => {
	type Case = { role: GroupRole | null; invited: boolean; person: Person }
	let cases: Case[]
	let admin: Person
	let ruleGroupId: string
	let ruleMeetings: Array<{ id: string; visibility: MeetingVisibility }>

	beforeAll(async () => {
		admin = await person('spravce.pravidla@sluknovsko.cz', 'Správce pravidel', true)
		const convenor = await person('svolavatel.pravidla@sluknovsko.cz', 'Svolavatel pravidel')
		ruleGroupId = createGroup(
			{ name: 'Pravidla přístupu', kind: 'platforma_kmb', scope: 'orp', orpKod: '4212' },
			convenor.id,
		).id
		ruleMeetings = VISIBILITIES.map((visibility) => ({
			visibility,
			id: createMeeting(
				ruleGroupId,
				{ title: `Pravidlo ${visibility}`, startsAt: new Date('2027-03-10T09:00:00Z'), visibility },
				convenor.id,
			).id,
		}))
		cases = []
		for (const role of [...GROUP_ROLES, null]) {
			for (const invited of [false, true]) {
				const slug = `${role ?? 'nikdo'}-${invited ? 'pozvany' : 'nepozvany'}`
				const someone = await person(`${slug}@pravidla.cz`, `Osoba ${slug}`)
				if (role) addGroupMember(ruleGroupId, someone.id, role)
				if (invited) {
					for (const meeting of ruleMeetings) {
						getDb()
							.insert(meetingParticipants)
							.values({ meetingId: meeting.id, userId: someone.id })
							.run()
					}
				}
				cases.push({ role, invited, person: someone })
			}
		}
	})

	test('for every role (or none) × invited or not × visibility, and for administrators', () => {
		const ids = ruleMeetings.map((meeting) => meeting.id)
		const all = [...cases, { role: null, invited: false, person: admin }]
		for (const { role, invited, person: who } of all) {
			const expected = ruleMeetings
				.filter(
					(meeting) =>
						meetingAccessFor(who, role, { visibility: meeting.visibility, invited }) !== 'none',
				)
				.map((meeting) => meeting.id)
				.sort()
			const label = `${who.isAdmin ? 'admin' : (role ?? 'no role')}, ${invited ? 'invited' : 'not invited'}`
			expect([...visibleMeetingIds(who, ids)].sort(), label).toEqual(expected)
			expect(
				listMeetingsForGroup(ruleGroupId, who)
					.map((meeting) => meeting.id)
					.sort(),
				label,
			).toEqual(expected)
			expect(ids.filter((id) => getMeetingAccess(who, id) !== null).sort(), label).toEqual(expected)
			for (const meeting of ruleMeetings) {
				const info = getMeetingAccess(who, meeting.id)
				const rule = meetingAccessFor(who, role, { visibility: meeting.visibility, invited })
				expect(info?.access ?? 'none', `${label}, ${meeting.visibility}`).toBe(rule)
				if (info) expect(info.canManage).toBe(who.isAdmin || role === 'convenor')
			}
		}
	})
})
