import type { SessionUser } from '#app/auth/session.server.ts'
import { getMeetingAccess } from '#app/meetings/meeting-access.server.ts'
import { meetingDocumentParser } from '#app/meetings/meeting-documents.server.ts'
import { recordAutoVersion } from '#app/realtime/auto-versions.server.ts'
import type { LiveDocumentKind } from '#server/realtime/kinds.ts'
import { projectAgenda } from './agenda-projection.server.ts'

/**
 * `meeting:<meetingId>:agenda`, the live agenda: the meeting's access rule (`getMeetingAccess`). Every committed
 * change is projected into `agenda_items` (search, exports, links to measures).
 */
export const agendaDocument: LiveDocumentKind<SessionUser, { meetingId: string }> = {
	id: 'meeting-agenda',
	prefix: 'meeting',
	parse: meetingDocumentParser('agenda'),
	resolve(user, { meetingId }) {
		return getMeetingAccess(user, meetingId)?.access ?? 'none'
	},
	onCommitted(doc, { meetingId }) {
		projectAgenda(meetingId, doc)
	},
	onIdle: recordAutoVersion,
}
