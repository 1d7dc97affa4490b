import type { LoaderFunctionArgs } from '@remix-run/node'
import { minutesExportResponse } from '#app/minutes/export/export.server.ts'

/** GET /meetings/:meetingId/minutes.pdf: the minutes as a download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	return minutesExportResponse(request, params.meetingId, 'pdf')
}
