import { and, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { managesGroup } from '#app/groups/group-manager.ts'
import { minutesAccessFor } from '#app/minutes/lifecycle.ts'
import { getDb, type Db } from '#db/client.ts'
import { groupMembers, meetingParticipants, meetings, minutesApprovals } from '#db/schema.ts'
import type { GroupRole } from '#db/schema/groups.ts'
import type { MeetingState, MeetingVisibility, MinutesState } from '#db/schema/meetings.ts'
import { meetingAccessCases, meetingAccessFor, type MeetingAccess } from './meeting-access.ts'

/** Who is asking: enough of the session user to decide permissions. */
type Actor = { id: string; isAdmin: boolean }

/**
 * Everything a page, an export, a list or a live document needs to know about one person and one
 * meeting, from one query:
 * - `access`: the meeting rule (`meetingAccessFor`): `read` or `write` (never `none`: then there is
 *   no answer at all);
 * - `canManage`: they manage the meeting's group (`managesGroup`: administrators, convenors), so
 *   they edit the meeting, its participants and lead its minutes' lifecycle;
 * - `minutesAccess`: the minutes' lifecycle on top (`minutesAccessFor`): frozen once approved, the
 *   managers only after the comments deadline or during a correction. The decisions (usnesení)
 *   belong to the minutes and follow it too.
 */
export type MeetingAccessInfo = {
	meetingId: string
	groupId: string
	visibility: MeetingVisibility
	state: MeetingState
	role: GroupRole | null
	invited: boolean
	access: Exclude<MeetingAccess, 'none'>
	canManage: boolean
	minutesState: MinutesState
	commentsUntil: Date | null
	/** The minutes were approved at least once (so a draft is a correction). */
	approved: boolean
	minutesAccess: MeetingAccess
}

function prepareAccessQuery(db: Db) {
	return db
		.select({
			groupId: meetings.groupId,
			visibility: meetings.visibility,
			state: meetings.state,
			minutesState: meetings.minutesState,
			commentsUntil: meetings.commentsUntil,
			role: groupMembers.role,
			participantId: meetingParticipants.id,
			approved: sql<number>`exists (select 1 from ${minutesApprovals} where ${minutesApprovals.meetingId} = ${meetings.id})`,
		})
		.from(meetings)
		.leftJoin(
			groupMembers,
			and(
				eq(groupMembers.groupId, meetings.groupId),
				eq(groupMembers.userId, sql.placeholder('userId')),
			),
		)
		.leftJoin(
			meetingParticipants,
			and(
				eq(meetingParticipants.meetingId, meetings.id),
				eq(meetingParticipants.userId, sql.placeholder('userId')),
			),
		)
		.where(eq(meetings.id, sql.placeholder('meetingId')))
		.prepare()
}

export type MeetingAccessReader = (
	user: Actor,
	meetingId: string,
	now?: Date,
) => MeetingAccessInfo | null

/**
 * `getMeetingAccess` bound to one database connection, its query prepared once (for callers
 * that hold their own connection, such as the realtime engine's document kinds).
 */
export function createMeetingAccessReader(db: Db): MeetingAccessReader {
	const statement = prepareAccessQuery(db)
	return (user, meetingId, now = new Date()) => {
		const row = statement.get({ userId: user.id, meetingId })
		if (!row) return null
		const role = row.role as GroupRole | null
		const invited = row.participantId !== null
		const access = meetingAccessFor(user, role, {
			visibility: row.visibility as MeetingVisibility,
			invited,
		})
		if (access === 'none') return null
		const canManage = managesGroup(user, role)
		const approved = Boolean(row.approved)
		return {
			meetingId,
			groupId: row.groupId,
			visibility: row.visibility as MeetingVisibility,
			state: row.state as MeetingState,
			role,
			invited,
			access,
			canManage,
			minutesState: row.minutesState as MinutesState,
			commentsUntil: row.commentsUntil,
			approved,
			minutesAccess: minutesAccessFor(
				access,
				{
					minutesState: row.minutesState as MinutesState,
					commentsUntil: row.commentsUntil,
					approved,
					manager: canManage,
				},
				now,
			),
		}
	}
}

// One prepared query per database connection (tests open a new one per database copy).
const readers = new WeakMap<Db, MeetingAccessReader>()

/**
 * THE access query for one meeting: what `user` may do with the meeting, its live documents,
 * its minutes and decisions (`MeetingAccessInfo`), or null when the meeting does not exist or
 * the rule gives them nothing (so that its existence is not revealed).
 */
export function getMeetingAccess(
	user: Actor,
	meetingId: string,
	now: Date = new Date(),
): MeetingAccessInfo | null {
	const db = getDb()
	let reader = readers.get(db)
	if (!reader) {
		reader = createMeetingAccessReader(db)
		readers.set(db, reader)
	}
	return reader(user, meetingId, now)
}

/**
 * THE access rule as an SQL condition on the `meetings` table, for every list of meetings
 * (group page, series, tasks, calendar feed, search): true exactly for the meetings whose pages
 * `user` may open. Built from `meetingAccessCases`, i.e. from the rule itself; only the schema's
 * enum constants are inlined, the user's id is a bound parameter.
 */
export function meetingVisibleTo(user: Actor): SQL {
	const role = sql`(select ${groupMembers.role} from ${groupMembers} where ${groupMembers.groupId} = ${meetings.groupId} and ${groupMembers.userId} = ${user.id})`
	const invited = sql`exists (select 1 from ${meetingParticipants} where ${meetingParticipants.meetingId} = ${meetings.id} and ${meetingParticipants.userId} = ${user.id})`
	return accessConditionOver(user, { visibility: sql`${meetings.visibility}`, role, invited })
}

/**
 * The rule as an SQL condition over any three expressions: the meeting's visibility, the user's
 * role in its group (NULL for none) and whether they are invited (0/1). For queries that
 * compute these once in a subquery (search).
 */
export function accessConditionOver(
	actor: { isAdmin: boolean },
	columns: { visibility: SQL; role: SQL; invited: SQL },
): SQL {
	const clauses = meetingAccessCases(actor).map((access) => {
		const parts: SQL[] = [
			sql`${columns.visibility} = ${sql.raw(`'${access.visibility}'`)}`,
			access.invited ? sql`${columns.invited}` : sql`not ${columns.invited}`,
		]
		if (access.roles !== 'any') {
			const named = access.roles.filter((role) => role !== null)
			const roleParts: SQL[] = []
			if (named.length) {
				roleParts.push(
					sql`${columns.role} in (${sql.raw(named.map((role) => `'${role}'`).join(', '))})`,
				)
			}
			if (access.roles.includes(null)) roleParts.push(sql`${columns.role} is null`)
			parts.push(sql`(${sql.join(roleParts, sql` or `)})`)
		}
		return sql`(${sql.join(parts, sql` and `)})`
	})
	return clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`0`
}

/** Of these meetings, the ones `user` may open, in one query (for lists that link to meetings). */
export function visibleMeetingIds(user: Actor, meetingIds: ReadonlyArray<string | null>) {
	const ids = [...new Set(meetingIds.filter((id): id is string => id !== null))]
	if (ids.length === 0) return new Set<string>()
	const rows = getDb()
		.select({ id: meetings.id })
		.from(meetings)
		.where(and(inArray(meetings.id, ids), meetingVisibleTo(user)))
		.all()
	return new Set(rows.map((row) => row.id))
}
