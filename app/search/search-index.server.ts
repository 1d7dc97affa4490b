import { docFromState, minutesText } from '#app/minutes/minutes-doc.ts'
import { loadStoredState } from '#app/minutes/versions.server.ts'
import { getLogger } from '#app/utils/logger.server.ts'
import { getDb } from '#db/client.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'
import { parseDocumentName } from '#server/realtime/protocol.ts'

/**
 * The full-text index (`search_index`, SQLite FTS5 with diacritics removed) over meetings,
 * agenda items, minutes and decisions. Rows carry the meeting they belong to; who may see them
 * is decided when searching (search.server.ts), never here.
 */
export const SEARCH_KINDS = ['meeting', 'agenda_item', 'minutes', 'decision'] as const
export type SearchKind = (typeof SEARCH_KINDS)[number]

function clean(value: string | null | undefined) {
	return (value ?? '').replace(/[\uE000\uE001]/g, '').trim()
}

function joinLines(...parts: Array<string | null | undefined>) {
	return parts
		.map(clean)
		.filter((part) => part.length > 0)
		.join('\n')
}

type IndexRow = { kind: SearchKind; refId: string; meetingId: string; title: string; body: string }

function client() {
	return getDb().$client
}

function deleteRow(kind: SearchKind, refId: string) {
	client().prepare('DELETE FROM search_index WHERE kind = ? AND ref_id = ?').run(kind, refId)
}

function insertRow(row: IndexRow) {
	client()
		.prepare(
			'INSERT INTO search_index (kind, ref_id, meeting_id, title, body) VALUES (?, ?, ?, ?, ?)',
		)
		.run(row.kind, row.refId, row.meetingId, row.title, row.body)
}

/** Replaces one item's row (delete + insert in one transaction); `null` only removes it. */
function upsert(kind: SearchKind, refId: string, row: IndexRow | null) {
	client().transaction(() => {
		deleteRow(kind, refId)
		if (row) insertRow(row)
	})()
}

function meetingRow(meetingId: string): IndexRow | null {
	const meeting = client()
		.prepare('SELECT id, title, description, place FROM meetings WHERE id = ?')
		.get(meetingId) as
		{ id: string; title: string; description: string | null; place: string | null } | undefined
	if (!meeting) return null
	return {
		kind: 'meeting',
		refId: meeting.id,
		meetingId: meeting.id,
		title: clean(meeting.title),
		body: joinLines(meeting.description, meeting.place),
	}
}

function agendaRow(agendaItemId: string): IndexRow | null {
	const item = client()
		.prepare(
			'SELECT id, meeting_id AS meetingId, title, description, presenter FROM agenda_items WHERE id = ?',
		)
		.get(agendaItemId) as
		| {
				id: string
				meetingId: string
				title: string
				description: string | null
				presenter: string | null
		  }
		| undefined
	if (!item) return null
	return {
		kind: 'agenda_item',
		refId: item.id,
		meetingId: item.meetingId,
		title: clean(item.title),
		body: joinLines(item.description, item.presenter),
	}
}

function decisionRow(decisionId: string): IndexRow | null {
	const decision = client()
		.prepare('SELECT id, meeting_id AS meetingId, number, text FROM decisions WHERE id = ?')
		.get(decisionId) as
		{ id: string; meetingId: string; number: string | null; text: string } | undefined
	if (!decision) return null
	return {
		kind: 'decision',
		refId: decision.id,
		meetingId: decision.meetingId,
		title: clean(decision.number),
		body: clean(decision.text),
	}
}

/** Indexes a meeting's title, description and place (removes the row if the meeting is gone). */
export function indexMeeting(meetingId: string) {
	upsert('meeting', meetingId, meetingRow(meetingId))
}

/**
 * Indexes one agenda item from `agenda_items` (removes the row if the item is gone). The live
 * agenda's projection (`projectAgenda`) writes the same `agenda_item` rows itself.
 */
export function indexAgendaItem(agendaItemId: string) {
	upsert('agenda_item', agendaItemId, agendaRow(agendaItemId))
}

/**
 * Replaces all agenda rows of a meeting with what `agenda_items` holds now, in one transaction.
 * Meant for the agenda projection: items deleted from the live agenda disappear from search too.
 */
export function indexAgendaForMeeting(meetingId: string) {
	const ids = client()
		.prepare('SELECT id FROM agenda_items WHERE meeting_id = ?')
		.all(meetingId) as Array<{ id: string }>
	client().transaction(() => {
		client()
			.prepare("DELETE FROM search_index WHERE kind = 'agenda_item' AND meeting_id = ?")
			.run(meetingId)
		for (const { id } of ids) {
			const row = agendaRow(id)
			if (row) insertRow(row)
		}
	})()
}

/** Indexes one decision (usnesení): its number and text (removes the row if it is gone). */
export function indexDecision(decisionId: string) {
	upsert('decision', decisionId, decisionRow(decisionId))
}

/** Plain text of the minutes as stored: one line per block. Empty for a never-written document. */
export async function storedMinutesText(meetingId: string) {
	const state = await loadStoredState(meetingMinutesDocumentName(meetingId))
	const doc = docFromState(state)
	try {
		return minutesText(doc)
	} finally {
		doc.destroy()
	}
}

/** Indexes the minutes of a meeting from the stored Yjs state (no row while they are empty). */
export async function indexMinutes(meetingId: string) {
	const text = clean(await storedMinutesText(meetingId))
	const exists = client().prepare('SELECT 1 FROM meetings WHERE id = ?').get(meetingId)
	upsert(
		'minutes',
		meetingId,
		exists && text ? { kind: 'minutes', refId: meetingId, meetingId, title: '', body: text } : null,
	)
}

/** Removes one item's row (for minutes and meetings `refId` is the meeting id). */
export function removeFromIndex(kind: SearchKind, refId: string) {
	deleteRow(kind, refId)
}

/** Removes every row of a meeting (the meeting, its agenda, minutes and decisions). */
export function removeMeetingFromIndex(meetingId: string) {
	client().prepare('DELETE FROM search_index WHERE meeting_id = ?').run(meetingId)
}

/** Rebuilds the whole index from the tables and the stored minutes. For start-up, the CLI, tests. */
export async function reindexAll() {
	const db = client()
	const meetingIds = (db.prepare('SELECT id FROM meetings').all() as Array<{ id: string }>).map(
		(row) => row.id,
	)
	const minutes = new Map<string, string>()
	for (const id of meetingIds) {
		const text = clean(await storedMinutesText(id))
		if (text) minutes.set(id, text)
	}
	const agendaIds = db.prepare('SELECT id FROM agenda_items').all() as Array<{ id: string }>
	const decisionIds = db.prepare('SELECT id FROM decisions').all() as Array<{ id: string }>
	db.transaction(() => {
		db.prepare('DELETE FROM search_index').run()
		for (const id of meetingIds) {
			const row = meetingRow(id)
			if (row) insertRow(row)
			const text = minutes.get(id)
			if (text) insertRow({ kind: 'minutes', refId: id, meetingId: id, title: '', body: text })
		}
		for (const { id } of agendaIds) {
			const row = agendaRow(id)
			if (row) insertRow(row)
		}
		for (const { id } of decisionIds) {
			const row = decisionRow(id)
			if (row) insertRow(row)
		}
	})()
	return {
		meetings: meetingIds.length,
		agendaItems: agendaIds.length,
		decisions: decisionIds.length,
		minutes: minutes.size,
	}
}

// ── Minutes: reindex after typing settles ───────────────────────────────────────────────────

/** Reindex this long after the last committed update of a document… */
export const MINUTES_REINDEX_DELAY_MS = 5_000
/** …but at the latest this long after the first one, so steady typing still gets indexed. */
export const MINUTES_REINDEX_MAX_WAIT_MS = 30_000

type Pending = { timer: NodeJS.Timeout; firstAt: number; meetingId: string }
const pending = new Map<string, Pending>()

function runReindex(docName: string) {
	const entry = pending.get(docName)
	if (!entry) return Promise.resolve()
	clearTimeout(entry.timer)
	pending.delete(docName)
	return indexMinutes(entry.meetingId).catch((error: unknown) => {
		getLogger().error(
			{ docName, err: error instanceof Error ? error.message : String(error) },
			'search reindex of minutes failed',
		)
	})
}

/**
 * For the realtime engine: call after it commits updates of a document. Minutes documents
 * (`meeting:<id>:minutes`) are reindexed once typing pauses for 5 s (at most 30 s after the
 * first change); other documents are ignored. Returns whether a reindex was scheduled.
 */
export function scheduleMinutesReindex(
	docName: string,
	{
		delayMs = MINUTES_REINDEX_DELAY_MS,
		maxWaitMs = MINUTES_REINDEX_MAX_WAIT_MS,
	}: { delayMs?: number; maxWaitMs?: number } = {},
) {
	const parsed = parseDocumentName(docName)
	if (!parsed || parsed.kind !== 'meeting' || parsed.parts.length !== 2) return false
	const [meetingId, part] = parsed.parts
	if (part !== 'minutes' || !meetingId) return false
	const now = Date.now()
	const existing = pending.get(docName)
	const firstAt = existing?.firstAt ?? now
	if (existing) clearTimeout(existing.timer)
	const wait = Math.max(0, Math.min(delayMs, firstAt + maxWaitMs - now))
	const timer = setTimeout(() => void runReindex(docName), wait)
	timer.unref()
	pending.set(docName, { timer, firstAt, meetingId })
	return true
}

/** Runs every scheduled minutes reindex now (at shutdown, and in tests). */
export async function flushMinutesReindex() {
	await Promise.all([...pending.keys()].map((docName) => runReindex(docName)))
}
