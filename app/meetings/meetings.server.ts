import { and, asc, eq, inArray } from 'drizzle-orm'
import { requireUser } from '#app/auth/auth.server.ts'
import { requireManagedGroup, type Actor } from '#app/groups/groups.server.ts'
import type { MessageKey } from '#app/i18n/messages.ts'
import { indexMeeting } from '#app/search/search-index.server.ts'
import { getDb } from '#db/client.ts'
import { invariantResponse, notFound, requireFound } from '#app/utils/errors.ts'
import { groups, meetings, type MeetingState } from '#db/schema.ts'
import type { MeetingAccess } from './meeting-access.ts'
import { getMeetingAccess, meetingVisibleTo } from './meeting-access.server.ts'
import type { MeetingInput } from './meeting.schema.ts'

/** The signed-in user and the group whose meetings and series they plan (its convenors, admins). */
export function requireGroupToPlan(request: Request, groupId: string | undefined) {
	const user = requireUser(request)
	return { user, group: requireManagedGroup(user, groupId) }
}

/** Creates a meeting; it is searchable at once (title, description, place). */
export function createMeeting(groupId: string, input: MeetingInput, createdById: string) {
	const created = getDb()
		.insert(meetings)
		.values({
			groupId,
			title: input.title,
			kind: input.kind ?? 'working_group',
			startsAt: input.startsAt,
			endsAt: input.endsAt ?? null,
			place: input.place ?? null,
			onlineUrl: input.onlineUrl ?? null,
			visibility: input.visibility ?? 'members',
			description: input.description ?? null,
			state: input.status ?? 'confirmed',
			createdById,
		})
		.returning({ id: meetings.id })
		.get()
	indexMeeting(created.id)
	return created
}

/** A meeting with its group's name, or null. */
export function getMeeting(meetingId: string) {
	return (
		getDb()
			.select({
				id: meetings.id,
				title: meetings.title,
				kind: meetings.kind,
				description: meetings.description,
				startsAt: meetings.startsAt,
				endsAt: meetings.endsAt,
				place: meetings.place,
				onlineUrl: meetings.onlineUrl,
				visibility: meetings.visibility,
				state: meetings.state,
				sequence: meetings.sequence,
				groupId: meetings.groupId,
				groupName: groups.name,
			})
			.from(meetings)
			.innerJoin(groups, eq(groups.id, meetings.groupId))
			.where(eq(meetings.id, meetingId))
			.get() ?? null
	)
}

export type MeetingDetails = NonNullable<ReturnType<typeof getMeeting>>

/**
 * A group's meetings that `user` may open (the meeting access rule, `meetingVisibleTo`), earliest
 * first: a confidential meeting appears only for those invited to it.
 */
export function listMeetingsForGroup(groupId: string, user: Actor) {
	return getDb()
		.select({
			id: meetings.id,
			title: meetings.title,
			startsAt: meetings.startsAt,
			place: meetings.place,
			state: meetings.state,
		})
		.from(meetings)
		.where(and(eq(meetings.groupId, groupId), meetingVisibleTo(user)))
		.orderBy(asc(meetings.startsAt), asc(meetings.title))
		.all()
}

/**
 * The meeting and what the user may do with it (`getMeetingAccess`: access, canManage,
 * minutesAccess…); 404 when it does not exist or the user may not see it, so that its existence
 * is not revealed.
 */
export function requireMeetingAccess(user: Actor, meetingId: string | undefined) {
	const info = requireFound(meetingId ? getMeetingAccess(user, meetingId) : null)
	const meeting = requireFound(getMeeting(info.meetingId))
	return {
		meeting,
		access: info.access,
		canManage: info.canManage,
		minutesAccess: info.minutesAccess,
		info,
	}
}

/** Throws 403 unless the user may change the meeting's shared work (they can already see it). */
export function requireWriteAccess(access: MeetingAccess, key?: MessageKey) {
	invariantResponse(access === 'write', key, { status: 403 })
}

/** Throws 403 unless the user manages the meeting (administrator or the group's convenor). */
export function requireMeetingManager(canManage: boolean) {
	invariantResponse(canManage, undefined, { status: 403 })
}

/** Two hours when a meeting has no end time. */
export const DEFAULT_DURATION_MS = 2 * 60 * 60 * 1000

export function meetingEnd(meeting: { startsAt: Date; endsAt: Date | null }) {
	return meeting.endsAt ?? new Date(meeting.startsAt.getTime() + DEFAULT_DURATION_MS)
}

/**
 * Saves the edited meeting. The calendar SEQUENCE goes up when the time, place or online link
 * change (what invitees' calendars must follow). Returns whether it did, so the caller can send
 * the update to those already invited.
 */
export function updateMeeting(meetingId: string, input: MeetingInput) {
	const db = getDb()
	const result = db.transaction((tx) => {
		const before = tx
			.select({
				startsAt: meetings.startsAt,
				endsAt: meetings.endsAt,
				place: meetings.place,
				onlineUrl: meetings.onlineUrl,
				sequence: meetings.sequence,
			})
			.from(meetings)
			.where(eq(meetings.id, meetingId))
			.get()
		if (!before) notFound()
		const next = {
			startsAt: input.startsAt,
			endsAt: input.endsAt ?? null,
			place: input.place ?? null,
			onlineUrl: input.onlineUrl ?? null,
		}
		const rescheduled =
			before.startsAt.getTime() !== next.startsAt.getTime() ||
			(before.endsAt?.getTime() ?? null) !== (next.endsAt?.getTime() ?? null) ||
			before.place !== next.place ||
			before.onlineUrl !== next.onlineUrl
		const sequence = rescheduled ? before.sequence + 1 : before.sequence
		// A meeting moved to another time gets its day-before reminder again (reminders.server.ts).
		const moved = before.startsAt.getTime() !== next.startsAt.getTime()
		tx.update(meetings)
			.set({
				...next,
				title: input.title,
				kind: input.kind ?? 'working_group',
				visibility: input.visibility ?? 'members',
				description: input.description ?? null,
				sequence,
				...(moved ? { reminderSentAt: null } : {}),
				updatedAt: new Date(),
			})
			.where(eq(meetings.id, meetingId))
			.run()
		return { rescheduled, sequence }
	})
	// The search row follows the edited title, description and place.
	indexMeeting(meetingId)
	return result
}

/** Why a state change was refused (shown as a Czech message). */
export class MeetingStateError extends Error {
	constructor(public readonly messageKey: `meetings.${string}`) {
		super(messageKey)
		this.name = 'MeetingStateError'
	}
}

/** States from which a meeting can still be held or cancelled. */
const OPEN_STATES: readonly MeetingState[] = ['draft', 'scheduling', 'confirmed']

/** "Potvrdit termín": a draft meeting's date is now fixed. */
export function confirmMeeting(meetingId: string) {
	const changed = getDb()
		.update(meetings)
		.set({ state: 'confirmed', updatedAt: new Date() })
		.where(and(eq(meetings.id, meetingId), eq(meetings.state, 'draft')))
		.returning({ id: meetings.id })
		.all()
	if (changed.length === 0) throw new MeetingStateError('meetings.state.notDraft')
}

/** "Setkání proběhlo": an open meeting becomes held. */
export function markMeetingHeld(meetingId: string) {
	const changed = getDb()
		.update(meetings)
		.set({ state: 'held', updatedAt: new Date() })
		.where(and(eq(meetings.id, meetingId), inArray(meetings.state, [...OPEN_STATES])))
		.returning({ id: meetings.id })
		.all()
	if (changed.length === 0) throw new MeetingStateError('meetings.state.notOpen')
}

/** "Zrušit setkání": an open meeting is cancelled; its SEQUENCE goes up for the CANCEL mail. */
export function cancelMeeting(meetingId: string) {
	const db = getDb()
	const result = db.transaction((tx) => {
		const row = tx
			.select({ state: meetings.state, sequence: meetings.sequence })
			.from(meetings)
			.where(eq(meetings.id, meetingId))
			.get()
		if (!row || !OPEN_STATES.includes(row.state)) {
			throw new MeetingStateError('meetings.state.notOpen')
		}
		const sequence = row.sequence + 1
		tx.update(meetings)
			.set({ state: 'cancelled', sequence, updatedAt: new Date() })
			.where(eq(meetings.id, meetingId))
			.run()
		return { sequence }
	})
	indexMeeting(meetingId)
	return result
}
