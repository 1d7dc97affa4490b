import { asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { pragueLocalToUtc, utcToPragueLocal } from '#app/meetings/prague-time.ts'
import { extendSeries, materialiseSeries } from '#app/meetings/series.server.ts'
import { action as editAction } from '#app/routes/meetings.$meetingId_.edit.tsx'
import { loader as meetingLoader } from '#app/routes/meetings.$meetingId.tsx'
import {
	action as newSeriesAction,
	loader as newSeriesLoader,
} from '#app/routes/groups.$groupId_.series.new.tsx'
import { action as seriesAction, loader as seriesLoader } from '#app/routes/series.$seriesId.tsx'
import { getDb } from '#db/client.ts'
import { agendaItems, meetingParticipants, meetings, meetingSeries, outbox } from '#db/schema.ts'
import {
	get,
	location,
	type Person,
	post,
	reply,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'

let convenor: Person
let member: Person
let outsider: Person
let groupId: string

beforeAll(async () => {
	;({ convenor, member, outsider, groupId } = await network({
		roles: ['convenor', 'member', 'outsider'],
		group: {
			name: 'Pracovní skupina Dluhy Liberec',
			kind: 'platforma_kmb',
			scope: 'orp',
			orpKod: '5105',
		},
	}))
})

/** The form as a browser sends it: ticked months are repeated `months` fields. */
function seriesRequest(who: Person, fields: Record<string, string | string[]>) {
	const body = new FormData()
	for (const [key, value] of Object.entries(fields)) {
		for (const one of [value].flat()) body.append(key, one)
	}
	return new Request(`http://localhost:3000/groups/${groupId}/series/new`, {
		method: 'POST',
		body,
		headers: { Cookie: who.cookie },
	})
}

function submitSeries(who: Person, fields: Record<string, string | string[]>) {
	return newSeriesAction({ request: seriesRequest(who, fields), params: { groupId }, context })
}

/** Three times a year, the second Wednesday of May, September and November at 9:30. */
const threeTimesAYear = {
	title: 'Pracovní skupina Dluhy',
	kind: 'working_group',
	startsAt: '2027-05-12T09:30',
	durationMinutes: '150',
	place: 'KÚ Libereckého kraje, zasedačka 2',
	onlineUrl: 'https://meet.jit.si/dluhy-liberec',
	repeat: 'months',
	months: ['5', '9', '11'],
	dayRule: 'weekday',
	ordinal: '2',
	weekday: 'WE',
	end: 'none',
	agenda: 'Úvod a novinky – 15 min\nZprávy z organizací - 30 min\nRůzné',
}

function seriesMeetings(seriesId: string) {
	return getDb()
		.select()
		.from(meetings)
		.where(eq(meetings.seriesId, seriesId))
		.orderBy(asc(meetings.occurrenceStartsAt))
		.all()
}

function agendaOf(meetingId: string) {
	return getDb()
		.select({ title: agendaItems.title, plannedMinutes: agendaItems.plannedMinutes })
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.orderBy(asc(agendaItems.position))
		.all()
}

const seriesIdFrom = (to: string) => to.split('/')[2]!.split('?')[0]!

function edit(meetingId: string, fields: Record<string, string>) {
	return editAction({
		request: post(`/meetings/${meetingId}/edit`, convenor, fields),
		params: { meetingId },
		context,
	})
}

describe('creating a series', () => {
	test('the meetings of the first 12 months, at 9:30 Prague time, each with the agenda template', async () => {
		const to = location(await submitSeries(convenor, threeTimesAYear))
		expect(to).toMatch(/^\/series\/[^/?]+\?notice=notice\.seriesCreated$/)
		const seriesId = seriesIdFrom(to)
		const series = getDb().select().from(meetingSeries).where(eq(meetingSeries.id, seriesId)).get()!
		expect(series.rrule).toBe('FREQ=YEARLY;BYMONTH=5,9,11;BYDAY=2WE')
		expect(series.durationMinutes).toBe(150)

		const created = seriesMeetings(seriesId)
		expect(created.map((meeting) => utcToPragueLocal(meeting.startsAt))).toEqual([
			'2027-05-12T09:30',
			'2027-09-08T09:30',
			'2027-11-10T09:30',
			'2028-05-10T09:30',
		])
		for (const meeting of created) {
			expect(meeting).toMatchObject({
				groupId,
				title: 'Pracovní skupina Dluhy',
				kind: 'working_group',
				state: 'confirmed',
				place: 'KÚ Libereckého kraje, zasedačka 2',
				onlineUrl: 'https://meet.jit.si/dluhy-liberec',
			})
			expect(meeting.occurrenceStartsAt?.getTime()).toBe(meeting.startsAt.getTime())
			expect(meeting.endsAt!.getTime() - meeting.startsAt.getTime()).toBe(150 * 60_000)
			// The template went into the live agenda and from there into agenda_items.
			expect(agendaOf(meeting.id)).toEqual([
				{ title: 'Úvod a novinky', plannedMinutes: 15 },
				{ title: 'Zprávy z organizací', plannedMinutes: 30 },
				{ title: 'Různé', plannedMinutes: null },
			])
			// Nobody is invited and nothing is sent until the convenor sends the invitations.
			expect(
				getDb()
					.select()
					.from(meetingParticipants)
					.where(eq(meetingParticipants.meetingId, meeting.id))
					.all(),
			).toEqual([])
		}
		expect(
			getDb()
				.select()
				.from(outbox)
				.all()
				.filter((mail) => mail.subject.includes('Dluhy')),
		).toEqual([])

		// The series page lists them; each meeting page says which series it belongs to.
		const page = await seriesLoader({
			request: get(`/series/${seriesId}`, member),
			params: { seriesId },
			context,
		})
		expect(page.meetings.map((meeting) => meeting.id)).toEqual(created.map((m) => m.id))
		expect(page.series.agendaTemplate).toBe(
			'Úvod a novinky – 15 min\nZprávy z organizací – 30 min\nRůzné',
		)
		const meetingPage = await meetingLoader({
			request: get(`/meetings/${created[1]!.id}`, member),
			params: { meetingId: created[1]!.id },
			context,
		})
		expect(meetingPage.series).toEqual({ id: seriesId, title: 'Pracovní skupina Dluhy' })
	})

	test('last Friday of every second month, six meetings in all', async () => {
		const seriesId = seriesIdFrom(
			location(
				await submitSeries(convenor, {
					title: 'Intervize terénních pracovníků',
					startsAt: '2027-01-29T14:00',
					durationMinutes: '90',
					repeat: 'monthly',
					interval: '2',
					dayRule: 'weekday',
					ordinal: '-1',
					weekday: 'FR',
					end: 'count',
					count: '6',
				}),
			),
		)
		expect(seriesMeetings(seriesId).map((m) => utcToPragueLocal(m.startsAt))).toEqual([
			'2027-01-29T14:00',
			'2027-03-26T14:00',
			'2027-05-28T14:00',
			'2027-07-30T14:00',
			'2027-09-24T14:00',
			'2027-11-26T14:00',
		])
		// COUNT is reached: extending adds nothing.
		expect((await extendSeries(seriesId, convenor.id)).created).toBe(0)
	})

	test('"Zobrazit náhled" shows the dates and keeps the form, without saving', async () => {
		const before = getDb().select().from(meetingSeries).all().length
		const result = (await submitSeries(convenor, {
			...threeTimesAYear,
			title: 'Jen náhled',
			intent: 'preview',
		})) as { preview: { occurrences: string[]; rrule: string }; result: unknown }
		expect(result.preview.rrule).toBe('FREQ=YEARLY;BYMONTH=5,9,11;BYDAY=2WE')
		expect(result.preview.occurrences.map((date) => utcToPragueLocal(new Date(date)))).toEqual([
			'2027-05-12T09:30',
			'2027-09-08T09:30',
			'2027-11-10T09:30',
			'2028-05-10T09:30',
		])
		expect(reply(result).initialValue).toMatchObject({
			title: 'Jen náhled',
			months: ['5', '9', '11'],
		})
		expect(getDb().select().from(meetingSeries).all()).toHaveLength(before)
	})

	test('Czech messages for what is wrong, and everything typed is kept', async () => {
		const seriesOfGroup = () =>
			getDb().select().from(meetingSeries).where(eq(meetingSeries.groupId, groupId)).all()
		const before = seriesOfGroup().length
		const errorsFor = async (fields: Record<string, string | string[]>) => {
			const result = reply(await submitSeries(convenor, { ...threeTimesAYear, ...fields }))
			return { error: result.error ?? {}, initialValue: result.initialValue }
		}
		// 13 May 2027 is a Thursday: the nearest second Wednesday is suggested.
		const wrongDay = await errorsFor({ startsAt: '2027-05-13T09:30' })
		expect(wrongDay.error.startsAt).toEqual(['series.startsAt.notInRule|date=8. 9. 2027'])
		expect(wrongDay.initialValue).toMatchObject({
			title: 'Pracovní skupina Dluhy',
			months: ['5', '9', '11'],
			ordinal: '2',
			weekday: 'WE',
		})
		// A browser sends the textarea's line breaks as CRLF.
		expect(String(wrongDay.initialValue?.agenda).replace(/\r\n/g, '\n')).toBe(
			threeTimesAYear.agenda,
		)
		expect((await errorsFor({ months: [] })).error.months).toEqual(['series.months.required'])
		expect((await errorsFor({ startsAt: '2020-05-13T09:30' })).error.startsAt).toEqual([
			'meetings.startsAt.past',
		])
		expect((await errorsFor({ startsAt: '' })).error.startsAt).toEqual(['error.required'])
		expect((await errorsFor({ end: 'count', count: '0' })).error.count).toEqual([
			'series.count.invalid',
		])
		expect((await errorsFor({ end: 'count', count: '' })).error.count).toEqual([
			'series.count.invalid',
		])
		expect(
			(await errorsFor({ repeat: 'monthly', interval: 'dva', dayRule: 'monthDay' })).error.interval,
		).toEqual(['series.interval.invalid'])
		expect((await errorsFor({ end: 'until', until: '' })).error.until).toEqual([
			'series.until.invalid',
		])
		expect((await errorsFor({ end: 'until', until: '2027-01-01' })).error.until).toEqual([
			'series.until.beforeStart',
		])
		expect((await errorsFor({ durationMinutes: 'dvě hodiny' })).error.durationMinutes).toEqual([
			'series.duration.invalid',
		])
		expect((await errorsFor({ agenda: 'Úvod\n – 20 min' })).error.agenda).toEqual([
			'series.agenda.noTitle|line=2',
		])
		expect((await errorsFor({ onlineUrl: 'meet.jit.si/x' })).error.onlineUrl).toEqual([
			'meetings.onlineUrl.invalid',
		])
		// Nothing was saved.
		expect(seriesOfGroup()).toHaveLength(before)
	})

	test('a field for another choice (hidden in the form) never blocks saving', async () => {
		const seriesId = seriesIdFrom(
			location(
				await submitSeries(convenor, {
					title: 'Koordinační porada',
					startsAt: '2027-02-03T13:00',
					durationMinutes: '60',
					repeat: 'weekly',
					interval: '2',
					weekday: 'MO',
					end: 'until',
					until: '2027-03-31',
					count: 'nevím',
					months: ['5'],
				}),
			),
		)
		// Every second Wednesday (the first meeting's weekday), the last one before 1 April.
		expect(seriesMeetings(seriesId).map((m) => utcToPragueLocal(m.startsAt))).toEqual([
			'2027-02-03T13:00',
			'2027-02-17T13:00',
			'2027-03-03T13:00',
			'2027-03-17T13:00',
			'2027-03-31T13:00',
		])
	})

	test('only convenors and administrators create a series', async () => {
		const forbidden = (await thrown(submitSeries(member, threeTimesAYear))) as Response
		expect(forbidden.status).toBe(403)
		const page = (await thrown(
			newSeriesLoader({
				request: get(`/groups/${groupId}/series/new`, member),
				params: { groupId },
				context,
			}),
		)) as Response
		expect(page.status).toBe(403)
	})
})

describe('one occurrence moved or cancelled, then the series extended', () => {
	test('moved and cancelled occurrences are never created again; extending adds no duplicates', async () => {
		const seriesId = seriesIdFrom(
			location(await submitSeries(convenor, { ...threeTimesAYear, title: 'Platforma Liberec' })),
		)
		const [may, september, november] = seriesMeetings(seriesId)
		// September moves a week later (the edit form, as usual).
		location(
			await edit(september!.id, {
				title: 'Platforma Liberec – posunuto',
				kind: 'working_group',
				startsAt: '2027-09-15T10:00',
				endsAt: '2027-09-15T12:00',
				visibility: 'members',
			}),
		)
		// November is cancelled.
		location(await edit(november!.id, { intent: 'cancel', confirm: 'yes' }))

		// The same range again creates nothing.
		expect(
			await materialiseSeries(seriesId, {
				from: may!.startsAt,
				to: pragueLocalToUtc('2028-05-12T09:30')!,
				userId: convenor.id,
			}),
		).toEqual([])

		// "Prodloužit řadu" through the page: the next 12 months after the last occurrence.
		const to = location(
			await seriesAction({
				request: post(`/series/${seriesId}`, convenor, { intent: 'extend' }),
				params: { seriesId },
				context,
			}),
		)
		expect(to).toBe(`/series/${seriesId}?notice=notice.seriesExtended`)
		let all = seriesMeetings(seriesId)
		expect(all.map((m) => utcToPragueLocal(m.occurrenceStartsAt!))).toEqual([
			'2027-05-12T09:30',
			'2027-09-08T09:30',
			'2027-11-10T09:30',
			'2028-05-10T09:30',
			'2028-09-13T09:30',
			'2028-11-08T09:30',
			'2029-05-09T09:30',
		])
		const moved = all.find((m) => m.id === september!.id)!
		expect(utcToPragueLocal(moved.startsAt)).toBe('2027-09-15T10:00')
		expect(moved.title).toBe('Platforma Liberec – posunuto')
		expect(all.find((m) => m.id === november!.id)!.state).toBe('cancelled')
		expect(agendaOf(all.at(-1)!.id).map((item) => item.title)).toEqual([
			'Úvod a novinky',
			'Zprávy z organizací',
			'Různé',
		])

		// Extending again continues after the last one, still without duplicates.
		await extendSeries(seriesId, convenor.id)
		all = seriesMeetings(seriesId)
		const occurrences = all.map((m) => m.occurrenceStartsAt!.getTime())
		expect(new Set(occurrences).size).toBe(occurrences.length)
		expect(all).toHaveLength(10)

		// The series page shows the move; members may not extend; outsiders do not see it.
		const page = await seriesLoader({
			request: get(`/series/${seriesId}`, member),
			params: { seriesId },
			context,
		})
		expect(page.canManage).toBe(false)
		expect(page.meetings.find((m) => m.id === september!.id)).toMatchObject({ state: 'confirmed' })
		const forbidden = (await thrown(
			seriesAction({
				request: post(`/series/${seriesId}`, member, { intent: 'extend' }),
				params: { seriesId },
				context,
			}),
		)) as Response
		expect(forbidden.status).toBe(403)
		const hidden = (await thrown(
			seriesLoader({
				request: get(`/series/${seriesId}`, outsider),
				params: { seriesId },
				context,
			}),
		)) as Response
		expect(hidden.status).toBe(404)
	})
})
