import { and, eq, gt, isNull, lte } from 'drizzle-orm'
import type { Logger } from 'pino'
import { agendaPdfAttachment } from '#app/agenda/agenda-pdf.server.ts'
import { createTranslator, TIME_ZONE } from '#app/i18n/i18n.ts'
import { sendMail } from '#app/mail/mailer.server.ts'
import { getLogger } from '#app/utils/logger.server.ts'
import { getDb } from '#db/client.ts'
import { groups, meetings } from '#db/schema.ts'
import { meetingMailDetails } from './invitations-mail.server.ts'
import { listParticipants } from './participants.server.ts'
import { pragueLocalToUtc, utcToPragueLocal } from './prague-time.ts'

/*
 * The reminder the day before a meeting: a scheduler started with the server calls
 * `sendDueReminders` every few minutes. A meeting is claimed (reminderSentAt set) in the same
 * statement that checks it was not claimed yet, *before* any mail goes out, so neither a restart
 * nor two overlapping runs send a reminder twice. The price: a crash in the middle of sending
 * leaves the rest of that meeting's people without a reminder, which is better than two.
 */

const HOUR_MS = 60 * 60 * 1000

/** How often the scheduler looks for due reminders: a reminder is at most this late. */
export const REMINDER_INTERVAL_MS = 5 * 60 * 1000

/** The first look after the server starts, so a reminder missed while it was down goes out. */
const FIRST_RUN_DELAY_MS = 10 * 1000

/** Reminders go out from 8:00 Prague time on the day before: mail read in the morning. */
const REMINDER_HOUR = '08:00'

/** A reminder is never due earlier than this before the start (8:00 the day before ≤ 40 h). */
const LOOKAHEAD_MS = 48 * HOUR_MS

/**
 * Someone invited this recently already has everything in the invitation; a reminder right
 * after it would be noise.
 */
export const FRESH_INVITATION_MS = 12 * HOUR_MS

/** The Prague calendar date (`2026-07-13`) `days` after an instant's Prague date. */
function pragueDate(instant: Date, days = 0) {
	const [year, month, day] = utcToPragueLocal(instant).slice(0, 10).split('-').map(Number) as [
		number,
		number,
		number,
	]
	return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
}

/**
 * When a meeting's reminder is due: 8:00 Prague time on the day before, or 24 hours before the
 * start when that is earlier (a meeting at 7:00 gets it at 7:00 the day before).
 */
export function reminderDueAt(startsAt: Date) {
	const dayBefore = pragueLocalToUtc(`${pragueDate(startsAt, -1)}T${REMINDER_HOUR}`)!
	return new Date(Math.min(dayBefore.getTime(), startsAt.getTime() - 24 * HOUR_MS))
}

const timeFormat = new Intl.DateTimeFormat('cs-CZ', {
	hour: 'numeric',
	minute: '2-digit',
	timeZone: TIME_ZONE,
})
const dateFormat = new Intl.DateTimeFormat('cs-CZ', {
	day: 'numeric',
	month: 'numeric',
	year: 'numeric',
	timeZone: TIME_ZONE,
})

/** "zítra v 9:30", "dnes v 15:00" or "14. 7. 2026 v 9:30", as seen at `now` in Prague. */
export function reminderWhen(startsAt: Date, now: Date) {
	const t = createTranslator('cs')
	const time = timeFormat.format(startsAt)
	const day = pragueDate(startsAt)
	if (day === pragueDate(now)) return t('meetings.reminderMail.today', { time })
	if (day === pragueDate(now, 1)) return t('meetings.reminderMail.tomorrow', { time })
	return t('meetings.reminderMail.onDate', { date: dateFormat.format(startsAt), time })
}

/** Meetings whose reminder could be due at `now`: confirmed, upcoming, not reminded yet. */
function candidates(now: Date) {
	return getDb()
		.select({
			id: meetings.id,
			title: meetings.title,
			startsAt: meetings.startsAt,
			endsAt: meetings.endsAt,
			place: meetings.place,
			onlineUrl: meetings.onlineUrl,
			groupName: groups.name,
		})
		.from(meetings)
		.innerJoin(groups, eq(groups.id, meetings.groupId))
		.where(
			and(
				eq(meetings.state, 'confirmed'),
				isNull(meetings.reminderSentAt),
				gt(meetings.startsAt, now),
				lte(meetings.startsAt, new Date(now.getTime() + LOOKAHEAD_MS)),
			),
		)
		.all()
		.filter((meeting) => reminderDueAt(meeting.startsAt).getTime() <= now.getTime())
}

/**
 * Marks the meeting reminded if nobody has yet and it still starts when we read it (not moved
 * or cancelled in between). True when this caller won and must send the reminders.
 */
function claim(meetingId: string, startsAt: Date, now: Date) {
	return (
		getDb()
			.update(meetings)
			.set({ reminderSentAt: now })
			.where(
				and(
					eq(meetings.id, meetingId),
					isNull(meetings.reminderSentAt),
					eq(meetings.state, 'confirmed'),
					eq(meetings.startsAt, startsAt),
				),
			)
			.run().changes === 1
	)
}

type DueMeeting = ReturnType<typeof candidates>[number]

function reminderText(meeting: DueMeeting, when: string, hasAgenda: boolean) {
	const t = createTranslator('cs')
	return [
		t('meetings.invitationMail.greeting'),
		'',
		t('meetings.reminderMail.intro', { group: meeting.groupName, when }),
		'',
		...meetingMailDetails(meeting),
		'',
		t('meetings.reminderMail.decline'),
		...(hasAgenda ? ['', t('meetings.invitationMail.agenda')] : []),
	].join('\n')
}

/**
 * Sends the day-before reminders due at `now`: for each confirmed meeting whose reminder time
 * (`reminderDueAt`) has come and which has not started, one Czech e-mail to every participant,
 * member or guest, who was sent the invitation, has an e-mail and has not declined, with the
 * agenda attached as `program.pdf` when it has items. Returns
 * how many meetings and mails it handled.
 */
export async function sendDueReminders(now: Date = new Date()) {
	const t = createTranslator('cs')
	let meetingCount = 0
	let mailCount = 0
	for (const meeting of candidates(now)) {
		if (!claim(meeting.id, meeting.startsAt, now)) continue
		meetingCount += 1
		const recipients = listParticipants(meeting.id).filter(
			(person) =>
				person.email &&
				person.rsvp !== 'declined' &&
				person.invitedAt &&
				now.getTime() - person.invitedAt.getTime() >= FRESH_INVITATION_MS,
		)
		if (recipients.length === 0) continue
		const when = reminderWhen(meeting.startsAt, now)
		const subject = t('meetings.reminderMail.subject', { title: meeting.title, when })
		// The agenda as in the invitation: an attachment, which guests without an account can open.
		const agenda = await agendaPdfAttachment(meeting)
		const text = reminderText(meeting, when, agenda !== null)
		for (const person of recipients) {
			await sendMail({
				to: person.email!,
				subject,
				text,
				kind: 'meeting-reminder',
				attachments: agenda ? [agenda] : [],
			})
			mailCount += 1
		}
	}
	return { meetings: meetingCount, mails: mailCount }
}

/**
 * Runs `sendDueReminders` now and then (never two runs at once) until stopped. `stop` waits
 * for a run in progress, so the database is not closed under it.
 */
export function startReminderScheduler({
	intervalMs = REMINDER_INTERVAL_MS,
	logger = getLogger(),
}: { intervalMs?: number; logger?: Logger } = {}) {
	let running: Promise<void> | null = null
	let stopped = false
	const run = () => {
		if (running || stopped) return
		running = sendDueReminders(new Date())
			.then((result) => {
				if (result.meetings > 0) logger.info(result, 'meeting reminders sent')
			})
			.catch((error: unknown) => logger.error({ err: error }, 'meeting reminders failed'))
			.finally(() => {
				running = null
			})
	}
	const first = setTimeout(run, Math.min(FIRST_RUN_DELAY_MS, intervalMs))
	const timer = setInterval(run, intervalMs)
	first.unref()
	timer.unref()
	return {
		async stop() {
			stopped = true
			clearTimeout(first)
			clearInterval(timer)
			await running
		},
	}
}
