import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm'
import { type Actor, getGroupRole } from '#app/groups/groups.server.ts'
import { getMeetingAccess, visibleMeetingIds } from '#app/meetings/meeting-access.server.ts'
import { meetingAccessFor } from '#app/meetings/meeting-access.ts'
import { utcToPragueLocal } from '#app/meetings/prague-time.ts'
import { getDb } from '#db/client.ts'
import {
	agendaItems,
	groupMembers,
	groups,
	meetings,
	organisationMembers,
	organisations,
	tasks,
	users,
} from '#db/schema.ts'
import { agendaItemOfMeeting } from './decisions.server.ts'
import { OWNER, type TaskInput } from './task.schema.ts'

const collator = new Intl.Collator('cs', { sensitivity: 'base' })
const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name)

export type TaskStatus = (typeof tasks.$inferSelect)['status']

/** Statuses of work still to do. */
export const ACTIVE_STATUSES = ['open', 'in_progress'] as const satisfies TaskStatus[]

/** Today's date in Prague as `YYYY-MM-DD` (due dates are Prague calendar days). */
export function pragueToday(now: Date = new Date()) {
	return utcToPragueLocal(now).slice(0, 10)
}

/** Overdue: still open or in progress and due before today (Prague). */
export function isOverdue(task: { status: TaskStatus; dueDate: string | null }, today: string) {
	return (
		(task.status === 'open' || task.status === 'in_progress') &&
		task.dueDate !== null &&
		task.dueDate < today
	)
}

/**
 * Who can own a task of the group: its members (people), the organisations its members belong
 * to, then any other organisation.
 */
export function listOwnerOptions(groupId: string) {
	const db = getDb()
	const people = db
		.select({ id: users.id, name: users.name })
		.from(groupMembers)
		.innerJoin(users, eq(users.id, groupMembers.userId))
		.where(eq(groupMembers.groupId, groupId))
		.all()
		.sort(byName)
	const memberOrganisationIds = new Set(
		db
			.selectDistinct({ id: organisationMembers.organisationId })
			.from(organisationMembers)
			.innerJoin(groupMembers, eq(groupMembers.userId, organisationMembers.userId))
			.where(eq(groupMembers.groupId, groupId))
			.all()
			.map((row) => row.id),
	)
	const allOrganisations = db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.all()
		.sort(byName)
	return {
		people,
		memberOrganisations: allOrganisations.filter((o) => memberOrganisationIds.has(o.id)),
		otherOrganisations: allOrganisations.filter((o) => !memberOrganisationIds.has(o.id)),
	}
}

/**
 * The owner columns for an owner choice (`user:<id>` / `organisation:<id>`), or null when the
 * person is not a member of the group or the organisation does not exist.
 */
export function resolveOwner(groupId: string, owner: string) {
	const match = OWNER.exec(owner)
	if (!match) return null
	const [, kind, id] = match as unknown as [string, 'user' | 'organisation', string]
	const db = getDb()
	if (kind === 'user') {
		const member = db
			.select({ userId: groupMembers.userId })
			.from(groupMembers)
			.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, id)))
			.get()
		return member ? { ownerUserId: id, ownerOrganisationId: null } : null
	}
	const organisation = db
		.select({ id: organisations.id })
		.from(organisations)
		.where(eq(organisations.id, id))
		.get()
	return organisation ? { ownerUserId: null, ownerOrganisationId: id } : null
}

function completedAtFor(status: TaskStatus) {
	return status === 'done' ? new Date() : null
}

type MeetingRef = { id: string; groupId: string }
type Owner = { ownerUserId: string | null; ownerOrganisationId: string | null }

export function createTask(
	meeting: MeetingRef,
	input: TaskInput,
	owner: Owner,
	createdById: string,
) {
	return getDb()
		.insert(tasks)
		.values({
			groupId: meeting.groupId,
			meetingId: meeting.id,
			agendaItemId: agendaItemOfMeeting(meeting.id, input.agendaItemId),
			title: input.title,
			description: input.description || null,
			...owner,
			dueDate: input.dueDate || null,
			status: input.status,
			completedAt: completedAtFor(input.status),
			createdById,
		})
		.returning({ id: tasks.id })
		.get()
}

export function updateTask(meetingId: string, taskId: string, input: TaskInput, owner: Owner) {
	const db = getDb()
	const before = db
		.select({ status: tasks.status, completedAt: tasks.completedAt })
		.from(tasks)
		.where(and(eq(tasks.id, taskId), eq(tasks.meetingId, meetingId)))
		.get()
	if (!before) return false
	db.update(tasks)
		.set({
			agendaItemId: agendaItemOfMeeting(meetingId, input.agendaItemId),
			title: input.title,
			description: input.description || null,
			...owner,
			dueDate: input.dueDate || null,
			status: input.status,
			completedAt:
				input.status === before.status ? before.completedAt : completedAtFor(input.status),
		})
		.where(eq(tasks.id, taskId))
		.run()
	return true
}

export function deleteTask(meetingId: string, taskId: string) {
	const result = getDb()
		.delete(tasks)
		.where(and(eq(tasks.id, taskId), eq(tasks.meetingId, meetingId)))
		.run()
	return result.changes > 0
}

export function setTaskStatus(taskId: string, status: TaskStatus) {
	const db = getDb()
	const before = db.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, taskId)).get()
	if (!before) return false
	if (before.status === status) return true
	db.update(tasks)
		.set({ status, completedAt: completedAtFor(status) })
		.where(eq(tasks.id, taskId))
		.run()
	return true
}

const ownerOrganisations = sql`owner_org`

/** The columns every task list shows. */
function taskColumns() {
	return {
		id: tasks.id,
		title: tasks.title,
		description: tasks.description,
		status: tasks.status,
		dueDate: tasks.dueDate,
		groupId: tasks.groupId,
		meetingId: tasks.meetingId,
		agendaItemId: tasks.agendaItemId,
		ownerUserId: tasks.ownerUserId,
		ownerOrganisationId: tasks.ownerOrganisationId,
		ownerUserName: users.name,
		ownerOrganisationName: sql<string | null>`${ownerOrganisations}.name`,
	}
}

/** Open and in-progress first by due date (none last), then finished ones. */
function byDueDate<T extends { status: TaskStatus; dueDate: string | null; title: string }>(
	a: T,
	b: T,
) {
	const done = (task: T) => (task.status === 'done' || task.status === 'cancelled' ? 1 : 0)
	if (done(a) !== done(b)) return done(a) - done(b)
	if (a.dueDate !== b.dueDate) {
		if (a.dueDate === null) return 1
		if (b.dueDate === null) return -1
		return a.dueDate < b.dueDate ? -1 : 1
	}
	return collator.compare(a.title, b.title)
}

/** A meeting's tasks with owners and the linked agenda item's title. */
export function listTasksForMeeting(meetingId: string) {
	return getDb()
		.select({ ...taskColumns(), agendaItemTitle: agendaItems.title })
		.from(tasks)
		.leftJoin(users, eq(users.id, tasks.ownerUserId))
		.leftJoin(
			sql`${organisations} ${ownerOrganisations}`,
			sql`${ownerOrganisations}.id = ${tasks.ownerOrganisationId}`,
		)
		.leftJoin(agendaItems, eq(agendaItems.id, tasks.agendaItemId))
		.where(eq(tasks.meetingId, meetingId))
		.all()
		.sort(byDueDate)
}

/** The organisations a person belongs to (their tasks are the person's tasks too). */
function organisationIdsOf(userId: string) {
	return getDb()
		.select({ id: organisationMembers.organisationId })
		.from(organisationMembers)
		.where(eq(organisationMembers.userId, userId))
		.all()
		.map((row) => row.id)
}

/** Tasks the person owns or one of their organisations owns. */
function ownedBy(userId: string) {
	const organisationIds = organisationIdsOf(userId)
	return organisationIds.length
		? or(eq(tasks.ownerUserId, userId), inArray(tasks.ownerOrganisationId, organisationIds))!
		: eq(tasks.ownerUserId, userId)
}

/**
 * "Moje úkoly": the person's tasks and their organisations' tasks, split into overdue (due
 * before today in Prague, not finished), upcoming (not finished) and finished (the last 50).
 */
export function listMyTasks(userId: string, today: string = pragueToday()) {
	const rows = getDb()
		.select({
			...taskColumns(),
			groupName: groups.name,
			meetingTitle: meetings.title,
			meetingStartsAt: meetings.startsAt,
			completedAt: tasks.completedAt,
		})
		.from(tasks)
		.innerJoin(groups, eq(groups.id, tasks.groupId))
		.leftJoin(meetings, eq(meetings.id, tasks.meetingId))
		.leftJoin(users, eq(users.id, tasks.ownerUserId))
		.leftJoin(
			sql`${organisations} ${ownerOrganisations}`,
			sql`${ownerOrganisations}.id = ${tasks.ownerOrganisationId}`,
		)
		.where(ownedBy(userId))
		.orderBy(desc(tasks.createdAt))
		.all()
		.sort(byDueDate)
	const overdue = rows.filter((task) => isOverdue(task, today))
	const upcoming = rows.filter(
		(task) => (task.status === 'open' || task.status === 'in_progress') && !isOverdue(task, today),
	)
	const finished = rows
		.filter((task) => task.status === 'done' || task.status === 'cancelled')
		.sort((a, b) => (b.completedAt?.getTime() ?? 0) - (a.completedAt?.getTime() ?? 0))
		.slice(0, 50)
	return { overdue, upcoming, finished }
}

/** How many unfinished tasks the person or their organisations have (for the overview). */
export function countOpenTasksForUser(userId: string) {
	return (
		getDb()
			.select({ n: sql<number>`count(*)` })
			.from(tasks)
			.where(and(ownedBy(userId), inArray(tasks.status, ACTIVE_STATUSES)))
			.get()?.n ?? 0
	)
}

/**
 * The group's unfinished tasks due before today (Prague), oldest due first: for the next
 * meeting's agenda suggestion.
 */
export function listOverdueTasksForGroup(groupId: string, today: string = pragueToday()) {
	return getDb()
		.select(taskColumns())
		.from(tasks)
		.leftJoin(users, eq(users.id, tasks.ownerUserId))
		.leftJoin(
			sql`${organisations} ${ownerOrganisations}`,
			sql`${ownerOrganisations}.id = ${tasks.ownerOrganisationId}`,
		)
		.where(
			and(
				eq(tasks.groupId, groupId),
				inArray(tasks.status, ACTIVE_STATUSES),
				isNotNull(tasks.dueDate),
				lt(tasks.dueDate, today),
			),
		)
		.orderBy(asc(tasks.dueDate), asc(tasks.title))
		.all()
}

/**
 * May the user change the task's status: its owner, a member of the owning organisation, or
 * anyone who may write in the task's meeting.
 */
export function canChangeTaskStatus(user: Actor, taskId: string) {
	const task = getDb()
		.select({
			groupId: tasks.groupId,
			meetingId: tasks.meetingId,
			ownerUserId: tasks.ownerUserId,
			ownerOrganisationId: tasks.ownerOrganisationId,
		})
		.from(tasks)
		.where(eq(tasks.id, taskId))
		.get()
	if (!task) return false
	if (task.ownerUserId === user.id) return true
	if (task.ownerOrganisationId && organisationIdsOf(user.id).includes(task.ownerOrganisationId)) {
		return true
	}
	if (task.meetingId) return getMeetingAccess(user, task.meetingId)?.access === 'write'
	// A task of the group without a meeting: those who write in the group's (members') meetings.
	const role = user.isAdmin ? null : getGroupRole(user.id, task.groupId)
	return meetingAccessFor(user, role, { visibility: 'members', invited: false }) === 'write'
}

/** Which of these meetings the user may open (task lists link only to those). */
export function readableMeetingIds(user: Actor, meetingIds: Array<string | null>) {
	return visibleMeetingIds(user, meetingIds)
}
