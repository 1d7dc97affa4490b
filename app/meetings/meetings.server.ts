import { asc, eq } from 'drizzle-orm'
import { getGroupRole, type Actor } from '#app/groups/groups.server.ts'
import { getDb } from '#db/client.ts'
import { groups, meetings } from '#db/schema.ts'
import { meetingAccessFor, type MeetingAccess } from './meeting-access.ts'
import type { MeetingInput } from './meeting.schema.ts'

export function createMeeting(groupId: string, input: MeetingInput, createdById: string) {
	return getDb()
		.insert(meetings)
		.values({
			groupId,
			title: input.title,
			startsAt: input.startsAt,
			place: input.place ?? null,
			createdById,
		})
		.returning({ id: meetings.id })
		.get()
}

/** A meeting with its group's name, or null. */
export function getMeeting(meetingId: string) {
	return (
		getDb()
			.select({
				id: meetings.id,
				title: meetings.title,
				startsAt: meetings.startsAt,
				place: meetings.place,
				groupId: meetings.groupId,
				groupName: groups.name,
			})
			.from(meetings)
			.innerJoin(groups, eq(groups.id, meetings.groupId))
			.where(eq(meetings.id, meetingId))
			.get() ?? null
	)
}

/** A group's meetings, earliest first. */
export function listMeetingsForGroup(groupId: string) {
	return getDb()
		.select({
			id: meetings.id,
			title: meetings.title,
			startsAt: meetings.startsAt,
			place: meetings.place,
		})
		.from(meetings)
		.where(eq(meetings.groupId, groupId))
		.orderBy(asc(meetings.startsAt), asc(meetings.title))
		.all()
}

/** Which group a meeting belongs to, or null when there is no such meeting. */
function getMeetingGroupId(meetingId: string) {
	return (
		getDb()
			.select({ groupId: meetings.groupId })
			.from(meetings)
			.where(eq(meetings.id, meetingId))
			.get()?.groupId ?? null
	)
}

/**
 * What the user may do with a meeting and its minutes ('none' also for a meeting that does not
 * exist). The rule itself is `meetingAccessFor`, which the realtime engine uses too.
 */
export function getMeetingAccess(user: Actor, meetingId: string): MeetingAccess {
	const groupId = getMeetingGroupId(meetingId)
	if (!groupId) return 'none'
	return meetingAccessFor(user, getGroupRole(user.id, groupId))
}

/**
 * The meeting and the user's access to it; 404 when it does not exist or the user may not see
 * it, so that its existence is not revealed.
 */
export function requireMeetingAccess(user: Actor, meetingId: string | undefined) {
	const meeting = meetingId ? getMeeting(meetingId) : null
	if (!meeting) throw new Response('Not found', { status: 404 })
	const access = meetingAccessFor(user, getGroupRole(user.id, meeting.groupId))
	if (access === 'none') throw new Response('Not found', { status: 404 })
	return { meeting, access }
}

/** Throws 403 unless the user may change the minutes (they can already see the meeting). */
export function requireWriteAccess(access: MeetingAccess) {
	if (access !== 'write') throw new Response('Forbidden', { status: 403 })
}
