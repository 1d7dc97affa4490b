import { asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { createGroup } from '#app/groups/groups.server.ts'
import { action, loader } from '#app/routes/meetings.$meetingId_.agenda.tsx'
import { pragueToday } from '#app/tasks/tasks.server.ts'
import { getDb } from '#db/client.ts'
import { agendaItems, meetings, organisations, tasks } from '#db/schema.ts'
import {
	get,
	type Person,
	post,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'

/**
 * "Úkoly po termínu" on the agenda page: the group's unfinished tasks due before the meeting,
 * added as one agenda item "Kontrola úkolů" through the live agenda.
 */

const DAY = 24 * 60 * 60 * 1000
/** A Prague calendar day `days` from today. */
const day = (days: number) => pragueToday(new Date(Date.now() + days * DAY))

let convenor: Person
let member: Person
let outsider: Person
let groupId: string
let lastMeetingId: string
let secretMeetingId: string
let nextMeetingId: string
let emptyGroupMeetingId: string

function meeting(
	group: string,
	title: string,
	startsInDays: number,
	extra: Partial<typeof meetings.$inferInsert> = {},
) {
	return getDb()
		.insert(meetings)
		.values({
			groupId: group,
			title,
			startsAt: new Date(Date.now() + startsInDays * DAY),
			...extra,
		})
		.returning({ id: meetings.id })
		.get().id
}

function task(title: string, dueDate: string | null, extra: Partial<typeof tasks.$inferInsert>) {
	getDb()
		.insert(tasks)
		.values({ groupId, meetingId: lastMeetingId, title, dueDate, ...extra })
		.run()
}

beforeAll(async () => {
	;({ convenor, member, outsider, groupId } = await network({
		roles: ['convenor', 'member', 'outsider'],
		people: {
			convenor: ['jana.dvorakova@liberec.cz', 'Jana Dvořáková'],
			member: ['tomas.benes@liberec.cz', 'Tomáš Beneš'],
			outsider: ['eva.cerna@nadeje.cz', 'Eva Černá'],
		},
		group: {
			name: 'PS pro osoby ohrožené sociálním vyloučením',
			kind: 'jina',
			scope: 'orp',
			orpKod: '5105',
		},
	}))
	const navrat = getDb()
		.insert(organisations)
		.values({ name: 'Návrat, o. p. s.', kind: 'nno' })
		.returning({ id: organisations.id })
		.get().id

	lastMeetingId = meeting(groupId, 'Lednové setkání', -40, { state: 'held' })
	secretMeetingId = meeting(groupId, 'Případová konference', -20, {
		state: 'held',
		visibility: 'confidential',
	})
	nextMeetingId = meeting(groupId, 'Březnové setkání', 14)

	task('Rozeslat aktualizaci komunitního plánu', day(-10), { ownerUserId: member.id })
	task('Představit azylový dům na ŘPS', day(-3), {
		ownerOrganisationId: navrat,
		status: 'in_progress',
	})
	// Not overdue today, but it will be by the next meeting.
	task('Zjistit podmínky bezdlužnosti', day(5), { ownerUserId: convenor.id })
	// Due after the next meeting, finished, or without a date: not suggested.
	task('Připravit Strategii SML 2021+', day(30), { ownerUserId: convenor.id })
	task('Prohlídka bytů v Žitavské', day(-20), { ownerUserId: member.id, status: 'done' })
	task('Bez termínu', null, { ownerUserId: member.id })
	// A task of a confidential meeting never travels into another meeting's agenda.
	task('Krizové ubytování pro rodinu', day(-5), {
		ownerUserId: convenor.id,
		meetingId: secretMeetingId,
	})

	const otherGroup = createGroup(
		{ name: 'Housing First Liberec', kind: 'housing_first', scope: 'orp', orpKod: '5105' },
		convenor.id,
	).id
	emptyGroupMeetingId = meeting(otherGroup, 'Tým HF', 7)
})

const path = (meetingId: string) => `/meetings/${meetingId}/agenda`

function load(who: Person, meetingId = nextMeetingId) {
	return loader({ request: get(path(meetingId), who), params: { meetingId }, context })
}

function addReview(who: Person, meetingId = nextMeetingId) {
	return action({
		request: post(path(meetingId), who, { intent: 'task-review' }),
		params: { meetingId },
		context,
	})
}

function rows(meetingId: string) {
	return getDb()
		.select({
			title: agendaItems.title,
			description: agendaItems.description,
			plannedMinutes: agendaItems.plannedMinutes,
		})
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.orderBy(asc(agendaItems.position))
		.all()
}

describe('the suggestion on the agenda page', () => {
	test('lists unfinished tasks due before the meeting, oldest first, with owners', async () => {
		const data = await load(member)
		expect(
			data.overdueTasks.map((item) => [item.title, item.owner, item.dueDate, item.meetingId]),
		).toEqual([
			['Rozeslat aktualizaci komunitního plánu', 'Tomáš Beneš', day(-10), lastMeetingId],
			['Představit azylový dům na ŘPS', 'Návrat, o. p. s.', day(-3), lastMeetingId],
			['Zjistit podmínky bezdlužnosti', 'Jana Dvořáková', day(5), lastMeetingId],
		])
	})

	test("a meeting does not suggest its own tasks, nor a confidential meeting's", async () => {
		// The January meeting's tasks are its outcome; the case conference's task is confidential.
		expect((await load(convenor, lastMeetingId)).overdueTasks).toEqual([])
	})
})

describe('adding "Kontrola úkolů"', () => {
	test('only a convenor may add it; outsiders do not learn the meeting exists', async () => {
		expect(((await thrown(addReview(member))) as Response).status).toBe(403)
		expect(((await thrown(addReview(outsider))) as Response).status).toBe(404)
		expect(rows(nextMeetingId)).toEqual([])
	})

	test('the convenor adds one item listing the tasks; a second click updates it', async () => {
		expect(await addReview(convenor)).toMatchObject({
			intent: 'task-review',
			ok: true,
			count: 3,
			updated: false,
		})
		const [item] = rows(nextMeetingId)
		expect(rows(nextMeetingId)).toHaveLength(1)
		expect(item!.title).toBe('Kontrola úkolů')
		expect(item!.plannedMinutes).toBe(8)
		const lines = item!.description!.split('\n')
		expect(lines).toHaveLength(3)
		expect(lines[0]).toMatch(/^Rozeslat aktualizaci komunitního plánu – Tomáš Beneš, termín \d/)
		expect(lines[1]).toMatch(/^Představit azylový dům na ŘPS – Návrat, o\. p\. s\., termín /)
		expect(item!.description).not.toContain('Krizové ubytování')

		// One task done meanwhile: the list follows, and there is still one item.
		getDb()
			.update(tasks)
			.set({ status: 'done' })
			.where(eq(tasks.title, 'Rozeslat aktualizaci komunitního plánu'))
			.run()
		expect(await addReview(convenor)).toMatchObject({ ok: true, count: 2, updated: true })
		const after = rows(nextMeetingId)
		expect(after).toHaveLength(1)
		expect(after[0]!.description).not.toContain('Rozeslat')
		expect(after[0]!.description!.split('\n')).toHaveLength(2)
	})

	test('a group without overdue tasks gets a clear message, and nothing is added', async () => {
		expect((await load(convenor, emptyGroupMeetingId)).overdueTasks).toEqual([])
		const response = await addReview(convenor, emptyGroupMeetingId)
		expect(response).toMatchObject({
			init: { status: 400 },
			data: { ok: false, error: 'agenda.tasks.none' },
		})
		expect(rows(emptyGroupMeetingId)).toEqual([])
	})
})
