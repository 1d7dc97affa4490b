import { beforeAll, describe, expect, test } from 'vitest'
import { meetingAccessFor } from '#app/meetings/meeting-access.ts'
import { getMeetingAccess } from '#app/meetings/meeting-access.server.ts'
import { getMeeting, listMeetingsForGroup } from '#app/meetings/meetings.server.ts'
import { pragueLocalToUtc, utcToPragueLocal } from '#app/meetings/prague-time.ts'
import {
	action as newMeetingAction,
	loader as newMeetingLoader,
} from '#app/routes/groups.$groupId_.meetings.new.tsx'
import { loader as meetingLoader } from '#app/routes/meetings.$meetingId.tsx'
import { loader as versionsLoader } from '#app/routes/meetings.$meetingId.versions.tsx'
import { GROUP_ROLES } from '#db/schema.ts'
import { resolveDocument } from '#tests/setup/realtime-fixtures.ts'
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

let admin: Person
let convenor: Person
let member: Person
let guest: Person
let observer: Person
let outsider: Person
let groupId: string

beforeAll(async () => {
	;({ admin, convenor, member, guest, observer, outsider, groupId } = await network({
		roles: ['admin', 'convenor', 'member', 'guest', 'observer', 'outsider'],
	}))
})

async function createMeetingAs(who: Person, fields: Record<string, string>) {
	return newMeetingAction({
		request: post(`/groups/${groupId}/meetings/new`, who, fields),
		params: { groupId },
		context,
	})
}

function meetingIdFrom(to: string) {
	expect(to).toMatch(/^\/meetings\/[a-z0-9]+\?notice=notice\.meetingCreated$/)
	return to.split('/')[2]!.split('?')[0]!
}

describe('Prague wall-clock time to UTC', () => {
	test('winter and summer time', () => {
		expect(pragueLocalToUtc('2026-01-15T09:30')?.toISOString()).toBe('2026-01-15T08:30:00.000Z')
		expect(pragueLocalToUtc('2026-07-01T09:30')?.toISOString()).toBe('2026-07-01T07:30:00.000Z')
	})

	test('around the spring change (29 March 2026, 02:00 → 03:00)', () => {
		expect(pragueLocalToUtc('2026-03-29T01:59')?.toISOString()).toBe('2026-03-29T00:59:00.000Z')
		// 02:30 never happens that night: it means 03:30 summer time, like Temporal's "compatible".
		expect(pragueLocalToUtc('2026-03-29T02:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z')
		expect(pragueLocalToUtc('2026-03-29T03:00')?.toISOString()).toBe('2026-03-29T01:00:00.000Z')
	})

	test('around the autumn change (25 October 2026, 03:00 → 02:00)', () => {
		expect(pragueLocalToUtc('2026-10-25T01:59')?.toISOString()).toBe('2026-10-24T23:59:00.000Z')
		// 02:30 happens twice: the first one, still summer time.
		expect(pragueLocalToUtc('2026-10-25T02:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z')
		expect(pragueLocalToUtc('2026-10-25T03:00')?.toISOString()).toBe('2026-10-25T02:00:00.000Z')
	})

	test('invalid input is null; UTC goes back to the same wall-clock time', () => {
		for (const value of ['', '2026-02-30T09:00', '2026-07-01T24:00', '1. 7. 2026 9:00']) {
			expect(pragueLocalToUtc(value)).toBeNull()
		}
		expect(utcToPragueLocal(new Date('2026-07-01T07:30:00Z'))).toBe('2026-07-01T09:30')
		expect(utcToPragueLocal(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01T00:30')
	})
})

describe('creating a meeting', () => {
	test('the convenor creates a meeting in summer time; it is stored in UTC', async () => {
		const to = location(
			await createMeetingAs(convenor, {
				title: 'Březnové setkání platformy',
				startsAt: '2027-04-14T09:30',
				place: 'MěÚ Kolín, zasedací místnost',
			}),
		)
		const meeting = getMeeting(meetingIdFrom(to))
		expect(meeting).toMatchObject({
			title: 'Březnové setkání platformy',
			place: 'MěÚ Kolín, zasedací místnost',
			groupId,
			groupName: 'Platforma KMB Kolín',
		})
		expect(meeting!.startsAt.toISOString()).toBe('2027-04-14T07:30:00.000Z')
	})

	test('an administrator creates one across the spring change, in winter time, without a place', async () => {
		const night = location(
			await createMeetingAs(admin, { title: 'Noční služba', startsAt: '2027-03-28T02:30' }),
		)
		expect(getMeeting(meetingIdFrom(night))!.startsAt.toISOString()).toBe(
			'2027-03-28T01:30:00.000Z',
		)
		const winter = location(
			await createMeetingAs(admin, { title: 'Zimní setkání', startsAt: '2027-12-03T14:00' }),
		)
		const meeting = getMeeting(meetingIdFrom(winter))!
		expect(meeting.startsAt.toISOString()).toBe('2027-12-03T13:00:00.000Z')
		expect(meeting.place).toBeNull()
		expect(listMeetingsForGroup(groupId, admin).map((item) => item.title)).toContain(
			'Zimní setkání',
		)
	})

	test('a missing title and a bad date are explained; the typed values stay', async () => {
		const result = reply(
			await createMeetingAs(convenor, {
				title: '',
				startsAt: '2026-02-30T10:00',
				place: 'Husova 123, Kolín',
			}),
		)
		expect(result.error?.title).toEqual(['error.required'])
		expect(result.error?.startsAt).toEqual(['meetings.startsAt.invalid'])
		expect(result.initialValue).toMatchObject({
			startsAt: '2026-02-30T10:00',
			place: 'Husova 123, Kolín',
		})
		const noYear = reply(
			await createMeetingAs(convenor, { title: 'X', startsAt: '0026-05-01T10:00' }),
		)
		expect(noYear.error?.startsAt).toEqual(['meetings.startsAt.invalid'])
	})

	test('only administrators and the group’s convenors may create meetings', async () => {
		for (const who of [member, guest, observer, outsider]) {
			const error = await thrown(
				createMeetingAs(who, { title: 'Pokus', startsAt: '2026-05-05T10:00' }),
			)
			expect((error as Response).status).toBe(403)
			const pageError = await thrown(
				newMeetingLoader({
					request: get(`/groups/${groupId}/meetings/new`, who),
					params: { groupId },
					context,
				}),
			)
			expect((pageError as Response).status).toBe(403)
		}
		const missing = await thrown(
			newMeetingLoader({
				request: get('/groups/neexistuje/meetings/new', admin),
				params: { groupId: 'neexistuje' },
				context,
			}),
		)
		expect((missing as Response).status).toBe(404)
	})
})

describe('who may see and write the minutes', () => {
	let meetingId: string

	beforeAll(async () => {
		meetingId = meetingIdFrom(
			location(
				await createMeetingAs(convenor, {
					title: 'Setkání k přístupu',
					startsAt: '2027-06-02T10:00',
				}),
			),
		)
	})

	test('administrators, convenors, members and guests write; observers read; others nothing', () => {
		const expected = [
			[admin, 'write'],
			[convenor, 'write'],
			[member, 'write'],
			[guest, 'write'],
			[observer, 'read'],
			[outsider, 'none'],
		] as const
		for (const [who, access] of expected)
			expect(getMeetingAccess(who, meetingId)?.access ?? 'none').toBe(access)
		expect(getMeetingAccess(admin, 'neexistuje')?.access ?? 'none').toBe('none')
		expect(
			GROUP_ROLES.map((role) =>
				meetingAccessFor({ isAdmin: false }, role, { visibility: 'members', invited: false }),
			),
		).toEqual(['write', 'write', 'write', 'read'])
	})

	test('the realtime engine’s resolver answers exactly the same for every role', async () => {
		const resolve = (who: Person) => resolveDocument(who, `meeting:${meetingId}:minutes`)
		for (const who of [admin, convenor, member, guest, observer, outsider]) {
			expect(await resolve(who)).toBe(getMeetingAccess(who, meetingId)?.access ?? 'none')
		}
	})

	test('the meeting page says whether the minutes are writable', async () => {
		for (const [who, canWrite] of [
			[member, true],
			[observer, false],
			[admin, true],
		] as const) {
			const page = await meetingLoader({
				request: get(`/meetings/${meetingId}`, who),
				params: { meetingId },
				context,
			})
			expect(page.canWrite).toBe(canWrite)
			expect(page.meeting).toMatchObject({
				title: 'Setkání k přístupu',
				groupName: 'Platforma KMB Kolín',
			})
		}
	})

	test('outsiders get 404 (not 403), the same as for a meeting that does not exist', async () => {
		for (const [who, id] of [
			[outsider, meetingId],
			[member, 'neexistuje'],
		] as const) {
			const page = await thrown(
				meetingLoader({ request: get(`/meetings/${id}`, who), params: { meetingId: id }, context }),
			)
			expect((page as Response).status).toBe(404)
			const history = await thrown(
				versionsLoader({
					request: get(`/meetings/${id}/versions`, who),
					params: { meetingId: id },
					context,
				}),
			)
			expect((history as Response).status).toBe(404)
		}
	})

	test('without a session the meeting page sends people to sign in and back', async () => {
		const result = await thrown(
			meetingLoader({
				request: new Request(`http://localhost:3000/meetings/${meetingId}`),
				params: { meetingId },
				context,
			}),
		)
		expect((result as Response).status).toBe(302)
		expect((result as Response).headers.get('Location')).toBe(
			`/login?redirectTo=%2Fmeetings%2F${meetingId}`,
		)
	})
})
