import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm'
import type { z } from 'zod'
import { getDb } from '#db/client.ts'
import {
	type ATTENDANCE,
	groupMembers,
	meetingParticipants,
	organisationMembers,
	organisations,
	type RSVP_ANSWERS,
	users,
} from '#db/schema.ts'
import { sendMeetingInvitation } from './invitations-mail.server.ts'
import { getMeeting } from './meetings.server.ts'
import type { GuestSchema } from './participants.schema.ts'

export type RsvpAnswer = (typeof RSVP_ANSWERS)[number]
export type Attendance = (typeof ATTENDANCE)[number]

/**
 * Everyone on a meeting's list, members and external guests alike: name, organisation (the
 * guest's own, else the organisation they were added for), e-mail, answer and attendance.
 * Sorted by name (Czech order).
 */
export function listParticipants(meetingId: string) {
	const rows = getDb()
		.select({
			id: meetingParticipants.id,
			userId: meetingParticipants.userId,
			userName: users.name,
			userEmail: users.email,
			guestName: meetingParticipants.guestName,
			guestOrganisation: meetingParticipants.guestOrganisation,
			organisationName: organisations.name,
			email: meetingParticipants.email,
			rsvp: meetingParticipants.rsvp,
			attendance: meetingParticipants.attendance,
			invitedAt: meetingParticipants.invitedAt,
		})
		.from(meetingParticipants)
		.leftJoin(users, eq(users.id, meetingParticipants.userId))
		.leftJoin(organisations, eq(organisations.id, meetingParticipants.organisationId))
		.where(eq(meetingParticipants.meetingId, meetingId))
		.orderBy(asc(meetingParticipants.createdAt))
		.all()
	const collator = new Intl.Collator('cs')
	return rows
		.map((row) => ({
			id: row.id,
			userId: row.userId,
			name: row.userName ?? row.guestName ?? '',
			organisation: row.guestOrganisation ?? row.organisationName ?? null,
			email: row.userEmail ?? row.email ?? null,
			isGuest: row.userId === null,
			rsvp: row.rsvp,
			attendance: row.attendance,
			invitedAt: row.invitedAt,
		}))
		.sort((a, b) => collator.compare(a.name, b.name))
}

export type Participant = ReturnType<typeof listParticipants>[number]

/** Whether invitations for the meeting have gone out to anyone. */
export function hasInvitations(meetingId: string) {
	return Boolean(
		getDb()
			.select({ id: meetingParticipants.id })
			.from(meetingParticipants)
			.where(
				and(eq(meetingParticipants.meetingId, meetingId), isNotNull(meetingParticipants.invitedAt)),
			)
			.get(),
	)
}

/** The group's members who are not on the list yet (for the "add a member" select). */
export function listInvitableMembers(meetingId: string, groupId: string) {
	const invited = getDb()
		.select({ userId: meetingParticipants.userId })
		.from(meetingParticipants)
		.where(and(eq(meetingParticipants.meetingId, meetingId), isNotNull(meetingParticipants.userId)))
		.all()
		.map((row) => row.userId)
	const collator = new Intl.Collator('cs')
	return getDb()
		.select({ id: users.id, name: users.name })
		.from(groupMembers)
		.innerJoin(users, eq(users.id, groupMembers.userId))
		.where(eq(groupMembers.groupId, groupId))
		.all()
		.filter((member) => !invited.includes(member.id))
		.sort((a, b) => collator.compare(a.name, b.name))
}

/** The first organisation a person belongs to (shown next to their name on the list). */
function organisationOf(userId: string) {
	return (
		getDb()
			.select({ id: organisationMembers.organisationId })
			.from(organisationMembers)
			.where(eq(organisationMembers.userId, userId))
			.orderBy(asc(organisationMembers.createdAt))
			.get()?.id ?? null
	)
}

/**
 * Puts members of the meeting's group on the list (all of them without `userIds`); people
 * already there and people outside the group are skipped. Returns how many were added.
 */
export function addGroupMembers(meetingId: string, groupId: string, userIds?: string[]) {
	const db = getDb()
	const members = db
		.select({ userId: groupMembers.userId })
		.from(groupMembers)
		.where(
			and(
				eq(groupMembers.groupId, groupId),
				userIds ? inArray(groupMembers.userId, userIds) : undefined,
			),
		)
		.all()
	return db.transaction((tx) => {
		let added = 0
		for (const { userId } of members) {
			const result = tx
				.insert(meetingParticipants)
				.values({ meetingId, userId, organisationId: organisationOf(userId) })
				.onConflictDoNothing()
				.run()
			added += result.changes
		}
		return added
	})
}

export function addGuest(meetingId: string, guest: z.infer<typeof GuestSchema>) {
	return getDb()
		.insert(meetingParticipants)
		.values({
			meetingId,
			guestName: guest.guestName,
			guestOrganisation: guest.guestOrganisation ?? null,
			email: guest.email?.toLowerCase() ?? null,
		})
		.returning({ id: meetingParticipants.id })
		.get()
}

export function removeParticipant(meetingId: string, participantId: string) {
	return (
		getDb()
			.delete(meetingParticipants)
			.where(
				and(
					eq(meetingParticipants.meetingId, meetingId),
					eq(meetingParticipants.id, participantId),
				),
			)
			.run().changes > 0
	)
}

/** A signed-in invitee's answer; false when they are not on the list. */
export function setRsvp(meetingId: string, userId: string, rsvp: RsvpAnswer) {
	return (
		getDb()
			.update(meetingParticipants)
			.set({ rsvp })
			.where(
				and(eq(meetingParticipants.meetingId, meetingId), eq(meetingParticipants.userId, userId)),
			)
			.run().changes > 0
	)
}

/** Records attendance for several participants at once (null clears it). */
export function setAttendance(
	meetingId: string,
	marks: Array<{ participantId: string; attendance: Attendance | null }>,
) {
	const db = getDb()
	db.transaction((tx) => {
		for (const mark of marks) {
			tx.update(meetingParticipants)
				.set({ attendance: mark.attendance })
				.where(
					and(
						eq(meetingParticipants.meetingId, meetingId),
						eq(meetingParticipants.id, mark.participantId),
					),
				)
				.run()
		}
	})
}

/** Who came: the "Přítomni" list for the page, the sheet and the minutes. */
export function listPresent(meetingId: string) {
	return listParticipants(meetingId).filter((person) => person.attendance === 'present')
}

/**
 * Sends the invitation (METHOD:REQUEST) to everyone on the list who has an e-mail and has not
 * had one yet, and notes when. Returns how many were sent.
 */
export async function sendPendingInvitations(meetingId: string) {
	const meeting = getMeeting(meetingId)
	if (!meeting) return 0
	const pending = listParticipants(meetingId).filter((person) => !person.invitedAt && person.email)
	if (pending.length === 0) return 0
	await sendMeetingInvitation(
		meeting,
		pending.map((person) => ({ name: person.name, email: person.email! })),
		{ method: 'REQUEST', sequence: meeting.sequence },
	)
	getDb()
		.update(meetingParticipants)
		.set({ invitedAt: new Date() })
		.where(
			and(
				eq(meetingParticipants.meetingId, meetingId),
				inArray(
					meetingParticipants.id,
					pending.map((person) => person.id),
				),
				isNull(meetingParticipants.invitedAt),
			),
		)
		.run()
	return pending.length
}

/**
 * Tells those already invited about a change (REQUEST with the raised sequence) or the
 * cancellation (CANCEL). Returns how many were told.
 */
export async function notifyInvitees(
	meetingId: string,
	{ method, sequence }: { method: 'REQUEST' | 'CANCEL'; sequence: number },
) {
	const meeting = getMeeting(meetingId)
	if (!meeting) return 0
	const invited = listParticipants(meetingId).filter((person) => person.invitedAt && person.email)
	if (invited.length === 0) return 0
	await sendMeetingInvitation(
		meeting,
		invited.map((person) => ({ name: person.name, email: person.email! })),
		{ method, sequence },
	)
	return invited.length
}

/** Counts of answers, for the summary line. */
export function rsvpCounts(participants: Participant[]) {
	const counts = { accepted: 0, maybe: 0, declined: 0, none: 0 }
	for (const person of participants) counts[person.rsvp ?? 'none'] += 1
	return counts
}
