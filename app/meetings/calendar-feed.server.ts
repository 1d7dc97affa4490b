import { and, asc, eq, gte, notInArray, or, sql } from 'drizzle-orm'
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
import { meetingVisibleTo } from './meeting-access.server.ts'

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
	const since = new Date(now.getTime() - FEED_PAST_DAYS * 24 * 60 * 60 * 1000)
	const inMyGroup = sql`exists (select 1 from ${groupMembers} where ${groupMembers.groupId} = ${meetings.groupId} and ${groupMembers.userId} = ${user.id})`
	const invitedMe = sql`exists (select 1 from ${meetingParticipants} where ${meetingParticipants.meetingId} = ${meetings.id} and ${meetingParticipants.userId} = ${user.id})`
	return getDb()
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
				or(inMyGroup, invitedMe),
				meetingVisibleTo(user),
				gte(meetings.startsAt, since),
				notInArray(meetings.state, UNSCHEDULED_STATES),
			),
		)
		.orderBy(asc(meetings.startsAt), asc(meetings.title))
		.all()
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
