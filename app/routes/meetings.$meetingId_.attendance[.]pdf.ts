import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/auth.server.ts'
import { renderAttendanceSheet } from '#app/meetings/attendance-sheet.server.ts'
import { meetingIcsFilename } from '#app/meetings/ics.server.ts'
import { requireMeetingAccess } from '#app/meetings/meetings.server.ts'
import { listParticipants } from '#app/meetings/participants.server.ts'

/** The printable attendance sheet (prezenční listina) of a meeting, for everyone who sees it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const { meeting } = requireMeetingAccess(user, params.meetingId)
	const pdf = await renderAttendanceSheet(meeting, listParticipants(meeting.id))
	const filename = meetingIcsFilename(meeting.title, meeting.id).replace(/^setkani-|\.ics$/g, '')
	return new Response(new Uint8Array(pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `inline; filename="prezencni-listina-${filename}.pdf"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
