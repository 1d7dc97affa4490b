import { and, eq, sql } from 'drizzle-orm'
import type { SessionUser } from '#app/auth/session.server.ts'
import type { Db } from '#db/client.ts'
import { meetingAccessFor } from '#app/meetings/meeting-access.ts'
import { minutesAccessFor } from '#app/minutes/lifecycle.ts'
import { groupMembers, meetingParticipants, meetings, minutesApprovals } from '#db/schema.ts'
import type { DocumentName } from './protocol.ts'

/** What a user may do with a document. `none` is answered `not_found`. */
export type Access = 'none' | 'read' | 'write'

/**
 * Decides access to the documents of one kind. `parts` are the name's parts after the kind
 * (`meeting:abc:minutes` → `['abc', 'minutes']`); a resolver answers `none` for parts it does
 * not recognise. Asked on every join; the engine enforces `read` on every message.
 */
export type DocumentResolver = (
	user: SessionUser,
	parts: readonly string[],
) => Access | Promise<Access>

/** The one place that maps document kinds to their access rules. */
export class ResolverRegistry {
	private readonly resolvers = new Map<string, DocumentResolver>()

	register(kind: string, resolver: DocumentResolver) {
		if (this.resolvers.has(kind)) throw new Error(`Document kind "${kind}" is already registered`)
		this.resolvers.set(kind, resolver)
		return this
	}

	/** Unknown kinds are `none`. */
	async resolve(user: SessionUser, name: DocumentName): Promise<Access> {
		const resolver = this.resolvers.get(name.kind)
		if (!resolver) return 'none'
		return resolver(user, name.parts)
	}
}

/** The parts of a meeting that are live documents; all follow the meeting's access rule. */
const MEETING_DOCUMENT_PARTS: ReadonlySet<string> = new Set(['minutes', 'agenda'])

/**
 * `meeting:<meetingId>:minutes` and `meeting:<meetingId>:agenda`: the meeting access rule of
 * `meetingAccessFor` (the pages use the same function); an unknown meeting is `none`. The
 * minutes also follow their lifecycle (`minutesAccessFor`): read-only once approved, and after
 * the comments deadline or during a correction writable by the meeting's managers only.
 */
export function meetingMinutesResolver(db: Db): DocumentResolver {
	// Prepared once: asked on every join, including reconnect storms.
	const roleInMeetingGroup = db
		.select({
			role: groupMembers.role,
			visibility: meetings.visibility,
			participantId: meetingParticipants.id,
			minutesState: meetings.minutesState,
			commentsUntil: meetings.commentsUntil,
			approved: sql<number>`exists (select 1 from ${minutesApprovals} where ${minutesApprovals.meetingId} = ${meetings.id})`,
		})
		.from(meetings)
		.leftJoin(
			groupMembers,
			and(
				eq(groupMembers.groupId, meetings.groupId),
				eq(groupMembers.userId, sql.placeholder('userId')),
			),
		)
		.leftJoin(
			meetingParticipants,
			and(
				eq(meetingParticipants.meetingId, meetings.id),
				eq(meetingParticipants.userId, sql.placeholder('userId')),
			),
		)
		.where(eq(meetings.id, sql.placeholder('meetingId')))
		.prepare()
	return (user, parts) => {
		if (parts.length !== 2 || !MEETING_DOCUMENT_PARTS.has(parts[1]!)) return 'none'
		const row = roleInMeetingGroup.get({ userId: user.id, meetingId: parts[0] })
		if (!row) return 'none'
		const access = meetingAccessFor(user, row.role, {
			visibility: row.visibility,
			invited: row.participantId !== null,
		})
		if (parts[1] !== 'minutes') return access
		return minutesAccessFor(access, {
			minutesState: row.minutesState,
			commentsUntil: row.commentsUntil,
			approved: Boolean(row.approved),
			manager: user.isAdmin || row.role === 'convenor',
		})
	}
}

export function createDefaultResolvers(db: Db) {
	return new ResolverRegistry().register('meeting', meetingMinutesResolver(db))
}
