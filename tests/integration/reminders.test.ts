import { and, eq, isNotNull } from 'drizzle-orm'
import { beforeAll, describe, expect, test, vi } from 'vitest'
import { addGroupMember, createGroup } from '#app/groups/groups.server.ts'
import { cancelMeeting, createMeeting, updateMeeting } from '#app/meetings/meetings.server.ts'
import {
	addGroupMembers,
	addGuest,
	sendPendingInvitations,
	setRsvp,
} from '#app/meetings/participants.server.ts'
import {
	reminderDueAt,
	sendDueReminders,
	startReminderScheduler,
} from '#app/meetings/reminders.server.ts'
import { getDb } from '#db/client.ts'
import { agendaItems, meetingParticipants, meetings, outbox } from '#db/schema.ts'
import { person, type Person } from '#tests/setup/route-helpers.ts'

let convenor: Person
let member: Person
let decliner: Person
let latecomer: Person
let groupId: string

const TITLE = 'Platforma KMB Kolín – prosincové setkání'
// Tuesday 15 December 2026, 9:30 in Prague (winter time, UTC+1).
const STARTS_AT = new Date('2026-12-15T08:30:00Z')
const at = (iso: string) => new Date(iso)

beforeAll(async () => {
	convenor = await person('martina.horakova@kolin.cz', 'Martina Horáková')
	member = await person('tomas.cerny@charita-kolin.cz', 'Tomáš Černý')
	decliner = await person('jan.dvorak@kr-s.cz', 'Jan Dvořák')
	latecomer = await person('eva.kralova@nadeje.cz', 'Eva Králová')
	groupId = createGroup(
		{ name: 'Platforma KMB Kolín', kind: 'platforma_kmb', scope: 'orp', orpKod: '2104' },
		convenor.id,
	).id
	addGroupMember(groupId, member.id, 'member')
	addGroupMember(groupId, decliner.id, 'member')
	addGroupMember(groupId, latecomer.id, 'member')
})

/** A meeting with the convenor, two members and two guests invited; one member declines. */
async function invitedMeeting(title = TITLE, startsAt = STARTS_AT) {
	const meetingId = createMeeting(
		groupId,
		{ title, startsAt, place: 'MěÚ Kolín, zasedací místnost č. 112' },
		convenor.id,
	).id
	addGroupMembers(meetingId, groupId, [convenor.id, member.id, decliner.id])
	addGuest(meetingId, { guestName: 'Jana Malá', email: 'jana.mala@ospod.cz' })
	addGuest(meetingId, { guestName: 'Host bez e-mailu' })
	await sendPendingInvitations(meetingId)
	setRsvp(meetingId, decliner.id, 'declined')
	// Put on the list after the invitations went out: never invited, so no reminder either.
	addGroupMembers(meetingId, groupId, [latecomer.id])
	return meetingId
}

function reminders(title = TITLE) {
	return getDb()
		.select({ to: outbox.to, subject: outbox.subject, text: outbox.text })
		.from(outbox)
		.where(eq(outbox.kind, 'meeting-reminder'))
		.all()
		.filter((mail) => mail.subject.includes(title))
}

function reminderSentAt(meetingId: string) {
	return getDb()
		.select({ value: meetings.reminderSentAt })
		.from(meetings)
		.where(eq(meetings.id, meetingId))
		.get()!.value
}

describe('when a reminder is due', () => {
	test('8:00 Prague time the day before, or 24 hours before an earlier start', () => {
		expect(reminderDueAt(STARTS_AT).toISOString()).toBe('2026-12-14T07:00:00.000Z')
		// Summer time: 8:00 in Prague is 6:00 UTC.
		expect(reminderDueAt(at('2026-07-14T07:30:00Z')).toISOString()).toBe('2026-07-13T06:00:00.000Z')
		// A meeting at 7:00 is reminded at 7:00 the day before.
		expect(reminderDueAt(at('2026-12-15T06:00:00Z')).toISOString()).toBe('2026-12-14T06:00:00.000Z')
	})
})

describe('day-before reminders', () => {
	test('each invited participant with an e-mail who has not declined gets one Czech reminder', async () => {
		const meetingId = await invitedMeeting()
		// 7:55 in Prague the day before: not yet.
		expect(await sendDueReminders(at('2026-12-14T06:55:00Z'))).toEqual({ meetings: 0, mails: 0 })
		expect(reminders()).toEqual([])
		expect(reminderSentAt(meetingId)).toBeNull()

		expect(await sendDueReminders(at('2026-12-14T07:05:00Z'))).toEqual({ meetings: 1, mails: 3 })
		const mails = reminders()
		expect(mails.map((mail) => mail.to).sort()).toEqual(
			[convenor.email, member.email, 'jana.mala@ospod.cz'].sort(),
		)
		expect(mails[0]!.subject).toBe(`Připomínka: ${TITLE}, zítra v 9:30`)
		expect(mails[0]!.text).toContain(
			'připomínáme setkání skupiny Platforma KMB Kolín, které bude zítra v 9:30.',
		)
		expect(mails[0]!.text).toContain('Kdy: úterý 15. prosince 2026 v 9:30')
		expect(mails[0]!.text).toContain('Kde: MěÚ Kolín, zasedací místnost č. 112')
		expect(mails[0]!.text).toContain(`http://localhost:3000/meetings/${meetingId}`)
		expect(mails[0]!.text).not.toContain('program.pdf')
		expect(reminderSentAt(meetingId)?.toISOString()).toBe('2026-12-14T07:05:00.000Z')
	})

	test('never twice: later runs, overlapping runs and a restart send nothing more', async () => {
		const title = 'Platforma KMB Kolín – setkání bez dvojích připomínek'
		await invitedMeeting(title, at('2026-12-17T08:30:00Z'))
		const now = at('2026-12-16T07:10:00Z')
		const results = await Promise.all([sendDueReminders(now), sendDueReminders(now)])
		expect(results.map((result) => result.mails).sort()).toEqual([0, 3])
		expect(await sendDueReminders(at('2026-12-16T07:15:00Z'))).toEqual({ meetings: 0, mails: 0 })
		expect(await sendDueReminders(at('2026-12-17T07:00:00Z'))).toEqual({ meetings: 0, mails: 0 })
		expect(reminders(title)).toHaveLength(3)
	})

	test('a meeting moved to another day is reminded again before its new date', async () => {
		const title = 'Platforma KMB Kolín – přesunuté setkání'
		const meetingId = await invitedMeeting(title, at('2026-12-22T08:30:00Z'))
		await sendDueReminders(at('2026-12-21T07:05:00Z'))
		expect(reminders(title)).toHaveLength(3)

		const moved = at('2027-01-05T12:00:00Z')
		updateMeeting(meetingId, { title, startsAt: moved, place: 'MěÚ Kolín' })
		expect(reminderSentAt(meetingId)).toBeNull()
		getDb()
			.insert(agendaItems)
			.values({ id: `${meetingId}-1`, meetingId, position: 0, title: 'Nový termín a program' })
			.run()
		// The old reminder time has no effect any more.
		expect(await sendDueReminders(at('2026-12-21T07:30:00Z'))).toEqual({ meetings: 0, mails: 0 })
		expect(await sendDueReminders(at('2027-01-04T07:05:00Z'))).toEqual({ meetings: 1, mails: 3 })
		const latest = reminders(title).slice(3)
		expect(latest).toHaveLength(3)
		expect(latest[0]!.subject).toBe(`Připomínka: ${title}, zítra v 13:00`)
		expect(latest[0]!.text).toContain('Kde: MěÚ Kolín')
		// The agenda has an item now, so the reminder carries it like the invitation.
		expect(latest[0]!.text).toContain('Program setkání je v příloze (program.pdf).')

		// A change that keeps the time (here the title) does not reset it.
		updateMeeting(meetingId, { title, startsAt: moved, place: 'MěÚ Kolín, sál' })
		expect(reminderSentAt(meetingId)).not.toBeNull()
	})

	test('cancelled meetings, meetings that already started and polls get no reminder', async () => {
		const cancelled = await invitedMeeting('Zrušené setkání', at('2026-12-29T08:30:00Z'))
		cancelMeeting(cancelled)
		const polling = await invitedMeeting('Setkání s anketou', at('2026-12-29T09:30:00Z'))
		getDb().update(meetings).set({ state: 'scheduling' }).where(eq(meetings.id, polling)).run()
		await invitedMeeting('Setkání, které už začalo', at('2026-12-30T08:00:00Z'))
		expect(await sendDueReminders(at('2026-12-30T08:05:00Z'))).toEqual({ meetings: 0, mails: 0 })
		expect(await sendDueReminders(at('2026-12-28T07:05:00Z'))).toEqual({ meetings: 0, mails: 0 })
	})

	test('someone invited only hours ago is not reminded (the invitation is fresh)', async () => {
		const title = 'Setkání pozvané na poslední chvíli'
		const startsAt = new Date(Date.now() + 20 * 60 * 60 * 1000)
		const meetingId = await invitedMeeting(title, startsAt)
		expect(await sendDueReminders(new Date())).toEqual({ meetings: 1, mails: 0 })
		expect(reminders(title)).toEqual([])
		expect(reminderSentAt(meetingId)).not.toBeNull()
	})

	test('the scheduler the server starts sends due reminders and stops cleanly', async () => {
		const title = 'Setkání za dvě hodiny'
		const meetingId = await invitedMeeting(title, new Date(Date.now() + 2 * 60 * 60 * 1000))
		// Invited last week.
		getDb()
			.update(meetingParticipants)
			.set({ invitedAt: new Date(Date.now() - 7 * 24 * 60 * 60 * 1000) })
			.where(
				and(eq(meetingParticipants.meetingId, meetingId), isNotNull(meetingParticipants.invitedAt)),
			)
			.run()
		const scheduler = startReminderScheduler({ intervalMs: 20 })
		try {
			await vi.waitFor(() => expect(reminders(title)).toHaveLength(3), { timeout: 5000 })
			expect(reminders(title)[0]!.subject).toMatch(/, (dnes|zítra) v \d{1,2}:\d{2}$/)
		} finally {
			await scheduler.stop()
		}
	})
})
