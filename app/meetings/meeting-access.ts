import type { GroupRole } from '#db/schema/groups.ts'
import type { MeetingVisibility } from '#db/schema/meetings.ts'

/** What someone may do with a meeting and its minutes. */
export type MeetingAccess = 'none' | 'read' | 'write'

/** What the rule needs to know about the meeting and the person's place in it. */
export type MeetingAccessFacts = {
	visibility: MeetingVisibility
	/** The person is on the meeting's participant list (meeting_participants with their userId). */
	invited: boolean
}

/**
 * THE access rule for a meeting and its live minutes, shared by the pages and the realtime
 * engine's resolver: administrators and the group's convenors, members and guests write;
 * observers read; everyone else does not learn the meeting exists.
 *
 * A confidential meeting is for the invited only: administrators write, invited people write
 * (observers of the group read), and a role in the group alone gives nothing.
 */
export function meetingAccessFor(
	actor: { isAdmin: boolean },
	role: GroupRole | null,
	meeting: MeetingAccessFacts,
): MeetingAccess {
	if (actor.isAdmin) return 'write'
	if (meeting.visibility === 'confidential') {
		if (!meeting.invited) return 'none'
		return role === 'observer' ? 'read' : 'write'
	}
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
