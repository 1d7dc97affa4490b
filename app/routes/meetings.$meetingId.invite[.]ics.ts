import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/auth.server.ts'
import {
	buildMeetingCalendar,
	mailFromOrganizer,
	meetingEvent,
	meetingIcsFilename,
} from '#app/meetings/ics.server.ts'
import { requireMeetingAccess } from '#app/meetings/meetings.server.ts'

/**
 * The meeting as an invitation for the signed-in person's calendar: the same event (UID,
 * organizer, attendee) as the invitation e-mail, so calendars treat both as one.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const { meeting } = requireMeetingAccess(user, params.meetingId)
	const calendar = buildMeetingCalendar({
		method: 'REQUEST',
		meetings: [
			// SEQUENCE is the meeting's own once the model carries one, else 0.
			meetingEvent(meeting, {
				organizer: mailFromOrganizer(),
				attendees: [{ name: user.name, email: user.email }],
			}),
		],
	})
	return new Response(calendar, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8; method=REQUEST',
			'Content-Disposition': `attachment; filename="${meetingIcsFilename(meeting.title, meeting.id)}"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
