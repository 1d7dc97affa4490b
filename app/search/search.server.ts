import { sql } from 'drizzle-orm'
import { accessConditionOver, getMeetingAccess } from '#app/meetings/meeting-access.server.ts'
import { getDb } from '#db/client.ts'
import type { SearchKind } from './search-index.server.ts'
import {
	buildMatchExpression,
	DEFAULT_LIMIT,
	MATCH_END,
	MATCH_START,
	type SnippetPart,
	snippetParts,
} from './search-query.ts'

export type SearchResult = {
	kind: SearchKind
	refId: string
	meetingId: string
	meetingTitle: string
	groupId: string
	groupName: string
	startsAt: Date
	/** Agenda item title or decision number; empty for meetings and minutes. */
	itemTitle: string
	snippet: SnippetPart[]
	href: string
}

function hrefFor(kind: SearchKind, meetingId: string) {
	const base = `/meetings/${meetingId}`
	switch (kind) {
		case 'agenda_item':
			return `${base}/agenda`
		case 'decision':
			return `${base}/decisions`
		default:
			return base
	}
}

/**
 * THE access rule (`meetingAccessFor`) as an SQL condition over `m.visibility`, `m.my_role` (the
 * user's role in the meeting's group, or NULL) and `m.invited`: the same condition every list of
 * meetings uses (`accessConditionOver`), so that search never disagrees with the meeting pages.
 */
export function accessCondition(actor: { isAdmin: boolean }) {
	return accessConditionOver(actor, {
		visibility: sql.raw('m.visibility'),
		role: sql.raw('m.my_role'),
		invited: sql.raw('m.invited'),
	})
}

type Row = {
	kind: SearchKind
	refId: string
	meetingId: string
	meetingTitle: string
	groupId: string
	groupName: string
	startsAt: number
	itemTitle: string | null
	snippet: string | null
}

/**
 * Searches meetings, agenda items, minutes and decisions, diacritics and case ignored, returning
 * only what the user may see: administrators everything; others the meetings of groups where
 * their role gives access (`meetingAccessFor`), and of confidential meetings only those they are
 * invited to (`meeting_participants.user_id`). Best matches first.
 */
export function search(
	user: { id: string; isAdmin: boolean },
	query: string,
	{ limit = DEFAULT_LIMIT }: { limit?: number } = {},
): SearchResult[] {
	const match = buildMatchExpression(query)
	if (!match) return []
	const rows = getDb().all<Row>(
		sql`SELECT search_index.kind AS kind,
				search_index.ref_id AS refId,
				search_index.meeting_id AS meetingId,
				m.title AS meetingTitle,
				g.id AS groupId,
				g.name AS groupName,
				m.starts_at AS startsAt,
				search_index.title AS itemTitle,
				snippet(search_index, -1, ${MATCH_START}, ${MATCH_END}, '…', 16) AS snippet
			FROM search_index
			JOIN (
				SELECT meetings.id, meetings.title, meetings.starts_at, meetings.group_id,
					meetings.visibility,
					(SELECT gm.role FROM group_members gm
						WHERE gm.group_id = meetings.group_id AND gm.user_id = ${user.id}) AS my_role,
					EXISTS (SELECT 1 FROM meeting_participants p
						WHERE p.meeting_id = meetings.id AND p.user_id = ${user.id}) AS invited
				FROM meetings
			) m ON m.id = search_index.meeting_id
			JOIN groups g ON g.id = m.group_id
			WHERE search_index MATCH ${match}
				AND ${accessCondition({ isAdmin: user.isAdmin })}
				AND (
					search_index.kind IN ('meeting', 'minutes')
					OR (search_index.kind = 'agenda_item' AND EXISTS (
						SELECT 1 FROM agenda_items a
						WHERE a.id = search_index.ref_id AND a.meeting_id = m.id))
					OR (search_index.kind = 'decision' AND EXISTS (
						SELECT 1 FROM decisions d
						WHERE d.id = search_index.ref_id AND d.meeting_id = m.id))
				)
			ORDER BY rank, m.starts_at DESC
			LIMIT ${Math.max(1, Math.min(limit, 200))}`,
	)
	const access = new Map<string, boolean>()
	const visible = (meetingId: string) => {
		// Belt and braces: never show more than the meeting pages would.
		let allowed = access.get(meetingId)
		if (allowed === undefined) {
			allowed = getMeetingAccess(user, meetingId) !== null
			access.set(meetingId, allowed)
		}
		return allowed
	}
	return rows
		.filter((row) => visible(row.meetingId))
		.map((row) => ({
			kind: row.kind,
			refId: row.refId,
			meetingId: row.meetingId,
			meetingTitle: row.meetingTitle,
			groupId: row.groupId,
			groupName: row.groupName,
			startsAt: new Date(row.startsAt),
			itemTitle: row.kind === 'agenda_item' || row.kind === 'decision' ? (row.itemTitle ?? '') : '',
			snippet: snippetParts(row.snippet ?? ''),
			href: hrefFor(row.kind, row.meetingId),
		}))
}
