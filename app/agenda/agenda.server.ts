import { and, asc, eq, gt, inArray, ne } from 'drizzle-orm'
import type { Actor } from '#app/groups/groups.server.ts'
import { formatDate } from '#app/i18n/format.ts'
import { createTranslator, type Locale } from '#app/i18n/i18n.ts'
import { meetingVisibleTo } from '#app/meetings/meeting-access.server.ts'
import { utcToPragueLocal } from '#app/meetings/prague-time.ts'
import {
	listOverdueTasksForGroup,
	pragueToday,
	readableMeetingIds,
} from '#app/tasks/tasks.server.ts'
import { getDb } from '#db/client.ts'
import { meetings } from '#db/schema.ts'
import { appendItems, readAgenda, updateItem } from './agenda-doc.ts'
import { changeAgenda } from './agenda-live.server.ts'

/** Start and end of a meeting (for the agenda's length check), or null. */
export function getMeetingTimes(meetingId: string) {
	return (
		getDb()
			.select({ startsAt: meetings.startsAt, endsAt: meetings.endsAt })
			.from(meetings)
			.where(eq(meetings.id, meetingId))
			.get() ?? null
	)
}

/**
 * The group's next meeting after this one (not cancelled) that may receive its open items, or
 * null. Items never travel between a confidential meeting and one that is not (their audiences
 * differ), and with `viewer` only into a meeting the viewer may open (the meeting access rule),
 * so that its title is not revealed to them either.
 */
export function findNextMeeting(meetingId: string, viewer?: Actor) {
	const db = getDb()
	const current = db
		.select({
			groupId: meetings.groupId,
			startsAt: meetings.startsAt,
			visibility: meetings.visibility,
		})
		.from(meetings)
		.where(eq(meetings.id, meetingId))
		.get()
	if (!current) return null
	return (
		db
			.select({ id: meetings.id, title: meetings.title, startsAt: meetings.startsAt })
			.from(meetings)
			.where(
				and(
					eq(meetings.groupId, current.groupId),
					gt(meetings.startsAt, current.startsAt),
					ne(meetings.state, 'cancelled'),
					current.visibility === 'confidential'
						? eq(meetings.visibility, 'confidential')
						: ne(meetings.visibility, 'confidential'),
					viewer ? meetingVisibleTo(viewer) : undefined,
				),
			)
			.orderBy(asc(meetings.startsAt))
			.limit(1)
			.get() ?? null
	)
}

export type CarryOverResult =
	| { ok: true; count: number; nextMeeting: { id: string; title: string } }
	| { ok: false; error: 'agenda.carry.noNextMeeting' | 'agenda.carry.nothingOpen' }

/**
 * Items still open are copied, as new items remembering where they came from (`carriedFromId`),
 * to the end of the group's next meeting's agenda, and marked `carried` here. Both agendas are
 * changed through the live documents, so whoever has them open sees it at once. An item already
 * carried to that meeting is not copied twice.
 */
export async function carryOverOpenItems(
	meetingId: string,
	userId: string | null,
	viewer?: Actor,
): Promise<CarryOverResult> {
	const next = findNextMeeting(meetingId, viewer)
	if (!next) return { ok: false, error: 'agenda.carry.noNextMeeting' }
	const open = await changeAgenda(meetingId, (doc) =>
		readAgenda(doc).filter((item) => item.status === 'open'),
	)
	if (open.length === 0) return { ok: false, error: 'agenda.carry.nothingOpen' }
	await changeAgenda(
		next.id,
		(doc) => {
			const already = new Set(readAgenda(doc).map((item) => item.carriedFromId))
			appendItems(
				doc,
				open
					.filter((item) => !already.has(item.id))
					.map((item) => ({
						title: item.title,
						description: item.description,
						presenter: item.presenter,
						plannedMinutes: item.plannedMinutes,
						linkRef: item.linkRef,
						status: 'open' as const,
						carriedFromId: item.id,
					})),
			)
		},
		userId,
	)
	await changeAgenda(
		meetingId,
		(doc) => {
			for (const item of open) updateItem(doc, item.id, 'status', 'carried')
		},
		userId,
	)
	return { ok: true, count: open.length, nextMeeting: { id: next.id, title: next.title } }
}

/** How long the "Kontrola úkolů" item is planned for: a short round, a minute per task. */
const TASK_REVIEW_BASE_MINUTES = 5

export type OverdueTaskSuggestion = {
	id: string
	title: string
	dueDate: string
	owner: string | null
	meetingId: string | null
}

/**
 * The group's unfinished tasks that will be overdue at this meeting: due before today or before
 * the meeting's day (Prague), whichever is later. Left out: tasks of this meeting itself (they
 * are its outcome), tasks of meetings the user may not open, and tasks of confidential
 * meetings, whose titles must not travel into another meeting's agenda.
 */
export function listOverdueTaskSuggestions(
	user: Actor & { id: string },
	meeting: { id: string; groupId: string; startsAt: Date },
	now: Date = new Date(),
): OverdueTaskSuggestion[] {
	const today = pragueToday(now)
	const meetingDay = utcToPragueLocal(meeting.startsAt).slice(0, 10)
	const cutoff = meetingDay > today ? meetingDay : today
	const rows = listOverdueTasksForGroup(meeting.groupId, cutoff).filter(
		(task) => task.meetingId !== meeting.id,
	)
	const meetingIds = [...new Set(rows.map((task) => task.meetingId).filter((id) => id !== null))]
	const confidential = new Set(
		meetingIds.length
			? getDb()
					.select({ id: meetings.id })
					.from(meetings)
					.where(and(inArray(meetings.id, meetingIds), eq(meetings.visibility, 'confidential')))
					.all()
					.map((row) => row.id)
			: [],
	)
	const readable = readableMeetingIds(user, meetingIds)
	return rows
		.filter(
			(task) =>
				task.meetingId === null ||
				(readable.has(task.meetingId) && !confidential.has(task.meetingId)),
		)
		.map((task) => ({
			id: task.id,
			title: task.title,
			dueDate: task.dueDate!,
			owner: task.ownerUserName ?? task.ownerOrganisationName ?? null,
			meetingId: task.meetingId,
		}))
}

/** One line per task: "Title – Owner, termín 3. 11. 2026". */
export function taskReviewDescription(tasks: readonly OverdueTaskSuggestion[], locale: Locale) {
	const t = createTranslator(locale)
	return tasks
		.map((task) => {
			const due = formatDate(new Date(`${task.dueDate}T12:00:00Z`), locale)
			return t(task.owner ? 'agenda.tasks.line' : 'agenda.tasks.lineNoOwner', {
				title: task.title,
				owner: task.owner ?? '',
				date: due,
			})
		})
		.join('\n')
}

export type TaskReviewResult =
	{ ok: true; count: number; updated: boolean } | { ok: false; error: 'agenda.tasks.none' }

/**
 * Adds the agenda item "Kontrola úkolů" listing the overdue tasks (see
 * `listOverdueTaskSuggestions`), through the live document like the carry-over, so whoever has
 * the agenda open sees it at once. If the agenda already has such an item still open, its list
 * is brought up to date instead of adding a second one.
 */
export async function addTaskReviewItem(
	user: Actor & { id: string },
	meeting: { id: string; groupId: string; startsAt: Date },
	locale: Locale,
): Promise<TaskReviewResult> {
	const overdue = listOverdueTaskSuggestions(user, meeting)
	if (overdue.length === 0) return { ok: false, error: 'agenda.tasks.none' }
	const t = createTranslator(locale)
	const title = t('agenda.tasks.itemTitle')
	const description = taskReviewDescription(overdue, locale)
	const updated = await changeAgenda(
		meeting.id,
		(doc) => {
			const existing = readAgenda(doc).find(
				(item) => item.title === title && item.status === 'open',
			)
			if (existing) {
				updateItem(doc, existing.id, 'description', description)
				return true
			}
			appendItems(doc, [
				{
					title,
					description,
					plannedMinutes: TASK_REVIEW_BASE_MINUTES + overdue.length,
					status: 'open',
				},
			])
			return false
		},
		user.id,
	)
	return { ok: true, count: overdue.length, updated }
}
