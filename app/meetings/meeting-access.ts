import type { GroupRole } from '#db/schema/groups.ts'

/** What someone may do with a meeting and its minutes. */
export type MeetingAccess = 'none' | 'read' | 'write'

/**
 * THE access rule for a meeting and its live minutes, shared by the pages and the realtime
 * engine's resolver: administrators and the group's convenors, members and guests write;
 * observers read; everyone else does not learn the meeting exists.
 */
export function meetingAccessFor(
	actor: { isAdmin: boolean },
	role: GroupRole | null,
): MeetingAccess {
	if (actor.isAdmin) return 'write'
	switch (role) {
		case 'convenor':
		case 'member':
		case 'guest':
			return 'write'
		case 'observer':
			return 'read'
		default:
			return 'none'
	}
}
