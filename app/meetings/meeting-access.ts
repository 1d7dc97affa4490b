import { GROUP_ROLES, type GroupRole } from '#db/schema/groups.ts'
import { MEETING_VISIBILITIES, type MeetingVisibility } from '#db/schema/meetings.ts'

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

/**
 * One case in which the rule lets someone in, for lists that filter in SQL: a meeting of this
 * visibility, the person invited or not, and their role in the meeting's group one of `roles`
 * (`null` standing for no role) or any (`'any'`).
 */
export type MeetingAccessCase = {
	visibility: MeetingVisibility
	invited: boolean
	roles: ReadonlyArray<GroupRole | null> | 'any'
}

/**
 * The rule (`meetingAccessFor`) as the list of cases in which it answers more than `none`,
 * computed from the rule itself for every visibility × invited × role, so that lists filtering in
 * SQL can never disagree with the meeting pages.
 */
export function meetingAccessCases(actor: { isAdmin: boolean }): MeetingAccessCase[] {
	const rolesOrNone: Array<GroupRole | null> = [...GROUP_ROLES, null]
	const cases: MeetingAccessCase[] = []
	for (const visibility of MEETING_VISIBILITIES) {
		for (const invited of [false, true]) {
			const allowed = rolesOrNone.filter(
				(role) => meetingAccessFor(actor, role, { visibility, invited }) !== 'none',
			)
			if (allowed.length === 0) continue
			cases.push({
				visibility,
				invited,
				roles: allowed.length === rolesOrNone.length ? 'any' : allowed,
			})
		}
	}
	return cases
}
