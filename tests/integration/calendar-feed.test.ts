import { eq } from 'drizzle-orm'
import ICAL from 'ical.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { createGroup } from '#app/groups/groups.server.ts'
import { addGroupMembers, addGuest } from '#app/meetings/participants.server.ts'
import { cancelMeeting, createMeeting } from '#app/meetings/meetings.server.ts'
import { action as accountAction, loader as accountLoader } from '#app/routes/account.tsx'
import { loader as feedLoader } from '#app/routes/calendar.$token[.]ics.ts'
import { getDb } from '#db/client.ts'
import { calendarTokens, meetingParticipants, meetings } from '#db/schema.ts'
import type { MeetingVisibility } from '#db/schema/meetings.ts'
import {
	get,
	location,
	type Person,
	post,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'

const DAY = 24 * 60 * 60 * 1000

let convenor: Person
let member: Person
let outsider: Person
type Key =
	| 'group'
	| 'confidentialInvited'
	| 'confidentialOther'
	| 'invitedElsewhere'
	| 'otherGroup'
	| 'cancelled'
	| 'recent'
	| 'old'
	| 'polling'
const ids = {} as Record<Key, string>

/** A meeting `days` from now at a full hour, created by the convenor. */
function meeting(
	groupId: string,
	title: string,
	days: number,
	visibility: MeetingVisibility = 'members',
) {
	const startsAt = new Date(Math.round((Date.now() + days * DAY) / 3_600_000) * 3_600_000)
	return createMeeting(groupId, { title, startsAt, visibility }, convenor.id).id
}

beforeAll(async () => {
	let kolin: string
	;({
		convenor,
		member,
		outsider,
		groupId: kolin,
	} = await network({
		roles: ['convenor', 'member', 'outsider'],
	}))
	const nymburk = createGroup(
		{ name: 'Platforma KMB Nymburk', kind: 'platforma_kmb', scope: 'orp', orpKod: '2110' },
		convenor.id,
	).id

	ids.group = meeting(kolin, 'Platforma Kolín – bydlení, dluhy; zářijové setkání', 10)
	ids.confidentialInvited = meeting(kolin, 'Případová konference – rodina N.', 12, 'confidential')
	addGroupMembers(ids.confidentialInvited, kolin, [member.id])
	ids.confidentialOther = meeting(kolin, 'Případová konference – rodina K.', 14, 'confidential')
	addGuest(ids.confidentialOther, { guestName: 'Jana Malá', email: 'jana.mala@ospod.cz' })
	// On the list of another group's meeting without being in that group (e.g. left it since):
	// the meeting page is closed to them, so the feed leaves it out too.
	ids.invitedElsewhere = meeting(nymburk, 'Platforma Nymburk – společné setkání', 20)
	getDb()
		.insert(meetingParticipants)
		.values({ meetingId: ids.invitedElsewhere, userId: member.id })
		.run()
	ids.otherGroup = meeting(nymburk, 'Platforma Nymburk – jen pro členy', 21)
	ids.cancelled = meeting(kolin, 'Platforma Kolín – zrušené setkání', 30)
	cancelMeeting(ids.cancelled)
	ids.recent = meeting(kolin, 'Platforma Kolín – před měsícem', -30)
	ids.old = meeting(kolin, 'Platforma Kolín – před půl rokem', -180)
	ids.polling = meeting(kolin, 'Platforma Kolín – termín se hledá', 40)
	getDb().update(meetings).set({ state: 'scheduling' }).where(eq(meetings.id, ids.polling)).run()
})

/** Creates (or replaces) the person's calendar link on the account page; returns the token. */
async function createLink(who: Person) {
	const result = (await accountAction({
		request: post('/account', who, { intent: 'calendar-create' }),
		params: {},
		context,
	})) as { calendarUrl: string }
	const match = /^http:\/\/localhost:3000\/calendar\/([a-z2-7]+)\.ics$/.exec(result.calendarUrl)
	expect(match, result.calendarUrl).not.toBeNull()
	return match![1]!
}

async function feed(token: string) {
	return (await feedLoader({
		request: get(`/calendar/${token}.ics`),
		params: { token },
		context,
	})) as Response
}

function parse(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text))
	const events = calendar.getAllSubcomponents('vevent').map((event) => ({
		uid: String(event.getFirstPropertyValue('uid')),
		summary: String(event.getFirstPropertyValue('summary')),
		status: String(event.getFirstPropertyValue('status')),
		sequence: event.getFirstPropertyValue('sequence'),
		start: event.getFirstPropertyValue('dtstart') as ICAL.Time,
	}))
	return { calendar, events }
}

const uid = (meetingId: string) => `meeting-${meetingId}@localhost`

describe('private calendar subscription', () => {
	test('a member’s feed lists the meetings they may see: their group’s and the confidential ones they are invited to, in Prague time', async () => {
		const token = await createLink(member)
		const response = await feed(token)
		expect(response.status).toBe(200)
		expect(response.headers.get('Content-Type')).toMatch(/^text\/calendar; charset=utf-8/)
		expect(response.headers.get('Cache-Control')).toContain('no-store')
		const text = await response.text()
		const { calendar, events } = parse(text)
		expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH')
		expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe(
			'Europe/Prague',
		)
		expect(events.map((event) => event.uid)).toEqual(
			[ids.recent, ids.group, ids.confidentialInvited, ids.cancelled].map(uid),
		)
		const byUid = new Map(events.map((event) => [event.uid, event]))
		// Same UID and SEQUENCE as the invitation; the cancelled one is struck out, not dropped.
		expect(byUid.get(uid(ids.cancelled))).toMatchObject({ status: 'CANCELLED', sequence: 1 })
		expect(byUid.get(uid(ids.group))).toMatchObject({
			status: 'CONFIRMED',
			sequence: 0,
			summary: 'Platforma Kolín – bydlení, dluhy; zářijové setkání',
		})
		expect(byUid.get(uid(ids.group))!.start.zone?.tzid).toBe('Europe/Prague')
		// A confidential meeting of the member's own group they are not invited to stays hidden.
		expect(text).not.toContain('rodina K.')
		expect(text).not.toContain(ids.confidentialOther)
		expect(text).not.toContain('jen pro členy')
		expect(text).not.toContain(ids.invitedElsewhere)
		// Older than 90 days and still being scheduled: not in calendars.
		expect(text).not.toContain(ids.old)
		expect(text).not.toContain(ids.polling)
	})

	test('someone outside every group gets an empty calendar; the convenor sees the confidential ones', async () => {
		const { events } = parse(await (await feed(await createLink(outsider))).text())
		expect(events).toEqual([])
		const convenorEvents = parse(await (await feed(await createLink(convenor))).text()).events
		expect(convenorEvents.map((event) => event.uid)).toEqual(
			expect.arrayContaining([uid(ids.otherGroup), uid(ids.group), uid(ids.cancelled)]),
		)
		// Convenors of the group see no confidential meeting they were not invited to.
		expect(convenorEvents.map((event) => event.uid)).not.toContain(uid(ids.confidentialOther))
	})

	test('only the hash is stored; the account page says a link exists', async () => {
		const token = await createLink(member)
		const row = getDb()
			.select()
			.from(calendarTokens)
			.where(eq(calendarTokens.userId, member.id))
			.get()!
		expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/)
		expect(row.tokenHash).not.toContain(token)
		const data = await accountLoader({ request: get('/account', member), params: {}, context })
		expect(data.calendarCreatedAt).toBe(row.createdAt.getTime())
	})

	test('a new link replaces the old one, whose feed is then not found', async () => {
		const old = await createLink(member)
		const renewed = await createLink(member)
		expect(renewed).not.toBe(old)
		const error = await thrown(feed(old))
		expect((error as Response).status).toBe(404)
		expect((await feed(renewed)).status).toBe(200)
	})

	test('a removed link is not found, and neither is a made-up one', async () => {
		const token = await createLink(member)
		const target = location(
			await accountAction({
				request: post('/account', member, { intent: 'calendar-revoke' }),
				params: {},
				context,
			}),
		)
		expect(target).toBe('/account?notice=notice.calendarRevoked')
		expect(((await thrown(feed(token))) as Response).status).toBe(404)
		expect(((await thrown(feed('aaaaaaaaaaaaaaaaaaaaaaaa'))) as Response).status).toBe(404)
		expect(((await thrown(feed('../../etc'))) as Response).status).toBe(404)
		const data = await accountLoader({ request: get('/account', member), params: {}, context })
		expect(data.calendarCreatedAt).toBeNull()
	})
})
