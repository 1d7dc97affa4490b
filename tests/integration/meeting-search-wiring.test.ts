import { beforeAll, describe, expect, test } from 'vitest'
import { addGroupMember, createGroup } from '#app/groups/groups.server.ts'
import { loader as groupLoader } from '#app/routes/groups.$groupId.tsx'
import { action as newMeetingAction } from '#app/routes/groups.$groupId_.meetings.new.tsx'
import { loader as meetingLoader } from '#app/routes/meetings.$meetingId.tsx'
import { action as editAction } from '#app/routes/meetings.$meetingId_.edit.tsx'
import { search } from '#app/search/search.server.ts'
import {
	get,
	location,
	person,
	type Person,
	post,
	routeContext as context,
} from '#tests/setup/route-helpers.ts'

/**
 * A meeting is findable the moment it is created or edited (no restart, no rebuild of the
 * index), and the pages show what the form saved: the description on the meeting page, the
 * state on the group page.
 */

let convenor: Person
let member: Person
let groupId: string
let meetingId: string

const idFrom = (to: string) => to.split('/')[2]!.split('?')[0]!
const found = (who: Person, query: string) => search(who, query).map((result) => result.meetingId)

beforeAll(async () => {
	convenor = await person('alena.pospisilova@rumburk.cz', 'Alena Pospíšilová')
	member = await person('jiri.hajek@rumburk.cz', 'Jiří Hájek')
	groupId = createGroup(
		{ name: 'Síťování služeb v ORP Rumburk', kind: 'jina', scope: 'orp', orpKod: '4212' },
		convenor.id,
	).id
	addGroupMember(groupId, member.id, 'member')
	const to = location(
		await newMeetingAction({
			request: post(`/groups/${groupId}/meetings/new`, convenor, {
				title: 'Mapování aktérů na Šluknovsku',
				startsAt: '2027-02-10T09:00',
				place: 'MěÚ Rumburk, zasedací místnost',
				description: 'Profily typických klientů.\nAsistence v bydlení i pro menší obce ORP.',
			}),
			params: { groupId },
			context,
		}),
	)
	meetingId = idFrom(to)
})

describe('meetings are searchable right after the form is saved', () => {
	test('a new meeting is found by its title, description and place, without diacritics', () => {
		expect(found(member, 'mapovani aktéru')).toEqual([meetingId])
		expect(found(member, 'asistence mensi obce')).toEqual([meetingId])
		expect(found(member, 'zasedaci mistnost')).toEqual([meetingId])
	})

	test('after an edit the new words are found and the old ones no longer', async () => {
		location(
			await editAction({
				request: post(`/meetings/${meetingId}/edit`, convenor, {
					title: 'Síťovací snídaně pro služby Šluknovska',
					startsAt: '2027-02-10T09:00',
					place: 'Komunitní centrum Rumburk',
					description: 'Neformální setkání, world café.',
				}),
				params: { meetingId },
				context,
			}),
		)
		expect(found(member, 'snidane')).toEqual([meetingId])
		expect(found(member, 'komunitni centrum')).toEqual([meetingId])
		expect(found(member, 'mapovani')).toEqual([])
		expect(found(member, 'zasedaci')).toEqual([])
	})
})

describe('what the pages show', () => {
	test('the meeting page gets the description with its line breaks', async () => {
		const other = location(
			await newMeetingAction({
				request: post(`/groups/${groupId}/meetings/new`, convenor, {
					title: 'Případová setkání v území',
					startsAt: '2027-03-10T09:00',
					description: 'První řádek\nDruhý řádek',
				}),
				params: { groupId },
				context,
			}),
		)
		const data = await meetingLoader({
			request: get(`/meetings/${idFrom(other)}`, member),
			params: { meetingId: idFrom(other) },
			context,
		})
		// The browser sends form line breaks as CRLF; both show as two lines (white-space: pre-line).
		expect(data.meeting.description).toMatch(/^První řádek\r?\nDruhý řádek$/)
	})

	test("the group page lists each meeting's state; cancelling changes it", async () => {
		const listed = async () => {
			const data = await groupLoader({
				request: get(`/groups/${groupId}`, member),
				params: { groupId },
				context,
			})
			return Object.fromEntries((data.meetings ?? []).map((m) => [m.id, m.state]))
		}
		expect((await listed())[meetingId]).toBe('confirmed')
		location(
			await editAction({
				request: post(`/meetings/${meetingId}/edit`, convenor, {
					intent: 'cancel',
					confirm: 'yes',
				}),
				params: { meetingId },
				context,
			}),
		)
		expect((await listed())[meetingId]).toBe('cancelled')
		// A cancelled meeting can still be looked up (its minutes or reasons may matter later).
		expect(found(member, 'mapovani')).toEqual([meetingId])
	})
})
