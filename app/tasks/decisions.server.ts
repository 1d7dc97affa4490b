import { and, asc, count, eq, isNotNull, like, sql } from 'drizzle-orm'
import { utcToPragueLocal } from '#app/meetings/prague-time.ts'
import { isMinutesFrozen } from '#app/minutes/lifecycle.ts'
import { indexDecision } from '#app/search/search-index.server.ts'
import { DomainError } from '#app/utils/errors.ts'
import { getDb } from '#db/client.ts'
import { agendaItems, decisions, meetingParticipants, meetings } from '#db/schema.ts'
import type { DecisionInput, DecisionRule } from './decision.schema.ts'

export type Votes = { votesFor: number; votesAgainst: number; votesAbstain: number }

/**
 * Whether a vote passed:
 * - `majority_of_present`: more than half of those present voted for (exactly half is not enough);
 * - `majority_of_votes`: more than half of the votes cast (for + against + abstain) were for.
 */
export function decisionOutcome(
	rule: DecisionRule,
	votes: Votes,
	presentCount: number | null,
): 'adopted' | 'rejected' {
	const base =
		rule === 'majority_of_present'
			? (presentCount ?? 0)
			: votes.votesFor + votes.votesAgainst + votes.votesAbstain
	return votes.votesFor * 2 > base ? 'adopted' : 'rejected'
}

/**
 * How many people were marked present at the meeting, or null when nobody's attendance has been
 * marked yet (then the number present is typed in with the vote).
 */
export function presentCountFromAttendance(meetingId: string): number | null {
	const db = getDb()
	const marked = db
		.select({ n: count() })
		.from(meetingParticipants)
		.where(
			and(eq(meetingParticipants.meetingId, meetingId), isNotNull(meetingParticipants.attendance)),
		)
		.get()
	if (!marked?.n) return null
	return (
		db
			.select({ n: count() })
			.from(meetingParticipants)
			.where(
				and(
					eq(meetingParticipants.meetingId, meetingId),
					eq(meetingParticipants.attendance, 'present'),
				),
			)
			.get()?.n ?? 0
	)
}

/** The meeting's agenda items (projected from the live agenda) for the "linked item" choice. */
export function listAgendaItemOptions(meetingId: string) {
	return getDb()
		.select({ id: agendaItems.id, title: agendaItems.title, position: agendaItems.position })
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.orderBy(asc(agendaItems.position))
		.all()
}

/** The agenda item id when it belongs to the meeting, else null (a stale or forged choice). */
export function agendaItemOfMeeting(meetingId: string, agendaItemId: string | undefined) {
	if (!agendaItemId) return null
	const row = getDb()
		.select({ id: agendaItems.id })
		.from(agendaItems)
		.where(and(eq(agendaItems.id, agendaItemId), eq(agendaItems.meetingId, meetingId)))
		.get()
	return row?.id ?? null
}

/** The calendar year (Prague) of a meeting's start; decisions are numbered within it. */
function meetingYear(startsAt: Date) {
	return utcToPragueLocal(startsAt).slice(0, 4)
}

/** The next "n/yyyy" number in the group for that year. */
function nextDecisionNumber(groupId: string, year: string) {
	const rows = getDb()
		.select({ number: decisions.number })
		.from(decisions)
		.innerJoin(meetings, eq(meetings.id, decisions.meetingId))
		.where(and(eq(meetings.groupId, groupId), like(decisions.number, `%/${year}`)))
		.all()
	let highest = 0
	for (const row of rows) {
		const n = Number.parseInt(row.number?.split('/')[0] ?? '', 10)
		if (Number.isFinite(n) && n > highest) highest = n
	}
	return `${highest + 1}/${year}`
}

/** What is stored about the vote: counts, rule, number present and the outcome; all null without a vote. */
function voteColumns(input: DecisionInput, presentFromAttendance: number | null) {
	const voted =
		input.votesFor !== undefined ||
		input.votesAgainst !== undefined ||
		input.votesAbstain !== undefined
	if (!voted) {
		return {
			votesFor: null,
			votesAgainst: null,
			votesAbstain: null,
			rule: null,
			presentCount: presentFromAttendance ?? input.presentCount ?? null,
			outcome: null,
		}
	}
	const votes = {
		votesFor: input.votesFor ?? 0,
		votesAgainst: input.votesAgainst ?? 0,
		votesAbstain: input.votesAbstain ?? 0,
	}
	const presentCount = presentFromAttendance ?? input.presentCount ?? null
	return {
		...votes,
		rule: input.rule,
		presentCount,
		outcome: decisionOutcome(input.rule, votes, presentCount),
	}
}

type MeetingRef = { id: string; groupId: string; startsAt: Date }

/**
 * The decisions belong to the minutes: once the minutes are approved (or published) they are
 * part of the approved record and change only through a correction of the minutes. Checked in
 * the same transaction as the change, so an approval in between cannot be overtaken. Who may
 * change them before that is the minutes' rule (`MeetingAccessInfo.minutesAccess`).
 */
function requireDecisionsOpen(meetingId: string) {
	const row = getDb()
		.select({ minutesState: meetings.minutesState })
		.from(meetings)
		.where(eq(meetings.id, meetingId))
		.get()
	if (row && isMinutesFrozen(row.minutesState)) {
		throw new DomainError('decisions.locked.approved', 403)
	}
}

/** Adds a decision with the next number of the group and the meeting's year. */
export function createDecision(meeting: MeetingRef, input: DecisionInput, createdById: string) {
	const present = presentCountFromAttendance(meeting.id)
	const created = getDb().transaction(() => {
		requireDecisionsOpen(meeting.id)
		return getDb()
			.insert(decisions)
			.values({
				meetingId: meeting.id,
				agendaItemId: agendaItemOfMeeting(meeting.id, input.agendaItemId),
				number: nextDecisionNumber(meeting.groupId, meetingYear(meeting.startsAt)),
				text: input.text,
				...voteColumns(input, present),
				createdById,
			})
			.returning({ id: decisions.id, number: decisions.number, outcome: decisions.outcome })
			.get()
	})
	indexDecision(created.id)
	return created
}

/** Changes a decision of the meeting (its number stays); false when there is no such decision. */
export function updateDecision(meetingId: string, decisionId: string, input: DecisionInput) {
	const present = presentCountFromAttendance(meetingId)
	const result = getDb().transaction(() => {
		requireDecisionsOpen(meetingId)
		return getDb()
			.update(decisions)
			.set({
				agendaItemId: agendaItemOfMeeting(meetingId, input.agendaItemId),
				text: input.text,
				...voteColumns(input, present),
			})
			.where(and(eq(decisions.id, decisionId), eq(decisions.meetingId, meetingId)))
			.run()
	})
	if (result.changes > 0) indexDecision(decisionId)
	return result.changes > 0
}

/** Deletes a decision of the meeting (the caller asked for confirmation); false when none. */
export function deleteDecision(meetingId: string, decisionId: string) {
	const result = getDb().transaction(() => {
		requireDecisionsOpen(meetingId)
		return getDb()
			.delete(decisions)
			.where(and(eq(decisions.id, decisionId), eq(decisions.meetingId, meetingId)))
			.run()
	})
	if (result.changes > 0) indexDecision(decisionId)
	return result.changes > 0
}

/**
 * A meeting's decisions in the order they were taken, with the linked agenda item's title:
 * for the decisions tab and the minutes exports.
 */
export function listDecisionsForMeeting(meetingId: string) {
	return getDb()
		.select({
			id: decisions.id,
			number: decisions.number,
			text: decisions.text,
			agendaItemId: decisions.agendaItemId,
			agendaItemTitle: agendaItems.title,
			votesFor: decisions.votesFor,
			votesAgainst: decisions.votesAgainst,
			votesAbstain: decisions.votesAbstain,
			rule: decisions.rule,
			presentCount: decisions.presentCount,
			outcome: decisions.outcome,
			createdAt: decisions.createdAt,
		})
		.from(decisions)
		.leftJoin(agendaItems, eq(agendaItems.id, decisions.agendaItemId))
		.where(eq(decisions.meetingId, meetingId))
		.orderBy(asc(decisions.createdAt), sql`${decisions}.rowid`)
		.all()
		.map((row) => ({ ...row, rule: row.rule as DecisionRule | null }))
}
