import type { LoaderFunctionArgs } from '@remix-run/node'
import { listAgendaItems, renderAgendaPdf } from '#app/agenda/agenda-pdf.server.ts'
import { requireUser } from '#app/auth/auth.server.ts'
import { meetingIcsFilename } from '#app/meetings/ics.server.ts'
import { requireMeetingAccess } from '#app/meetings/meetings.server.ts'

/** The meeting's agenda as a PDF (the same file invitations carry), for everyone who sees it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const { meeting } = requireMeetingAccess(user, params.meetingId)
	const pdf = await renderAgendaPdf(meeting, listAgendaItems(meeting.id))
	const slug = meetingIcsFilename(meeting.title, meeting.id).replace(/^setkani-|\.ics$/g, '')
	return new Response(new Uint8Array(pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `inline; filename="program-${slug}.pdf"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
