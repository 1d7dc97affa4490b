import type { LoaderFunctionArgs } from '@remix-run/node'
import { getUser } from '#app/auth/auth.server.ts'
import { loadMinutesExport } from '#app/minutes/export/export.server.ts'
import { minutesContentDisposition } from '#app/minutes/export/file-name.ts'
import { minutesToPdf } from '#app/minutes/export/to-pdf.ts'
import { requirePublishedMeeting } from '#app/minutes/public-minutes.server.ts'

/**
 * The published minutes as PDF, for anyone: the latest published approved version with the
 * attendance and decisions, confidential sections always left out. 404 as the public page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { meeting } = requirePublishedMeeting(params.meetingId)
	const view = await loadMinutesExport(
		meeting,
		{ includeAttendance: true, omitConfidential: true },
		getUser(request)?.locale ?? 'cs',
		{ publishedOnly: true },
	)
	return new Response(new Uint8Array(await minutesToPdf(view)), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': minutesContentDisposition(meeting, 'pdf'),
			'Cache-Control': 'public, max-age=300',
		},
	})
}
