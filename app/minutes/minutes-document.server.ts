import type { SessionUser } from '#app/auth/session.server.ts'
import { getMeetingAccess } from '#app/meetings/meeting-access.server.ts'
import { meetingDocumentParser } from '#app/meetings/meeting-documents.server.ts'
import { recordAutoVersion } from '#app/realtime/auto-versions.server.ts'
import { scheduleMinutesReindex } from '#app/search/search-index.server.ts'
import type { LiveDocumentKind } from '#server/realtime/kinds.ts'

/**
 * `meeting:<meetingId>:minutes`, the live minutes: `getMeetingAccess`'s `minutesAccess` (the
 * meeting's rule, then the lifecycle: frozen once approved; after the comments deadline or during
 * a correction only the managers write). While comments are open, access is decided again when
 * the deadline passes. Committed changes are re-indexed for search once typing pauses.
 */
export const minutesDocument: LiveDocumentKind<SessionUser, { meetingId: string }> = {
	id: 'meeting-minutes',
	prefix: 'meeting',
	parse: meetingDocumentParser('minutes'),
	resolve(user, { meetingId }) {
		const meeting = getMeetingAccess(user, meetingId)
		if (!meeting) return 'none'
		const deadline = meeting.commentsUntil
		const deadlineAhead =
			meeting.minutesState === 'comments' && deadline && deadline.getTime() > Date.now()
		return { access: meeting.minutesAccess, recheckAt: deadlineAhead ? deadline : null }
	},
	onCommitted(_doc, _params, name) {
		scheduleMinutesReindex(name)
	},
	onIdle: recordAutoVersion,
}
