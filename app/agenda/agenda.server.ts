import { and, asc, eq, gt, ne } from 'drizzle-orm'
import { type Actor, getGroupRole } from '#app/groups/groups.server.ts'
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

/** Convenors of the group and administrators manage the agenda (carry items over). */
export function canManageAgenda(user: Actor & { id: string }, groupId: string) {
	return user.isAdmin || getGroupRole(user.id, groupId) === 'convenor'
}

/** The group's next meeting after this one (not cancelled), or null. */
export function findNextMeeting(meetingId: string) {
	const db = getDb()
	const current = db
		.select({ groupId: meetings.groupId, startsAt: meetings.startsAt })
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
): Promise<CarryOverResult> {
	const next = findNextMeeting(meetingId)
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
