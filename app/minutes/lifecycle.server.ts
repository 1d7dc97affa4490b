import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { createTranslator } from '#app/i18n/i18n.ts'
import { listParticipants } from '#app/meetings/participants.server.ts'
import { listDecisionsForMeeting } from '#app/tasks/decisions.server.ts'
import { notFound } from '#app/utils/errors.ts'
import { getDb } from '#db/client.ts'
import {
	agendaItems,
	meetings,
	minutesApprovals,
	type MinutesState,
	users,
	yjsVersions,
} from '#db/schema.ts'
import { meetingMinutesDocumentName } from './minutes-doc.ts'
import { writeDecisionsRecord } from './decisions-record.ts'
import { isMinutesFrozen } from './lifecycle.ts'
import { changeMinutes, rejoinLiveMinutes } from './minutes-live.server.ts'
import { fillMinutesFromOutline, isMinutesEmpty, type MinutesOutline } from './minutes-outline.ts'
import { loadStoredState, recordVersion } from './versions.server.ts'
import { docFromState } from './minutes-doc.ts'

/** Why a step of the lifecycle was refused (shown as a Czech message). */
export class MinutesLifecycleError extends Error {
	constructor(public readonly messageKey: `minutes.lifecycle.${string}`) {
		super(messageKey)
		this.name = 'MinutesLifecycleError'
	}
}

/** Every approval of a meeting's minutes, newest first, with the approver's name. */
export function listApprovals(meetingId: string) {
	return getDb()
		.select({
			id: minutesApprovals.id,
			versionId: minutesApprovals.versionId,
			note: minutesApprovals.note,
			approvedAt: minutesApprovals.approvedAt,
			publishedAt: minutesApprovals.publishedAt,
			approverName: users.name,
		})
		.from(minutesApprovals)
		.leftJoin(users, eq(users.id, minutesApprovals.approvedById))
		.where(eq(minutesApprovals.meetingId, meetingId))
		.orderBy(desc(minutesApprovals.approvedAt), desc(sql`${minutesApprovals}.rowid`))
		.all()
}

export type MinutesApproval = ReturnType<typeof listApprovals>[number]

/**
 * Where the minutes are: their state, the deadline for comments, the approvals (newest first)
 * and whether a correction of approved minutes is under way.
 */
export function getMinutesStatus(meetingId: string) {
	const row = getDb()
		.select({ minutesState: meetings.minutesState, commentsUntil: meetings.commentsUntil })
		.from(meetings)
		.where(eq(meetings.id, meetingId))
		.get()
	if (!row) notFound()
	const approvals = listApprovals(meetingId)
	return {
		minutesState: row.minutesState,
		commentsUntil: row.commentsUntil,
		approvals,
		inCorrection: approvals.length > 0 && !isMinutesFrozen(row.minutesState),
	}
}

/** The state of the latest approval (the frozen minutes), with its date; null when none. */
export function approvedMinutesState(meetingId: string, { publishedOnly = false } = {}) {
	const row = getDb()
		.select({
			approvedAt: minutesApprovals.approvedAt,
			publishedAt: minutesApprovals.publishedAt,
			state: yjsVersions.state,
		})
		.from(minutesApprovals)
		.innerJoin(yjsVersions, eq(yjsVersions.id, minutesApprovals.versionId))
		.where(
			and(
				eq(minutesApprovals.meetingId, meetingId),
				publishedOnly ? isNotNull(minutesApprovals.publishedAt) : undefined,
			),
		)
		.orderBy(desc(minutesApprovals.approvedAt), desc(sql`${minutesApprovals}.rowid`))
		.get()
	return row ?? null
}

/** Whether the stored minutes hold nothing a reader would see (the outline may be offered). */
export async function areMinutesEmpty(meetingId: string) {
	const doc = docFromState(await loadStoredState(meetingMinutesDocumentName(meetingId)))
	try {
		return isMinutesEmpty(doc)
	} finally {
		doc.destroy()
	}
}

/**
 * The outline of new minutes, in Czech (the minutes' language): "Přítomni" from the attendance
 * (the invited with a note while nobody's attendance is recorded), then one heading per agenda
 * item in the agenda's order.
 */
export function minutesOutline(meetingId: string): MinutesOutline {
	const t = createTranslator('cs')
	const participants = listParticipants(meetingId)
	const label = (person: { name: string; organisation: string | null }) =>
		person.organisation ? `${person.name} (${person.organisation})` : person.name
	const recorded = participants.some((person) => person.attendance !== null)
	const people = recorded
		? participants.filter((person) => person.attendance === 'present')
		: participants
	const excused = recorded ? participants.filter((person) => person.attendance === 'excused') : []
	let note: string | null = null
	if (!participants.length) note = t('minutes.outline.nobody')
	else if (!recorded) note = t('minutes.outline.notRecorded')
	const items = getDb()
		.select({ title: agendaItems.title })
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.orderBy(asc(agendaItems.position))
		.all()
	return {
		attendance: {
			heading: t('minutes.outline.present'),
			note,
			people: people.map(label),
			after: excused.length
				? [t('minutes.outline.excused', { names: excused.map(label).join(', ') })]
				: [],
		},
		items: items.map((item, index) =>
			t('minutes.outline.item', { number: index + 1, title: item.title.trim() || '—' }),
		),
	}
}

/**
 * "Připravit zápis podle programu": fills empty minutes with the outline through the realtime
 * engine, so everyone with the minutes open sees it appear. Refused when the minutes already
 * hold text (nothing is overwritten).
 */
export async function prepareMinutesFromAgenda(meetingId: string, userId: string) {
	const outline = minutesOutline(meetingId)
	const filled = await changeMinutes(
		meetingId,
		(doc) => fillMinutesFromOutline(doc, outline),
		userId,
	)
	if (!filled) throw new MinutesLifecycleError('minutes.lifecycle.error.notEmpty')
}

const EDITABLE: MinutesState[] = ['draft', 'comments']

/** "Poslat k připomínkám" (or a new deadline while comments are open). */
export function sendForComments(meetingId: string, commentsUntil: Date) {
	const status = getMinutesStatus(meetingId)
	if (status.approvals.length > 0 || !EDITABLE.includes(status.minutesState))
		throw new MinutesLifecycleError('minutes.lifecycle.error.notDraft')
	getDb()
		.update(meetings)
		.set({ minutesState: 'comments', commentsUntil, updatedAt: new Date() })
		.where(eq(meetings.id, meetingId))
		.run()
}

type MeetingFacts = { id: string; state: string; visibility: string }

/**
 * "Schválit zápis": the stored minutes become a frozen version, recorded as an approval; the
 * live document turns read-only for everyone and the meeting's state is "minutes approved".
 * Approving a correction needs a note of what changed; when the earlier approval was published
 * (and the meeting is still public) the corrected minutes are published at once.
 */
export async function approveMinutes(
	meeting: MeetingFacts,
	{ userId, note }: { userId: string; note?: string },
) {
	if (meeting.state !== 'held' && meeting.state !== 'minutes_approved')
		throw new MinutesLifecycleError('minutes.lifecycle.error.notHeld')
	const status = getMinutesStatus(meeting.id)
	if (!EDITABLE.includes(status.minutesState))
		throw new MinutesLifecycleError('minutes.lifecycle.error.alreadyApproved')
	const correction = status.approvals.length > 0
	if (correction && !note) throw new MinutesLifecycleError('minutes.lifecycle.note.required')
	const db = getDb()
	// Frozen first, so that nobody can join to write any more…
	const frozen = db
		.update(meetings)
		.set({ minutesState: 'approved' })
		.where(and(eq(meetings.id, meeting.id), inArray(meetings.minutesState, EDITABLE)))
		.run()
	if (frozen.changes === 0)
		throw new MinutesLifecycleError('minutes.lifecycle.error.alreadyApproved')
	let version: { id: string }
	try {
		// …then those with the minutes open become readers, and every change they made is stored…
		await rejoinLiveMinutes(meeting.id)
		// …the decisions, now locked (decisions.server.ts), go into the approved record…
		const decisions = listDecisionsForMeeting(meeting.id)
		await changeMinutes(meeting.id, (doc) => writeDecisionsRecord(doc, decisions), userId)
		const t = createTranslator('cs')
		// …so the version holds exactly what was approved.
		version = await recordVersion(meetingMinutesDocumentName(meeting.id), {
			kind: 'manual',
			name: correction
				? t('minutes.lifecycle.versionName.correction', { note: note! })
				: t('minutes.lifecycle.versionName'),
			userId,
		})
	} catch (error) {
		db.update(meetings)
			.set({ minutesState: status.minutesState })
			.where(eq(meetings.id, meeting.id))
			.run()
		throw error
	}
	const now = new Date()
	const publish =
		correction && meeting.visibility === 'public' && status.approvals.some((a) => a.publishedAt)
	db.transaction((tx) => {
		tx.insert(minutesApprovals)
			.values({
				meetingId: meeting.id,
				versionId: version.id,
				note: note ?? null,
				approvedById: userId,
				approvedAt: now,
				publishedAt: publish ? now : null,
			})
			.run()
		tx.update(meetings)
			.set({
				state: 'minutes_approved',
				minutesState: publish ? 'published' : 'approved',
				commentsUntil: null,
				updatedAt: now,
			})
			.where(eq(meetings.id, meeting.id))
			.run()
	})
	return { published: publish }
}

/** "Zveřejnit zápis": approved minutes of a public meeting go on the public page. */
export function publishMinutes(meeting: MeetingFacts) {
	if (meeting.visibility !== 'public')
		throw new MinutesLifecycleError('minutes.lifecycle.error.notPublic')
	const status = getMinutesStatus(meeting.id)
	const latest = status.approvals[0]
	if (status.minutesState !== 'approved' || !latest)
		throw new MinutesLifecycleError('minutes.lifecycle.error.notApproved')
	const now = new Date()
	getDb().transaction((tx) => {
		tx.update(minutesApprovals)
			.set({ publishedAt: now })
			.where(eq(minutesApprovals.id, latest.id))
			.run()
		tx.update(meetings)
			.set({ minutesState: 'published', updatedAt: now })
			.where(eq(meetings.id, meeting.id))
			.run()
	})
}

/**
 * "Opravit schválený zápis": the minutes are writable again, for the meeting's managers only
 * (see `minutesAccessFor`); the approved versions stay as they are, and the public page keeps
 * showing the published one until the correction is approved.
 */
export async function startCorrection(meetingId: string) {
	const changed = getDb()
		.update(meetings)
		.set({ minutesState: 'draft', commentsUntil: null, updatedAt: new Date() })
		.where(
			and(eq(meetings.id, meetingId), inArray(meetings.minutesState, ['approved', 'published'])),
		)
		.run()
	if (changed.changes === 0) throw new MinutesLifecycleError('minutes.lifecycle.error.notApproved')
	await rejoinLiveMinutes(meetingId)
}
