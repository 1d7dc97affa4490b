import { beforeAll, describe, expect, test } from 'vitest'
import { addMember } from '#app/organisations/organisations.server.ts'
import { loader as homeLoader } from '#app/routes/_index.tsx'
import {
	action as meetingAction,
	loader as meetingLoader,
} from '#app/routes/meetings.$meetingId_.decisions.tsx'
import { action as myAction, loader as myLoader } from '#app/routes/tasks._index.tsx'
import {
	listMyTasks,
	listOverdueTasksForGroup,
	listTasksForMeeting,
	pragueToday,
} from '#app/tasks/tasks.server.ts'
import { getDb } from '#db/client.ts'
import { meetings, organisations } from '#db/schema.ts'
import {
	get,
	location,
	person,
	type Person,
	post,
	reply,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'

let convenor: Person
let member: Person
let colleague: Person
let observer: Person
let outsider: Person
let groupId: string
let meetingId: string
let charita: string
let magistrat: string

beforeAll(async () => {
	;({ convenor, member, observer, outsider, groupId } = await network({
		roles: ['convenor', 'member', 'observer', 'outsider'],
		group: {
			name: 'Pracovní skupina Bydlení Liberec',
			kind: 'pracovni_skupina_kp',
			scope: 'orp',
			orpKod: '5105',
		},
	}))
	// Works at the same NGO as the member but is not in the group.
	colleague = await person('lucie.mala@charita-liberec.cz', 'Lucie Malá')
	const org = (name: string, kind: 'nno' | 'obec') =>
		getDb().insert(organisations).values({ name, kind }).returning({ id: organisations.id }).get()
			.id
	charita = org('Oblastní charita Liberec', 'nno')
	magistrat = org('Statutární město Liberec', 'obec')
	addMember({ organisationId: charita, userId: member.id })
	addMember({ organisationId: charita, userId: colleague.id })
	meetingId = getDb()
		.insert(meetings)
		.values({ groupId, title: 'Listopadové setkání', startsAt: new Date('2026-11-10T09:00:00Z') })
		.returning({ id: meetings.id })
		.get().id
})

function addTask(who: Person, fields: Record<string, string>) {
	return meetingAction({
		request: post(`/meetings/${meetingId}/decisions`, who, { intent: 'task-create', ...fields }),
		params: { meetingId },
		context,
	})
}

function taskId(title: string) {
	const task = listTasksForMeeting(meetingId).find((row) => row.title === title)
	expect(task, title).toBeDefined()
	return task!.id
}

/** The meeting's three tasks: for the member, for the Charita (overdue) and for the city. */
async function addMeetingTasks() {
	location(
		await addTask(convenor, {
			title: 'Rozeslat pozvánku na kulatý stůl',
			description: 'Pozvat i Úřad práce.',
			owner: `user:${member.id}`,
			dueDate: '2030-01-15',
		}),
	)
	location(
		await addTask(member, {
			title: 'Připravit přehled volných bytů',
			owner: `organisation:${charita}`,
			dueDate: '2026-11-01',
		}),
	)
	location(
		await addTask(convenor, {
			title: 'Zjistit kapacitu azylového domu',
			owner: `organisation:${magistrat}`,
		}),
	)
}

const titles = (tasks: Array<{ title: string }>) => tasks.map((task) => task.title).sort()

describe('tasks from a meeting', () => {
	test('the owner choice offers group members, their organisations, then the others', async () => {
		const data = await meetingLoader({
			request: get(`/meetings/${meetingId}/decisions`, convenor),
			params: { meetingId },
			context,
		})
		expect(data.owners?.people.map((p) => p.name)).toEqual([
			'Jan Dvořák',
			'Martina Horáková',
			'Tomáš Černý',
		])
		expect(data.owners?.memberOrganisations.map((o) => o.name)).toEqual([
			'Oblastní charita Liberec',
		])
		expect(data.owners?.otherOrganisations.map((o) => o.name)).toContain('Statutární město Liberec')
	})

	test('writers add tasks for a person and for an organisation; a past due date is allowed', async () => {
		await addMeetingTasks()
		expect(listTasksForMeeting(meetingId)).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					title: 'Rozeslat pozvánku na kulatý stůl',
					ownerUserName: 'Tomáš Černý',
					dueDate: '2030-01-15',
					status: 'open',
				}),
				expect.objectContaining({
					title: 'Připravit přehled volných bytů',
					ownerOrganisationName: 'Oblastní charita Liberec',
				}),
			]),
		)
		const data = await meetingLoader({
			request: get(`/meetings/${meetingId}/decisions`, observer),
			params: { meetingId },
			context,
		})
		const past = data.tasks.find((task) => task.title === 'Připravit přehled volných bytů')
		// Saved with a due date already past: marked overdue straight away.
		expect(past?.overdue).toBe(true)
	})

	test('bad input keeps everything typed; an owner outside the group is refused', async () => {
		const missing = reply(
			await addTask(convenor, {
				title: '',
				description: 'Popis, který nesmí zmizet.',
				owner: '',
				dueDate: '2026-02-30',
			}),
		)
		expect(missing.error).toMatchObject({
			title: ['error.required'],
			owner: ['tasks.owner.required'],
			dueDate: ['tasks.dueDate.invalid'],
		})
		expect(missing.initialValue).toMatchObject({
			description: 'Popis, který nesmí zmizet.',
			dueDate: '2026-02-30',
		})
		const stranger = reply(
			await addTask(convenor, { title: 'Úkol pro cizí', owner: `user:${outsider.id}` }),
		)
		expect(stranger.error?.owner).toEqual(['tasks.owner.invalid'])
		expect(stranger.initialValue).toMatchObject({ title: 'Úkol pro cizí' })
	})

	test('observers and outsiders cannot add tasks', async () => {
		const byObserver = (await thrown(
			addTask(observer, { title: 'Pozorovatel', owner: `user:${observer.id}` }),
		)) as Response
		expect(byObserver.status).toBe(403)
		const byOutsider = (await thrown(
			addTask(outsider, { title: 'Cizí', owner: `user:${member.id}` }),
		)) as Response
		expect(byOutsider.status).toBe(404)
	})
})

describe('Moje úkoly', () => {
	beforeAll(addMeetingTasks)

	test('tasks of a person and of their organisations appear for the right people', async () => {
		const today = '2026-11-23'
		const forMember = listMyTasks(member.id, today)
		expect(titles([...forMember.overdue, ...forMember.upcoming])).toEqual([
			'Připravit přehled volných bytů',
			'Rozeslat pozvánku na kulatý stůl',
		])
		// The colleague is not in the group, but her organisation owns a task.
		const forColleague = listMyTasks(colleague.id, today)
		expect(titles(forColleague.overdue)).toEqual(['Připravit přehled volných bytů'])
		expect(forColleague.upcoming).toEqual([])
		expect(listMyTasks(outsider.id, today)).toEqual({ overdue: [], upcoming: [], finished: [] })
		expect(listMyTasks(convenor.id, today).upcoming).toEqual([])

		// On the page, the meeting is named only to those who may open it.
		const page = await myLoader({ request: get('/tasks', colleague), params: {}, context })
		expect(page.overdue.map((task) => [task.title, task.meeting])).toEqual([
			['Připravit přehled volných bytů', null],
		])
		const own = await myLoader({ request: get('/tasks', member), params: {}, context })
		expect([...own.overdue, ...own.upcoming].every((task) => task.meeting?.id === meetingId)).toBe(
			true,
		)
		const home = await homeLoader({ request: get('/', member), params: {}, context })
		expect(home).toMatchObject({ openTasks: 2 })
	})

	test('overdue means due before today in Prague, not in UTC', () => {
		// 23 Nov 2026 23:30 UTC is already 24 November in Prague.
		expect(pragueToday(new Date('2026-11-23T22:59:00Z'))).toBe('2026-11-23')
		expect(pragueToday(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24')
		// Summer time: 30 June 22:30 UTC is 1 July 00:30 in Prague.
		expect(pragueToday(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01')

		const lateEvening = listMyTasks(colleague.id, pragueToday(new Date('2026-11-01T22:59:00Z')))
		expect(lateEvening.overdue).toEqual([])
		expect(titles(lateEvening.upcoming)).toEqual(['Připravit přehled volných bytů'])
		const afterMidnight = listMyTasks(colleague.id, pragueToday(new Date('2026-11-01T23:00:00Z')))
		expect(titles(afterMidnight.overdue)).toEqual(['Připravit přehled volných bytů'])

		expect(
			titles(listOverdueTasksForGroup(groupId, pragueToday(new Date('2026-11-01T23:00:00Z')))),
		).toEqual(['Připravit přehled volných bytů'])
		expect(listOverdueTasksForGroup(groupId, '2026-11-01')).toEqual([])
		// Tasks without a due date are never overdue.
		expect(titles(listOverdueTasksForGroup(groupId, '2031-01-01'))).toEqual([
			'Připravit přehled volných bytů',
			'Rozeslat pozvánku na kulatý stůl',
		])
	})

	test('a quick status change by an organisation colleague moves the task to done; strangers cannot', async () => {
		const id = taskId('Připravit přehled volných bytů')
		const denied = (await thrown(
			myAction({
				request: post('/tasks', outsider, { taskId: id, status: 'done' }),
				params: {},
				context,
			}),
		)) as Response
		expect(denied.status).toBe(404)
		expect(
			location(
				await myAction({
					request: post('/tasks', colleague, { taskId: id, status: 'done' }),
					params: {},
					context,
				}),
			),
		).toBe('/tasks?notice=notice.taskStatusChanged')
		const after = listMyTasks(member.id, '2026-11-23')
		expect(titles(after.finished)).toEqual(['Připravit přehled volných bytů'])
		expect(titles(after.overdue)).toEqual([])
		expect(listOverdueTasksForGroup(groupId, '2031-01-01').map((t) => t.id)).not.toContain(id)
	})

	test('writers edit and delete a meeting task; an observer cannot change its status', async () => {
		const id = taskId('Rozeslat pozvánku na kulatý stůl')
		const byObserver = (await thrown(
			meetingAction({
				request: post(`/meetings/${meetingId}/decisions`, observer, {
					intent: 'task-status',
					taskId: id,
					status: 'cancelled',
				}),
				params: { meetingId },
				context,
			}),
		)) as Response
		expect(byObserver.status).toBe(403)
		location(
			await meetingAction({
				request: post(`/meetings/${meetingId}/decisions`, convenor, {
					intent: 'task-update',
					taskId: id,
					title: 'Rozeslat pozvánku na kulatý stůl (i kraji)',
					owner: `organisation:${magistrat}`,
					dueDate: '2030-02-01',
					status: 'in_progress',
				}),
				params: { meetingId },
				context,
			}),
		)
		expect(listTasksForMeeting(meetingId).find((t) => t.id === id)).toMatchObject({
			title: 'Rozeslat pozvánku na kulatý stůl (i kraji)',
			ownerUserId: null,
			ownerOrganisationName: 'Statutární město Liberec',
			status: 'in_progress',
		})
		// Now the city owns it: it left the member's list.
		expect(titles(listMyTasks(member.id, '2026-11-23').upcoming)).toEqual([])
		location(
			await meetingAction({
				request: post(`/meetings/${meetingId}/decisions`, convenor, {
					intent: 'task-delete',
					taskId: id,
				}),
				params: { meetingId },
				context,
			}),
		)
		expect(listTasksForMeeting(meetingId).some((t) => t.id === id)).toBe(false)
	})
})
