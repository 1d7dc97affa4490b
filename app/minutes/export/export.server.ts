import { requireUser } from '#app/auth/auth.server.ts'
import type { Locale } from '#app/i18n/i18n.ts'
import { requireMeetingAccess } from '#app/meetings/meetings.server.ts'
import { listParticipants } from '#app/meetings/participants.server.ts'
import { isMinutesFrozen } from '#app/minutes/lifecycle.ts'
import { approvedMinutesState, getMinutesStatus } from '#app/minutes/lifecycle.server.ts'
import { loadStoredState } from '#app/minutes/versions.server.ts'
import { listDecisionsForMeeting } from '#app/tasks/decisions.server.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'
import { readDecisionsRecord } from '#app/minutes/decisions-record.ts'
import { minutesContentDisposition } from './file-name.ts'
import {
	type AttendanceEntry,
	buildMinutesExport,
	DEFAULT_EXPORT_OPTIONS,
	type MinutesExportOptions,
} from './minutes-export.ts'
import { minutesBlocksFromState, minutesSections } from './minutes-model.ts'
import { minutesToDocx } from './to-docx.ts'
import { minutesToMarkdown } from './to-markdown.ts'
import { minutesToPdf } from './to-pdf.ts'

export const EXPORT_FORMATS = {
	pdf: { contentType: 'application/pdf', render: minutesToPdf },
	docx: {
		contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		render: minutesToDocx,
	},
	md: { contentType: 'text/markdown; charset=utf-8', render: minutesToMarkdown },
} as const

export type ExportFormat = keyof typeof EXPORT_FORMATS

/** `?includeAttendance=1` and `?omitConfidential=1` (the meeting page's download form). */
export function exportOptionsFromUrl(url: URL): MinutesExportOptions {
	const flag = (name: string) => ['1', 'true', 'on'].includes(url.searchParams.get(name) ?? '')
	return {
		includeAttendance: flag('includeAttendance') || DEFAULT_EXPORT_OPTIONS.includeAttendance,
		omitConfidential: flag('omitConfidential') || DEFAULT_EXPORT_OPTIONS.omitConfidential,
	}
}

/** Everyone whose attendance was recorded, with their organisation. */
export function attendanceEntries(meetingId: string): AttendanceEntry[] {
	return listParticipants(meetingId)
		.filter((person) => person.attendance !== null)
		.map((person) => ({
			name: person.name,
			organisation: person.organisation,
			status: person.attendance!,
		}))
}

/**
 * The export of a meeting's minutes, ready to render: approved minutes as their latest approved
 * version (its date in the details; `publishedOnly` for the public page), else as stored (every
 * acknowledged edit); with the attendance and the meeting's decisions.
 */
export async function loadMinutesExport(
	meeting: { id: string; title: string; groupName: string; startsAt: Date; place: string | null },
	options: MinutesExportOptions,
	locale: Locale,
	{ publishedOnly = false }: { publishedOnly?: boolean } = {},
) {
	const { minutesState } = getMinutesStatus(meeting.id)
	const approved =
		publishedOnly || isMinutesFrozen(minutesState)
			? approvedMinutesState(meeting.id, { publishedOnly })
			: null
	const state = approved?.state ?? (await loadStoredState(meetingMinutesDocumentName(meeting.id)))
	const sections = minutesSections(minutesBlocksFromState(state))
	return buildMinutesExport(
		{
			meeting,
			sections,
			attendance: attendanceEntries(meeting.id),
			// An approved version with the decisions as they were approved (see decisions-record.ts).
			decisions:
				(approved && readDecisionsRecord(approved.state)) || listDecisionsForMeeting(meeting.id),
			approvedAt: approved?.approvedAt ?? null,
		},
		options,
		locale,
	)
}

/**
 * The download for a resource route: signed-in people who may see the meeting (404 for
 * everyone else, as on the meeting page), labels in their language.
 */
export async function minutesExportResponse(
	request: Request,
	meetingId: string | undefined,
	format: ExportFormat,
) {
	const user = requireUser(request)
	const { meeting } = requireMeetingAccess(user, meetingId)
	const view = await loadMinutesExport(
		meeting,
		exportOptionsFromUrl(new URL(request.url)),
		user.locale,
	)
	const { contentType, render } = EXPORT_FORMATS[format]
	const body = await render(view)
	return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
		headers: {
			'Content-Type': contentType,
			'Content-Disposition': minutesContentDisposition(meeting, format),
			// The minutes change while people write and are not for shared caches.
			'Cache-Control': 'private, no-store',
		},
	})
}
