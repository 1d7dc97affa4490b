import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { generateSecureRandomString, hashToken } from '#app/auth/tokens.server.ts'
import { canManageGroup, listGroupMembers, type Actor } from '#app/groups/groups.server.ts'
import { isCzechPublicHoliday } from '#app/meetings/czech-holidays.ts'
import { sendMeetingInvitation } from '#app/meetings/invitations-mail.server.ts'
import { utcToPragueLocal } from '#app/meetings/prague-time.ts'
import { getEnv } from '#app/utils/env.server.ts'
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
				pollToken: meetings.pollToken,
				pollClosedAt: meetings.pollClosedAt,
			})
			.from(meetings)
			.innerJoin(groups, eq(groups.id, meetings.groupId))
			.where(eq(meetings.id, meetingId))
			.get() ?? null
	)
}

function statusOf(meeting: { pollToken: string | null; pollClosedAt: Date | null }): PollStatus {
	if (!meeting.pollToken) return 'none'
	return meeting.pollClosedAt ? 'closed' : 'open'
}

/** The meeting behind a guest link, or null for a link that does not exist. */
export function findMeetingIdByPollToken(token: string) {
	if (!token) return null
	return (
		getDb().select({ id: meetings.id }).from(meetings).where(eq(meetings.pollToken, token)).get()
			?.id ?? null
	)
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

/**
 * Everything the poll table shows: slots (with any Czech public holiday), respondents and their
 * answers, totals per slot and the best slots. `viewer` marks the row of the person looking.
 */
export function getPoll(
	meetingId: string,
	viewer: { userId?: string | null; respondentId?: string | null } = {},
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
	const rows = respondents.map((respondent) => ({
		id: respondent.id,
		name: respondent.userName ?? respondent.guestName ?? '',
		isGuest: !respondent.userId,
		isViewer:
			(viewer.userId != null && respondent.userId === viewer.userId) ||
			(viewer.respondentId != null && respondent.id === viewer.respondentId),
		answers: Object.fromEntries(
			answers
				.filter((answer) => answer.respondentId === respondent.id)
				.map((answer) => [answer.slotId, answer.answer]),
		) as Record<string, PollAnswer>,
	}))
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
		pollToken: meeting.pollToken,
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
 * link. A closed poll takes no new slots (reopen it first).
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
		if (!meeting.pollToken || meeting.state !== 'scheduling') {
			tx.update(meetings)
				.set({
					state: 'scheduling',
					pollToken: meeting.pollToken ?? generateSecureRandomString(),
					updatedAt: new Date(),
				})
				.where(eq(meetings.id, meetingId))
				.run()
		}
		return row
	})
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

/** The guest who holds this edit token for the meeting's poll, or null. */
export function findGuestRespondent(meetingId: string, editToken: string | null | undefined) {
	if (!editToken) return null
	return (
		getDb()
			.select({ id: pollRespondents.id, name: pollRespondents.guestName })
			.from(pollRespondents)
			.where(
				and(
					eq(pollRespondents.meetingId, meetingId),
					eq(pollRespondents.guestTokenHash, hashToken(editToken)),
				),
			)
			.get() ?? null
	)
}

/**
 * A guest's answers under a name. With the edit token from their cookie they change their
 * earlier answer; otherwise a new respondent is created and a new edit token returned (only its
 * SHA-256 is stored).
 */
export function answerAsGuest(
	meetingId: string,
	name: string,
	answers: Record<string, PollAnswer>,
	editToken?: string | null,
) {
	const entries = checkAnswers(meetingId, answers)
	const existing = findGuestRespondent(meetingId, editToken)
	return getDb().transaction((tx) => {
		if (existing) {
			tx.update(pollRespondents)
				.set({ guestName: name, updatedAt: new Date() })
				.where(eq(pollRespondents.id, existing.id))
				.run()
			replaceAnswers(tx, existing.id, entries)
			return { respondentId: existing.id, editToken: editToken!, created: false }
		}
		const token = generateSecureRandomString()
		const row = tx
			.insert(pollRespondents)
			.values({ meetingId, guestName: name, guestTokenHash: hashToken(token) })
			.returning({ id: pollRespondents.id })
			.get()
		replaceAnswers(tx, row.id, entries)
		return { respondentId: row.id, editToken: token, created: true }
	})
}

/** Reopens a closed poll: the meeting is "scheduling" again (its date is no longer confirmed). */
export function reopenPoll(meetingId: string) {
	const meeting = requireMeeting(meetingId)
	if (!meeting.pollToken || !meeting.pollClosedAt) return
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
