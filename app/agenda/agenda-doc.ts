import * as Y from 'yjs'
import { cleanText } from '#app/utils/normalize.ts'

/**
 * The live agenda of a meeting: the Yjs document `meeting:<id>:agenda`, shared by the browser
 * editor, the projection into `agenda_items` and the carry-over to the next meeting. Structured
 * data, not rich text: `doc.getArray('items')` holds one `Y.Map` per item.
 *
 * ORDER. Each item has a fractional `position`; the list is shown sorted by (position, id), and
 * the array order means nothing. Moving an item only sets its `position` to a number between
 * its new neighbours. We chose this over "delete and insert a clone" because it merges better:
 * - two people moving the same item at once: the last `position` wins and the item stays once
 *   (delete + insert would leave two copies, one from each clone);
 * - one person moving an item while another edits its title: both survive (with a clone, the
 *   edit would land in the deleted map and be lost).
 * Two concurrent moves into the same gap may pick the same number; the id breaks the tie, so
 * every client shows the same order. When the gaps get too small the positions are renumbered.
 */
export const AGENDA_ITEMS = 'items'

export const AGENDA_STATUSES = ['open', 'done', 'carried'] as const
export type AgendaStatus = (typeof AGENDA_STATUSES)[number]

export type AgendaItem = {
	id: string
	position: number
	title: string
	description: string
	presenter: string
	plannedMinutes: number | null
	status: AgendaStatus
	/** A generic link elsewhere, e.g. `measure:<id>` for an action-plan measure; '' for none. */
	linkRef: string
	/** The item of an earlier meeting this one was carried over from; '' for none. */
	carriedFromId: string
}

export type AgendaItemFields = Omit<AgendaItem, 'id' | 'position'>
export type EditableField = 'title' | 'description' | 'presenter' | 'plannedMinutes' | 'linkRef'

/** Meetings without an end are two hours long (as the meetings schema says). */
export const DEFAULT_MEETING_MINUTES = 120
/** Limits that keep one item sane; longer text is cut, never refused (nothing typed is lost). */
export const MAX_TITLE_LENGTH = 300
export const MAX_TEXT_LENGTH = 5000
export const MAX_PLANNED_MINUTES = 24 * 60
/** Below this gap between neighbours, positions are renumbered 1, 2, 3… */
const MIN_GAP = 1e-9

export function agendaDocumentName(meetingId: string) {
	return `meeting:${meetingId}:agenda`
}

/** The meeting id of an agenda document name, or null for any other document. */
export function meetingIdOfAgendaDocument(docName: string) {
	const match = /^meeting:([A-Za-z0-9_-]{1,64}):agenda$/.exec(docName)
	return match ? match[1]! : null
}

export function agendaArray(doc: Y.Doc) {
	return doc.getArray<Y.Map<unknown>>(AGENDA_ITEMS)
}

function newId() {
	return globalThis.crypto.randomUUID()
}

// Agenda text arrives through Yjs, not through forms: it is cleaned where every reader gets it
// (pages, the projection into agenda_items and search, PDFs), like form fields (cleanText).
const text = (value: unknown) => (typeof value === 'string' ? cleanText(value) : '')

function readItem(map: Y.Map<unknown>): AgendaItem | null {
	const id = map.get('id')
	if (typeof id !== 'string' || !id) return null
	const position = map.get('position')
	const planned = map.get('plannedMinutes')
	const status = map.get('status')
	return {
		id,
		position: typeof position === 'number' && Number.isFinite(position) ? position : 0,
		title: text(map.get('title')),
		description: text(map.get('description')),
		presenter: text(map.get('presenter')),
		plannedMinutes:
			typeof planned === 'number' && Number.isFinite(planned) && planned >= 0
				? Math.round(planned)
				: null,
		status: AGENDA_STATUSES.includes(status as AgendaStatus) ? (status as AgendaStatus) : 'open',
		linkRef: text(map.get('linkRef')),
		carriedFromId: text(map.get('carriedFromId')),
	}
}

function compareItems(a: AgendaItem, b: AgendaItem) {
	return a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/**
 * The items in agenda order. An id that appears twice (two clients added the "same" item, which
 * only a broken client could do) is shown once.
 */
export function readAgenda(doc: Y.Doc): AgendaItem[] {
	const seen = new Set<string>()
	const items: AgendaItem[] = []
	for (const map of agendaArray(doc).toArray()) {
		if (!(map instanceof Y.Map)) continue
		const item = readItem(map)
		if (!item || seen.has(item.id)) continue
		seen.add(item.id)
		items.push(item)
	}
	return items.sort(compareItems)
}

function findMap(doc: Y.Doc, id: string) {
	const array = agendaArray(doc)
	for (let index = 0; index < array.length; index++) {
		const map = array.get(index)
		if (map instanceof Y.Map && map.get('id') === id) return { map, index }
	}
	return null
}

function buildMap(id: string, position: number, fields: Partial<AgendaItemFields>) {
	const map = new Y.Map<unknown>()
	map.set('id', id)
	map.set('position', position)
	map.set('title', (fields.title ?? '').slice(0, MAX_TITLE_LENGTH))
	map.set('description', (fields.description ?? '').slice(0, MAX_TEXT_LENGTH))
	map.set('presenter', (fields.presenter ?? '').slice(0, MAX_TITLE_LENGTH))
	map.set('plannedMinutes', fields.plannedMinutes ?? null)
	map.set('status', fields.status ?? 'open')
	map.set('linkRef', fields.linkRef ?? '')
	map.set('carriedFromId', fields.carriedFromId ?? '')
	return map
}

/** Adds items at the end, in one transaction; returns their ids. */
export function appendItems(doc: Y.Doc, items: Array<Partial<AgendaItemFields>>, origin?: unknown) {
	const ids: string[] = []
	if (items.length === 0) return ids
	doc.transact(() => {
		const last = readAgenda(doc).at(-1)?.position ?? 0
		const maps = items.map((fields, index) => {
			const id = newId()
			ids.push(id)
			return buildMap(id, last + index + 1, fields)
		})
		agendaArray(doc).push(maps)
	}, origin)
	return ids
}

export function addItem(doc: Y.Doc, fields: Partial<AgendaItemFields> = {}) {
	return appendItems(doc, [fields])[0]!
}

/** Sets one field; text is cut to its limit, minutes must be a whole number 0–1440 or null. */
export function updateItem<K extends EditableField | 'status'>(
	doc: Y.Doc,
	id: string,
	field: K,
	value: AgendaItem[K],
) {
	const found = findMap(doc, id)
	if (!found) return false
	let stored: unknown = value
	if (typeof value === 'string')
		stored = value.slice(0, field === 'description' ? MAX_TEXT_LENGTH : MAX_TITLE_LENGTH)
	if (field === 'plannedMinutes' && value !== null) {
		const minutes = value as number
		if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_PLANNED_MINUTES) return false
	}
	if (found.map.get(field) === stored) return true
	found.map.set(field, stored)
	return true
}

/** Puts a deleted item back (undo), with its id, fields and place; no-op if it exists. */
export function restoreItem(doc: Y.Doc, item: AgendaItem) {
	if (findMap(doc, item.id)) return false
	const { id, position, ...fields } = item
	agendaArray(doc).push([buildMap(id, position, fields)])
	return true
}

export function deleteItem(doc: Y.Doc, id: string) {
	const found = findMap(doc, id)
	if (!found) return false
	agendaArray(doc).delete(found.index, 1)
	return true
}

/**
 * Moves an item to `toIndex` in the shown order (clamped), by giving it a position between its
 * new neighbours. Returns the index it landed on, or null when there is no such item.
 */
export function moveItem(doc: Y.Doc, id: string, toIndex: number) {
	const items = readAgenda(doc)
	const from = items.findIndex((item) => item.id === id)
	if (from < 0) return null
	const target = Math.max(0, Math.min(items.length - 1, toIndex))
	if (target === from) return target
	doc.transact(() => {
		let others = items.filter((item) => item.id !== id)
		const gapOk = (list: AgendaItem[]) => {
			const before = list[target - 1]
			const after = list[target]
			return !before || !after || after.position - before.position > MIN_GAP
		}
		if (!gapOk(others)) {
			renumber(doc, others)
			others = readAgenda(doc).filter((item) => item.id !== id)
		}
		const before = others[target - 1]
		const after = others[target]
		const position =
			before && after
				? (before.position + after.position) / 2
				: before
					? before.position + 1
					: after
						? after.position - 1
						: 1
		findMap(doc, id)!.map.set('position', position)
	})
	return target
}

function renumber(doc: Y.Doc, items: AgendaItem[]) {
	items.forEach((item, index) => findMap(doc, item.id)?.map.set('position', index + 1))
}

/** Minutes between start and end; two hours when the end is unknown or not after the start. */
export function meetingLengthMinutes(
	startsAt: Date | string | number,
	endsAt: Date | string | number | null,
) {
	if (endsAt === null) return DEFAULT_MEETING_MINUTES
	const minutes = Math.round((new Date(endsAt).getTime() - new Date(startsAt).getTime()) / 60_000)
	return minutes > 0 ? minutes : DEFAULT_MEETING_MINUTES
}

/** The planned minutes against the meeting's length. */
export function agendaTiming(
	items: readonly Pick<AgendaItem, 'plannedMinutes'>[],
	meetingMinutes: number,
) {
	const plannedMinutes = items.reduce((sum, item) => sum + (item.plannedMinutes ?? 0), 0)
	return {
		plannedMinutes,
		meetingMinutes,
		overBy: Math.max(0, plannedMinutes - meetingMinutes),
		leftOver: Math.max(0, meetingMinutes - plannedMinutes),
	}
}

/**
 * What someone typed into "planned minutes": a whole number of minutes, empty (= not planned),
 * or an error key for the field (the typed text stays in the input).
 */
export function parsePlannedMinutes(
	input: string,
): { ok: true; value: number | null } | { ok: false; error: string } {
	const trimmed = input.trim()
	if (trimmed === '') return { ok: true, value: null }
	if (!/^\d+$/.test(trimmed)) return { ok: false, error: 'agenda.minutes.notNumber' }
	const value = Number(trimmed)
	if (value > MAX_PLANNED_MINUTES) return { ok: false, error: 'agenda.minutes.tooMany' }
	return { ok: true, value }
}
