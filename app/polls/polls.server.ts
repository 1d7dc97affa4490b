import { and, asc, count, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import { generateSecureRandomString, hashToken } from '#app/auth/tokens.server.ts'
import { canManageGroup, listGroupMembers, type Actor } from '#app/groups/groups.server.ts'
import { isCzechPublicHoliday } from '#app/meetings/czech-holidays.ts'
import { sendMeetingInvitation } from '#app/meetings/invitations-mail.server.ts'
import { utcToPragueLocal } from '#app/meetings/prague-time.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { normalizeForSearch } from '#app/utils/normalize.ts'
import { getDb } from '#db/client.ts'
import {
	groups,
	meetingParticipants,
	meetings,
	pollAnswers,
	pollRespondents,
	pollSlots,
	users,
} from '#db/schema.ts'
import { pollTotals, type PollAnswer } from './poll-results.ts'

/** Why a poll command was refused; the value is the Czech message key shown to the user. */
export class PollError extends Error {
	constructor(readonly messageKey: string) {
		super(messageKey)
		this.name = 'PollError'
	}
}

export type PollStatus = 'none' | 'open' | 'closed'

/** The meeting fields a poll needs, or null. */
function getPollMeeting(meetingId: string) {
	return (
		getDb()
			.select({
				id: meetings.id,
				title: meetings.title,
				groupId: meetings.groupId,
				groupName: groups.name,
				startsAt: meetings.startsAt,
				endsAt: meetings.endsAt,
				place: meetings.place,
				onlineUrl: meetings.onlineUrl,
				description: meetings.description,
				state: meetings.state,
				sequence: meetings.sequence,
				pollTokenHash: meetings.pollTokenHash,
				pollClosedAt: meetings.pollClosedAt,
			})
			.from(meetings)
			.innerJoin(groups, eq(groups.id, meetings.groupId))
			.where(eq(meetings.id, meetingId))
			.get() ?? null
	)
}

function statusOf(meeting: {
	pollTokenHash: string | null
	pollClosedAt: Date | null
}): PollStatus {
	if (!meeting.pollTokenHash) return 'none'
	return meeting.pollClosedAt ? 'closed' : 'open'
}

/**
 * The meeting behind a guest link, or null for a link that does not exist. Only the token's
 * SHA-256 is stored (as for sessions and reset links), so the link is looked up by its hash.
 */
export function findMeetingIdByPollToken(token: string) {
	if (!token) return null
	return (
		getDb()
			.select({ id: meetings.id })
			.from(meetings)
			.where(eq(meetings.pollTokenHash, hashToken(token)))
			.get()?.id ?? null
	)
}

/** Whether `token` is the meeting's current guest link (a stale or foreign one is not). */
export function isCurrentPollToken(meetingId: string, token: string | null | undefined) {
	return !!token && findMeetingIdByPollToken(token) === meetingId
}

export function pollGuestUrl(token: string) {
	return `${getEnv().baseUrl}/poll/${token}`
}

export function canManagePoll(user: Actor, groupId: string) {
	return canManageGroup(user, groupId)
}

function listSlots(meetingId: string) {
	return getDb()
		.select({ id: pollSlots.id, startsAt: pollSlots.startsAt, endsAt: pollSlots.endsAt })
		.from(pollSlots)
		.where(eq(pollSlots.meetingId, meetingId))
		.orderBy(asc(pollSlots.startsAt), asc(pollSlots.endsAt))
		.all()
}

/** How names are compared: "Jana  Nováková" and "jana novakova" are the same name. */
export function guestNameKey(name: string) {
	return normalizeForSearch(name)
}

/**
 * Everything the poll table shows: slots (with any Czech public holiday), respondents and their
 * answers, totals per slot and the best slots. `viewer` marks the rows of the person looking
 * (a member's own row, or the rows a guest's browser answered). A row whose name another row
 * also has (compared without case and diacritics) where at least one of them is a guest is
 * marked `possibleDuplicate`, for the convenor to check.
 */
export function getPoll(
	meetingId: string,
	viewer: { userId?: string | null; respondentIds?: readonly string[] } = {},
) {
	const meeting = getPollMeeting(meetingId)
	if (!meeting) return null
	const db = getDb()
	const slots = listSlots(meetingId).map((slot) => ({
		...slot,
		holiday: isCzechPublicHoliday(utcToPragueLocal(slot.startsAt).slice(0, 10)),
	}))
	const respondents = db
		.select({
			id: pollRespondents.id,
			userId: pollRespondents.userId,
			userName: users.name,
			guestName: pollRespondents.guestName,
		})
		.from(pollRespondents)
		.leftJoin(users, eq(users.id, pollRespondents.userId))
		.where(eq(pollRespondents.meetingId, meetingId))
		.orderBy(asc(pollRespondents.createdAt), asc(pollRespondents.id))
		.all()
	const answers = respondents.length
		? db
				.select({
					respondentId: pollAnswers.respondentId,
					slotId: pollAnswers.slotId,
					answer: pollAnswers.answer,
				})
				.from(pollAnswers)
				.where(
					inArray(
						pollAnswers.respondentId,
						respondents.map((respondent) => respondent.id),
					),
				)
				.all()
		: []
	const { totals, bestSlotIds } = pollTotals(
		slots.map((slot) => slot.id),
		answers,
	)
	const byName = new Map<string, { count: number; guests: number }>()
	for (const respondent of respondents) {
		const key = guestNameKey(respondent.userName ?? respondent.guestName ?? '')
		const entry = byName.get(key) ?? { count: 0, guests: 0 }
		entry.count += 1
		if (!respondent.userId) entry.guests += 1
		byName.set(key, entry)
	}
	const rows = respondents.map((respondent) => {
		const name = respondent.userName ?? respondent.guestName ?? ''
		const sameName = byName.get(guestNameKey(name))!
		return {
			id: respondent.id,
			name,
			isGuest: !respondent.userId,
			possibleDuplicate: sameName.count > 1 && sameName.guests > 0,
			isViewer:
				(viewer.userId != null && respondent.userId === viewer.userId) ||
				(viewer.respondentIds?.includes(respondent.id) ?? false),
			answers: Object.fromEntries(
				answers
					.filter((answer) => answer.respondentId === respondent.id)
					.map((answer) => [answer.slotId, answer.answer]),
			) as Record<string, PollAnswer>,
		}
	})
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			groupId: meeting.groupId,
			groupName: meeting.groupName,
			startsAt: meeting.startsAt,
			endsAt: meeting.endsAt,
			state: meeting.state,
		},
		status: statusOf(meeting),
		slots,
		rows,
		totals,
		bestSlotIds,
	}
}

export type Poll = NonNullable<ReturnType<typeof getPoll>>

function requireMeeting(meetingId: string) {
	const meeting = getPollMeeting(meetingId)
	if (!meeting) throw new PollError('polls.notOpen')
	return meeting
}

/**
 * Offers a slot. The first slot opens the poll: the meeting is "scheduling" and gets its guest
 * link. A closed poll takes no new slots (reopen it first). `guestToken` is the new link's token
 * when this call made one (only its hash is stored, so this is the one chance to show it).
 */
export function addSlot(meetingId: string, slot: { startsAt: Date; endsAt: Date }) {
	const db = getDb()
	return db.transaction((tx) => {
		const meeting = requireMeeting(meetingId)
		if (meeting.pollClosedAt) throw new PollError('polls.closed')
		const duplicate = tx
			.select({ id: pollSlots.id })
			.from(pollSlots)
			.where(
				and(
					eq(pollSlots.meetingId, meetingId),
					eq(pollSlots.startsAt, slot.startsAt),
					eq(pollSlots.endsAt, slot.endsAt),
				),
			)
			.get()
		if (duplicate) throw new PollError('polls.slot.duplicate')
		const row = tx
			.insert(pollSlots)
			.values({ meetingId, startsAt: slot.startsAt, endsAt: slot.endsAt })
			.returning({ id: pollSlots.id })
			.get()
		const guestToken = meeting.pollTokenHash ? null : generateSecureRandomString()
		if (guestToken || meeting.state !== 'scheduling') {
			tx.update(meetings)
				.set({
					state: 'scheduling',
					pollTokenHash: guestToken ? hashToken(guestToken) : meeting.pollTokenHash,
					updatedAt: new Date(),
				})
				.where(eq(meetings.id, meetingId))
				.run()
		}
		return { id: row.id, guestToken }
	})
}

/**
 * A new guest link for an open poll; the old link stops working at once. Guests who answered
 * keep their answers (their browser is remembered per meeting, not per link). Returns the new
 * token, which is not stored anywhere (only its hash).
 */
export function renewGuestLink(meetingId: string) {
	const meeting = requireMeeting(meetingId)
	const status = statusOf(meeting)
	if (status === 'closed') throw new PollError('polls.closed')
	if (status === 'none') throw new PollError('polls.notOpen')
	const token = generateSecureRandomString()
	getDb()
		.update(meetings)
		.set({ pollTokenHash: hashToken(token), updatedAt: new Date() })
		.where(eq(meetings.id, meetingId))
		.run()
	return token
}

/** Takes a slot back while the poll is open; its answers go with it. */
export function removeSlot(meetingId: string, slotId: string) {
	const meeting = requireMeeting(meetingId)
	if (meeting.pollClosedAt) throw new PollError('polls.closed')
	getDb()
		.delete(pollSlots)
		.where(and(eq(pollSlots.id, slotId), eq(pollSlots.meetingId, meetingId)))
		.run()
}

/** Checks the poll is open and every answered slot is one of its slots. */
function checkAnswers(meetingId: string, answers: Record<string, PollAnswer>) {
	const meeting = requireMeeting(meetingId)
	const status = statusOf(meeting)
	if (status === 'closed') throw new PollError('polls.closed')
	if (status === 'none') throw new PollError('polls.notOpen')
	const slotIds = new Set(listSlots(meetingId).map((slot) => slot.id))
	const entries = Object.entries(answers)
	if (entries.length === 0) throw new PollError('polls.answer.required')
	if (entries.some(([slotId]) => !slotIds.has(slotId))) {
		throw new PollError('polls.answer.unknownSlot')
	}
	return entries
}

function replaceAnswers(
	tx: Parameters<Parameters<ReturnType<typeof getDb>['transaction']>[0]>[0],
	respondentId: string,
	entries: Array<[string, PollAnswer]>,
) {
	tx.delete(pollAnswers).where(eq(pollAnswers.respondentId, respondentId)).run()
	tx.insert(pollAnswers)
		.values(entries.map(([slotId, answer]) => ({ respondentId, slotId, answer })))
		.run()
}

/** A member's answers (slot id → yes / maybe / no); a second call replaces the first. */
export function answerAsMember(
	meetingId: string,
	userId: string,
	answers: Record<string, PollAnswer>,
) {
	const entries = checkAnswers(meetingId, answers)
	getDb().transaction((tx) => {
		const existing = tx
			.select({ id: pollRespondents.id })
			.from(pollRespondents)
			.where(and(eq(pollRespondents.meetingId, meetingId), eq(pollRespondents.userId, userId)))
			.get()
		const respondentId = existing
			? existing.id
			: tx
					.insert(pollRespondents)
					.values({ meetingId, userId })
					.returning({ id: pollRespondents.id })
					.get().id
		if (existing) {
			tx.update(pollRespondents)
				.set({ updatedAt: new Date() })
				.where(eq(pollRespondents.id, respondentId))
				.run()
		}
		replaceAnswers(tx, respondentId, entries)
	})
}

/** New guest answers one browser may add to a poll within an hour (a shared office computer). */
export const GUEST_ANSWERS_PER_BROWSER_PER_HOUR = 5
/** New guest answers a poll takes through its link within an hour, from all browsers together. */
export const GUEST_ANSWERS_PER_POLL_PER_HOUR = 20
const HOUR_MS = 60 * 60 * 1000

/** A browser id as generateSecureRandomString makes them (anything else is ignored). */
const BROWSER_ID = /^[a-z2-7]{24}$/

/** A fresh random browser id for a guest's cookie. */
export function newGuestBrowserId() {
	return generateSecureRandomString()
}

/**
 * The answers given from this browser (by its id from the guest's cookie), latest first. Only
 * the id's SHA-256 is stored.
 */
export function findGuestRespondents(meetingId: string, browserId: string | null | undefined) {
	if (!browserId || !BROWSER_ID.test(browserId)) return []
	return getDb()
		.select({ id: pollRespondents.id, name: pollRespondents.guestName })
		.from(pollRespondents)
		.where(
			and(
				eq(pollRespondents.meetingId, meetingId),
				isNull(pollRespondents.userId),
				eq(pollRespondents.guestTokenHash, hashToken(browserId)),
			),
		)
		.orderBy(
			desc(sql`coalesce(${pollRespondents.updatedAt}, ${pollRespondents.createdAt})`),
			desc(pollRespondents.id),
		)
		.all()
		.map((row) => ({ id: row.id, name: row.name ?? '' }))
}

/**
 * A guest's answers under a name, from the browser with `browserId` (from its cookie; a browser
 * without one gets a new id, returned to be set as the cookie). The same browser answering
 * again under the same name (compared without case and diacritics), or for the answer it names
 * by `respondentId`, changes that answer instead of adding one. New answers are limited per
 * browser and per poll within an hour, so one link cannot be used to flood the poll.
 */
export function answerAsGuest(
	meetingId: string,
	name: string,
	answers: Record<string, PollAnswer>,
	options: { browserId?: string | null; respondentId?: string | null } = {},
) {
	const entries = checkAnswers(meetingId, answers)
	const known = options.browserId && BROWSER_ID.test(options.browserId)
	const browserId = known ? options.browserId! : newGuestBrowserId()
	const browserHash = hashToken(browserId)
	return getDb().transaction((tx) => {
		const mine = known ? findGuestRespondents(meetingId, browserId) : []
		const key = guestNameKey(name)
		const existing =
			mine.find((row) => options.respondentId != null && row.id === options.respondentId) ??
			mine.find((row) => guestNameKey(row.name) === key)
		if (existing) {
			tx.update(pollRespondents)
				.set({ guestName: name, updatedAt: new Date() })
				.where(eq(pollRespondents.id, existing.id))
				.run()
			replaceAnswers(tx, existing.id, entries)
			return { respondentId: existing.id, browserId, created: false }
		}
		const since = new Date(Date.now() - HOUR_MS)
		const recent = (...conditions: Parameters<typeof and>) =>
			tx
				.select({ n: count() })
				.from(pollRespondents)
				.where(
					and(
						eq(pollRespondents.meetingId, meetingId),
						isNull(pollRespondents.userId),
						gt(pollRespondents.createdAt, since),
						...conditions,
					),
				)
				.get()?.n ?? 0
		if (
			recent(eq(pollRespondents.guestTokenHash, browserHash)) >= GUEST_ANSWERS_PER_BROWSER_PER_HOUR
		) {
			throw new PollError(`polls.guest.browserLimit|max=${GUEST_ANSWERS_PER_BROWSER_PER_HOUR}`)
		}
		if (recent() >= GUEST_ANSWERS_PER_POLL_PER_HOUR)
			throw new PollError(`polls.guest.pollLimit|max=${GUEST_ANSWERS_PER_POLL_PER_HOUR}`)
		const row = tx
			.insert(pollRespondents)
			.values({ meetingId, guestName: name, guestTokenHash: browserHash })
			.returning({ id: pollRespondents.id })
			.get()
		replaceAnswers(tx, row.id, entries)
		return { respondentId: row.id, browserId, created: true }
	})
}

/**
 * Removes one answer from the poll (for the convenor, e.g. a duplicate or a prank). Returns
 * whether there was such an answer in this meeting's poll.
 */
export function removeRespondent(meetingId: string, respondentId: string) {
	const removed = getDb()
		.delete(pollRespondents)
		.where(and(eq(pollRespondents.id, respondentId), eq(pollRespondents.meetingId, meetingId)))
		.returning({ id: pollRespondents.id })
		.all()
	return removed.length > 0
}

/** One answer's name, for the convenor's confirmation; null when it is not in this poll. */
export function findRespondent(meetingId: string, respondentId: string) {
	const row = getDb()
		.select({
			id: pollRespondents.id,
			guestName: pollRespondents.guestName,
			userName: users.name,
		})
		.from(pollRespondents)
		.leftJoin(users, eq(users.id, pollRespondents.userId))
		.where(and(eq(pollRespondents.id, respondentId), eq(pollRespondents.meetingId, meetingId)))
		.get()
	return row ? { id: row.id, name: row.userName ?? row.guestName ?? '' } : null
}

/** Reopens a closed poll: the meeting is "scheduling" again (its date is no longer confirmed). */
export function reopenPoll(meetingId: string) {
	const meeting = requireMeeting(meetingId)
	if (!meeting.pollTokenHash || !meeting.pollClosedAt) return
	getDb()
		.update(meetings)
		.set({ pollClosedAt: null, state: 'scheduling', updatedAt: new Date() })
		.where(eq(meetings.id, meetingId))
		.run()
}

/**
 * The people to invite: the meeting's participants; when there are none yet, the group's
 * members become participants first. Marks them invited now.
 */
function participantsToInvite(meetingId: string, groupId: string, now: Date) {
	const db = getDb()
	const hasParticipants = db
		.select({ id: meetingParticipants.id })
		.from(meetingParticipants)
		.where(eq(meetingParticipants.meetingId, meetingId))
		.get()
	if (!hasParticipants) {
		const members = listGroupMembers(groupId)
		if (members.length) {
			db.insert(meetingParticipants)
				.values(members.map((member) => ({ meetingId, userId: member.userId })))
				.onConflictDoNothing()
				.run()
		}
	}
	db.update(meetingParticipants)
		.set({ invitedAt: now })
		.where(eq(meetingParticipants.meetingId, meetingId))
		.run()
	return db
		.select({
			userName: users.name,
			userEmail: users.email,
			guestName: meetingParticipants.guestName,
			email: meetingParticipants.email,
		})
		.from(meetingParticipants)
		.leftJoin(users, eq(users.id, meetingParticipants.userId))
		.where(eq(meetingParticipants.meetingId, meetingId))
		.all()
		.map((row) => ({
			name: row.userName ?? row.guestName ?? '',
			email: row.userEmail ?? row.email ?? '',
		}))
		.filter((person) => person.email)
}

/**
 * Closes the poll on one of its slots (by default the caller passes the best one): the meeting
 * takes the slot's time, becomes confirmed with a raised SEQUENCE, and every participant (or,
 * when there are none yet, every group member) gets an invitation with a calendar file.
 */
export async function closePoll(meetingId: string, slotId: string) {
	const meeting = requireMeeting(meetingId)
	if (statusOf(meeting) !== 'open') throw new PollError('polls.notOpen')
	const slot = listSlots(meetingId).find((candidate) => candidate.id === slotId)
	if (!slot) throw new PollError('polls.close.unknownSlot')
	const now = new Date()
	const updated = getDb()
		.update(meetings)
		.set({
			startsAt: slot.startsAt,
			endsAt: slot.endsAt,
			state: 'confirmed',
			pollClosedAt: now,
			sequence: sql`${meetings.sequence} + 1`,
			updatedAt: now,
		})
		.where(eq(meetings.id, meetingId))
		.returning({ sequence: meetings.sequence })
		.get()
	const recipients = participantsToInvite(meetingId, meeting.groupId, now)
	const invited = {
		id: meeting.id,
		title: meeting.title,
		startsAt: slot.startsAt,
		endsAt: slot.endsAt,
		place: meeting.place,
		onlineUrl: meeting.onlineUrl,
		description: meeting.description,
		groupName: meeting.groupName,
	}
	await sendMeetingInvitation(invited, recipients, {
		method: 'REQUEST',
		sequence: updated?.sequence ?? meeting.sequence + 1,
	})
	return { invited: recipients.length }
}
