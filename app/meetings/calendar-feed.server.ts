import { and, asc, eq, gte, inArray, notInArray, or } from 'drizzle-orm'
import { generateSecureRandomString, hashToken } from '#app/auth/tokens.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { getDb } from '#db/client.ts'
import {
	calendarTokens,
	groupMembers,
	meetingParticipants,
	meetings,
	users,
	type MeetingState,
} from '#db/schema.ts'
import { buildMeetingCalendar, meetingEvent } from './ics.server.ts'
import { meetingAccessFor } from './meeting-access.ts'

/*
 * The private calendar subscription: `/calendar/<token>.ics` lists a person's meetings for
 * Outlook, Google Calendar or a phone, which fetch it without a session. The token is the only
 * key, so only its SHA-256 is stored; a new one replaces the old, revoking removes it.
 */

/** How far back the feed reaches: calendars keep the last quarter's meetings, not all history. */
export const FEED_PAST_DAYS = 90

/** Not in the feed: drafts and meetings whose date is still being polled have no real date. */
const UNSCHEDULED_STATES: MeetingState[] = ['draft', 'scheduling']

/** The subscription URL for a token (shown once, when it is created). */
export function calendarFeedUrl(token: string) {
	return `${getEnv().baseUrl}/calendar/${token}.ics`
}

/**
 * Creates the person's calendar token, replacing any earlier one (whose URL stops working at
 * once). Returns the token itself; it is not stored and cannot be shown again.
 */
export function createCalendarToken(userId: string) {
	const token = generateSecureRandomString()
	const tokenHash = hashToken(token)
	const createdAt = new Date()
	getDb()
		.insert(calendarTokens)
		.values({ userId, tokenHash, createdAt })
		.onConflictDoUpdate({ target: calendarTokens.userId, set: { tokenHash, createdAt } })
		.run()
	return token
}

/** Removes the person's calendar token; returns whether there was one. */
export function revokeCalendarToken(userId: string) {
	return getDb().delete(calendarTokens).where(eq(calendarTokens.userId, userId)).run().changes > 0
}

/** When the person's current calendar link was created, or null without one. */
export function getCalendarTokenCreatedAt(userId: string) {
	return (
		getDb()
			.select({ createdAt: calendarTokens.createdAt })
			.from(calendarTokens)
			.where(eq(calendarTokens.userId, userId))
			.get()?.createdAt ?? null
	)
}

/** The person a calendar token belongs to, or null for an unknown or revoked token. */
export function findCalendarTokenUser(token: string) {
	// Tokens are 24 base32 characters; anything else cannot match and is not worth hashing.
	if (!/^[a-z2-7]{16,64}$/.test(token)) return null
	return (
		getDb()
			.select({ id: users.id, name: users.name, email: users.email, isAdmin: users.isAdmin })
			.from(calendarTokens)
			.innerJoin(users, eq(users.id, calendarTokens.userId))
			.where(eq(calendarTokens.tokenHash, hashToken(token)))
			.get() ?? null
	)
}

/**
 * The person's meetings for the feed, earliest first: meetings they are invited to and meetings
 * of their groups, from `FEED_PAST_DAYS` ago on, cancelled ones included (calendars then strike
 * them out). The meeting access rule decides, so a confidential meeting appears only for those
 * invited to it. Administrators get their own meetings, not every meeting in Síťovka.
 */
export function listFeedMeetings(user: { id: string; isAdmin: boolean }, now = new Date()) {
	const db = getDb()
	const roles = new Map(
		db
			.select({ groupId: groupMembers.groupId, role: groupMembers.role })
			.from(groupMembers)
			.where(eq(groupMembers.userId, user.id))
			.all()
			.map((row) => [row.groupId, row.role]),
	)
	const invited = new Set(
		db
			.select({ meetingId: meetingParticipants.meetingId })
			.from(meetingParticipants)
			.where(eq(meetingParticipants.userId, user.id))
			.all()
			.map((row) => row.meetingId),
	)
	const since = new Date(now.getTime() - FEED_PAST_DAYS * 24 * 60 * 60 * 1000)
	const mine = [
		...(roles.size > 0 ? [inArray(meetings.groupId, [...roles.keys()])] : []),
		...(invited.size > 0 ? [inArray(meetings.id, [...invited])] : []),
	]
	if (mine.length === 0) return []
	return db
		.select({
			id: meetings.id,
			groupId: meetings.groupId,
			title: meetings.title,
			description: meetings.description,
			startsAt: meetings.startsAt,
			endsAt: meetings.endsAt,
			place: meetings.place,
			onlineUrl: meetings.onlineUrl,
			visibility: meetings.visibility,
			state: meetings.state,
			sequence: meetings.sequence,
		})
		.from(meetings)
		.where(
			and(
				or(...mine),
				gte(meetings.startsAt, since),
				notInArray(meetings.state, UNSCHEDULED_STATES),
			),
		)
		.orderBy(asc(meetings.startsAt), asc(meetings.title))
		.all()
		.filter(
			(meeting) =>
				meetingAccessFor(user, roles.get(meeting.groupId) ?? null, {
					visibility: meeting.visibility,
					invited: invited.has(meeting.id),
				}) !== 'none',
		)
}

/**
 * The feed itself: METHOD:PUBLISH, one event per meeting with the same UID and SEQUENCE as the
 * invitation e-mails, so a calendar that has both shows one event.
 */
export function buildCalendarFeed(user: { id: string; name: string; isAdmin: boolean }) {
	return buildMeetingCalendar({
		method: 'PUBLISH',
		name: `Síťovka – ${user.name}`,
		meetings: listFeedMeetings(user).map((meeting) =>
			meetingEvent(meeting, {
				status: meeting.state === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
			}),
		),
	})
}
