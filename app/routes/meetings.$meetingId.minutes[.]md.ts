import type { LoaderFunctionArgs } from '@remix-run/node'
import { minutesExportResponse } from '#app/minutes/export/export.server.ts'

/** GET /meetings/:meetingId/minutes.md: the minutes as a download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	return minutesExportResponse(request, params.meetingId, 'md')
}
