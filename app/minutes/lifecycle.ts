import type { MeetingAccess } from '#app/meetings/meeting-access.ts'
import type { MinutesState } from '#db/schema/meetings.ts'

/**
 * What the minutes' lifecycle says about writing, shared by the meeting page and the realtime
 * resolver (the live document `meeting:<id>:minutes`):
 * - `draft`, and `comments` until its deadline: the meeting's own rule (writers write, observers
 *   read); after the comments deadline only the managers write (to settle the text for approval);
 * - `approved` and `published`: the document is frozen, everyone reads;
 * - a correction (back to `draft` after an approval): only the meeting's managers (administrators
 *   and the group's convenors) write, everyone else reads.
 */
export function minutesAccessFor(
	access: MeetingAccess,
	facts: {
		minutesState: MinutesState
		approved: boolean
		manager: boolean
		commentsUntil?: Date | null
	},
	now = new Date(),
): MeetingAccess {
	if (access === 'none') return 'none'
	if (facts.minutesState === 'approved' || facts.minutesState === 'published') return 'read'
	const managersOnly =
		facts.approved ||
		(facts.minutesState === 'comments' &&
			facts.commentsUntil != null &&
			facts.commentsUntil.getTime() <= now.getTime())
	if (managersOnly) return facts.manager && access === 'write' ? 'write' : 'read'
	return access
}

/** The minutes are frozen (read-only for everyone). */
export function isMinutesFrozen(minutesState: MinutesState) {
	return minutesState === 'approved' || minutesState === 'published'
}
