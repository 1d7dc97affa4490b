import { agendaPdfAttachment } from '#app/agenda/agenda-pdf.server.ts'
import { formatDateTime } from '#app/i18n/format.ts'
import { createTranslator, TIME_ZONE } from '#app/i18n/i18n.ts'
import { sendMail } from '#app/mail/mailer.server.ts'
import {
	buildMeetingCalendar,
	mailFromOrganizer,
	meetingEvent,
	meetingUrl,
	type IcsPerson,
	type StoredMeeting,
} from './ics.server.ts'

export type InvitationMethod = 'REQUEST' | 'CANCEL'

/** The attachment's name in the mail, for invitations and cancellations alike. */
export const INVITATION_FILENAME = 'pozvanka.ics'

/** "úterý 14. dubna 2026 v 9:30" (or "… 9:30–11:30" with an end), in Prague. */
const whenFormat = new Intl.DateTimeFormat('cs-CZ', {
	weekday: 'long',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: 'numeric',
	minute: '2-digit',
	timeZone: TIME_ZONE,
})

type MailedMeeting = {
	id: string
	title: string
	startsAt: Date
	endsAt?: Date | null
	place?: string | null
	onlineUrl?: string | null
}

/**
 * The meeting as every mail about it describes it (invitation, update, cancellation, reminder):
 * title, when (with the end only when one was set), where, the online link and the page.
 */
export function meetingMailDetails(meeting: MailedMeeting) {
	const t = createTranslator('cs')
	return [
		t('meetings.invitationMail.title', { title: meeting.title }),
		t('meetings.invitationMail.when', {
			date: meeting.endsAt
				? whenFormat.formatRange(meeting.startsAt, meeting.endsAt)
				: whenFormat.format(meeting.startsAt),
		}),
		t('meetings.invitationMail.where', {
			place: meeting.place ?? t('meetings.place.none').toLowerCase(),
		}),
		...(meeting.onlineUrl ? [t('meetings.invitationMail.online', { url: meeting.onlineUrl })] : []),
		'',
		t('meetings.invitationMail.link'),
		meetingUrl(meeting.id),
	]
}

/**
 * Sends each recipient their own Czech e-mail about a meeting with the calendar file attached:
 * an invitation (METHOD:REQUEST) or a cancellation (METHOD:CANCEL). The UID is the meeting's, so
 * calendars update or remove the event they already have; `sequence` must be raised on every
 * change. Invitations also carry the agenda as `program.pdf` when it has items. Without SMTP_URL
 * the mails stay in the outbox (without the attachments).
 */
export async function sendMeetingInvitation(
	meeting: StoredMeeting & { groupName: string },
	recipients: IcsPerson[],
	{
		method,
		sequence,
		organizer = mailFromOrganizer(),
	}: { method: InvitationMethod; sequence: number; organizer?: IcsPerson },
) {
	const t = createTranslator('cs')
	const cancel = method === 'CANCEL'
	// The agenda goes with invitations and updates (not cancellations) once it has items.
	const agenda = cancel
		? null
		: await agendaPdfAttachment({
				...meeting,
				endsAt: meeting.endsAt ?? null,
				onlineUrl: meeting.onlineUrl ?? null,
			})
	const subjectParams = { title: meeting.title, date: formatDateTime(meeting.startsAt, 'cs') }
	const text = [
		t('meetings.invitationMail.greeting'),
		'',
		t(cancel ? 'meetings.cancellationMail.intro' : 'meetings.invitationMail.intro', {
			group: meeting.groupName,
		}),
		'',
		...meetingMailDetails(meeting),
		'',
		t(cancel ? 'meetings.cancellationMail.calendar' : 'meetings.invitationMail.calendar'),
		...(agenda ? [t('meetings.invitationMail.agenda')] : []),
	].join('\n')

	const results = []
	for (const recipient of recipients) {
		// One file per person: it names only them, so no one learns the others' addresses.
		const calendar = buildMeetingCalendar({
			method,
			meetings: [meetingEvent(meeting, { sequence, organizer, attendees: [recipient] })],
		})
		const mail = await sendMail({
			to: recipient.email,
			subject: t(
				cancel ? 'meetings.cancellationMail.subject' : 'meetings.invitationMail.subject',
				subjectParams,
			),
			text,
			kind: cancel ? 'meeting-cancellation' : 'meeting-invitation',
			attachments: [
				{
					filename: INVITATION_FILENAME,
					content: calendar,
					contentType: `text/calendar; charset=utf-8; method=${method}`,
				},
				...(agenda ? [agenda] : []),
			],
		})
		results.push({ email: recipient.email, ...mail })
	}
	return results
}
