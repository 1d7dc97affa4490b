import { eq } from 'drizzle-orm'
import ICAL from 'ical.js'
import { beforeAll, describe, expect, test } from 'vitest'
import { sendMeetingInvitation } from '#app/meetings/invitations-mail.server.ts'
import { createMeeting, getMeeting } from '#app/meetings/meetings.server.ts'
import { loader as inviteLoader } from '#app/routes/meetings.$meetingId.invite[.]ics.ts'
import { getDb } from '#db/client.ts'
import { outbox } from '#db/schema.ts'
import {
	get,
	location,
	type Person,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'
import { mimeParts, smtpServer } from '#tests/setup/smtp.ts'

let convenor: Person
let member: Person
let observer: Person
let outsider: Person
let admin: Person
let meetingId: string

beforeAll(async () => {
	let groupId: string
	;({ admin, convenor, member, observer, outsider, groupId } = await network())
	meetingId = createMeeting(
		groupId,
		{
			title: 'Platforma KMB Kolín – červencové setkání',
			// 9:30 in Prague, summer time.
			startsAt: new Date('2026-07-14T07:30:00Z'),
			place: 'MěÚ Kolín, Karlovo nám. 78; zasedací místnost',
		},
		convenor.id,
	).id
})

function parseCalendar(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text))
	const event = calendar.getFirstSubcomponent('vevent')!
	return { calendar, event }
}

function calendarPart(raw: string) {
	const part = mimeParts(raw).find(({ headers }) =>
		/^content-type:\s*text\/calendar/im.test(headers),
	)
	expect(part, 'the message has a text/calendar part').toBeDefined()
	return part!
}

function newestMail(to: string) {
	return getDb()
		.select({
			subject: outbox.subject,
			text: outbox.text,
			kind: outbox.kind,
			status: outbox.status,
		})
		.from(outbox)
		.where(eq(outbox.to, to))
		.all()
		.at(-1)
}

describe('invitation e-mails over SMTP', () => {
	const received = smtpServer()

	test('each recipient gets a Czech invitation with a METHOD:REQUEST calendar attached', async () => {
		const meeting = getMeeting(meetingId)!
		const results = await sendMeetingInvitation(
			meeting,
			[
				{ name: member.name, email: member.email },
				{ name: observer.name, email: observer.email },
			],
			{ method: 'REQUEST', sequence: 0 },
		)
		expect(results.map(({ email, status }) => ({ email, status }))).toEqual([
			{ email: member.email, status: 'sent' },
			{ email: observer.email, status: 'sent' },
		])
		expect(received.map(({ to }) => to)).toEqual([[member.email], [observer.email]])

		const part = calendarPart(received[0]!.raw)
		expect(part.headers).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/i)
		expect(part.headers).toMatch(/filename="?pozvanka\.ics"?/)
		const { calendar, event } = parseCalendar(part.body)
		expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST')
		expect(event.getFirstPropertyValue('uid')).toBe(`meeting-${meetingId}@localhost`)
		expect(event.getFirstPropertyValue('sequence')).toBe(0)
		expect(event.getFirstPropertyValue('summary')).toBe(meeting.title)
		expect(event.getFirstPropertyValue('location')).toBe(meeting.place)
		const start = event.getFirstPropertyValue('dtstart') as ICAL.Time
		expect(start.zone?.tzid).toBe('Europe/Prague')
		expect(start.toJSDate().toISOString()).toBe('2026-07-14T07:30:00.000Z')
		// The file names only its recipient.
		const attendees = event.getAllProperties('attendee').map((p) => String(p.getFirstValue()))
		expect(attendees.map((value) => value.toLowerCase())).toEqual([`mailto:${member.email}`])
		expect(String(event.getFirstPropertyValue('organizer'))).toBe('mailto:sitovka@localhost')

		const mail = newestMail(member.email)
		expect(mail).toMatchObject({
			kind: 'meeting-invitation',
			status: 'sent',
			subject: 'Pozvánka: Platforma KMB Kolín – červencové setkání, 14. 7. 2026 9:30',
		})
		expect(mail!.text).toContain('úterý 14. července 2026 v 9:30')
		expect(mail!.text).toContain('MěÚ Kolín, Karlovo nám. 78; zasedací místnost')
		expect(mail!.text).toContain(`http://localhost:3000/meetings/${meetingId}`)
	})

	test('a cancellation carries METHOD:CANCEL, STATUS:CANCELLED and the same UID', async () => {
		const meeting = getMeeting(meetingId)!
		const [result] = await sendMeetingInvitation(
			meeting,
			[{ name: member.name, email: member.email }],
			{ method: 'CANCEL', sequence: 1 },
		)
		expect(result!.status).toBe('sent')
		const part = calendarPart(received[0]!.raw)
		expect(part.headers).toMatch(/method=CANCEL/i)
		const { calendar, event } = parseCalendar(part.body)
		expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL')
		expect(event.getFirstPropertyValue('status')).toBe('CANCELLED')
		expect(event.getFirstPropertyValue('uid')).toBe(`meeting-${meetingId}@localhost`)
		expect(event.getFirstPropertyValue('sequence')).toBe(1)
		expect(newestMail(member.email)).toMatchObject({
			kind: 'meeting-cancellation',
			status: 'sent',
			subject: 'Zrušeno: Platforma KMB Kolín – červencové setkání, 14. 7. 2026 9:30',
		})
	})
})

describe('invitation e-mails without SMTP', () => {
	test('the invitation waits in the outbox', async () => {
		expect(process.env.SMTP_URL).toBeUndefined()
		const [result] = await sendMeetingInvitation(
			getMeeting(meetingId)!,
			[{ name: convenor.name, email: convenor.email }],
			{ method: 'REQUEST', sequence: 0 },
		)
		expect(result!.status).toBe('stored')
		const mail = newestMail(convenor.email)
		expect(mail).toMatchObject({ kind: 'meeting-invitation', status: 'stored' })
		expect(mail!.subject).toMatch(/^Pozvánka: Platforma KMB Kolín/)
		expect(mail!.text).toContain('zveme vás na setkání skupiny Platforma KMB Kolín.')
	})

	test('an end time and an online link reach the invitation text', async () => {
		const meeting = {
			...getMeeting(meetingId)!,
			endsAt: new Date('2026-07-14T09:00:00Z'),
			onlineUrl: 'https://teams.example.cz/l/kmb-kolin',
		}
		await sendMeetingInvitation(meeting, [{ name: member.name, email: member.email }], {
			method: 'REQUEST',
			sequence: 3,
		})
		const text = newestMail(member.email)!.text
		expect(text).toContain('Kdy: úterý 14. července 2026 9:30–11:00')
		expect(text).toContain('Online: https://teams.example.cz/l/kmb-kolin')
	})
})

describe('/meetings/:id/invite.ics', () => {
	async function download(who: Person) {
		return inviteLoader({
			request: get(`/meetings/${meetingId}/invite.ics`, who),
			params: { meetingId },
			context,
		})
	}

	test('a member downloads a calendar invitation made out to them', async () => {
		const response = await download(member)
		expect(response.status).toBe(200)
		expect(response.headers.get('Content-Type')).toBe(
			'text/calendar; charset=utf-8; method=REQUEST',
		)
		expect(response.headers.get('Content-Disposition')).toBe(
			'attachment; filename="setkani-platforma-kmb-kolin-cervencove-setkani.ics"',
		)
		const { calendar, event } = parseCalendar(await response.text())
		expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST')
		expect(event.getFirstPropertyValue('uid')).toBe(`meeting-${meetingId}@localhost`)
		expect(event.getFirstPropertyValue('sequence')).toBe(0)
		expect(event.getFirstPropertyValue('summary')).toBe('Platforma KMB Kolín – červencové setkání')
		expect(event.getFirstPropertyValue('url')).toBe(`http://localhost:3000/meetings/${meetingId}`)
		const start = event.getFirstPropertyValue('dtstart') as ICAL.Time
		const end = event.getFirstPropertyValue('dtend') as ICAL.Time
		expect(start.toJSDate().toISOString()).toBe('2026-07-14T07:30:00.000Z')
		expect(end.toJSDate().toISOString()).toBe('2026-07-14T09:30:00.000Z')
		expect(String(event.getFirstPropertyValue('attendee')).toLowerCase()).toBe(
			`mailto:${member.email}`,
		)
	})

	test('observers and administrators may download it too', async () => {
		expect((await download(observer)).status).toBe(200)
		expect((await download(admin)).status).toBe(200)
	})

	test('someone outside the group gets 404, a stranger goes to the login', async () => {
		const response = await thrown(download(outsider))
		expect(response).toBeInstanceOf(Response)
		expect((response as Response).status).toBe(404)
		const missing = await thrown(
			inviteLoader({
				request: get('/meetings/nonexistent/invite.ics', member),
				params: { meetingId: 'nonexistent' },
				context,
			}),
		)
		expect((missing as Response).status).toBe(404)
		const anonymous = await thrown(
			inviteLoader({
				request: get(`/meetings/${meetingId}/invite.ics`, null),
				params: { meetingId },
				context,
			}),
		)
		expect(location(anonymous)).toBe(
			`/login?${new URLSearchParams({ redirectTo: `/meetings/${meetingId}/invite.ics` })}`,
		)
	})
})
