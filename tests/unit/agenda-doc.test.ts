import { expect, test } from 'vitest'
import * as Y from 'yjs'
import {
	addItem,
	agendaTiming,
	appendItems,
	deleteItem,
	meetingIdOfAgendaDocument,
	meetingLengthMinutes,
	moveItem,
	parsePlannedMinutes,
	readAgenda,
	restoreItem,
	updateItem,
} from '#app/agenda/agenda-doc.ts'
import { createTranslator } from '#app/i18n/i18n.ts'

/** Two replicas that exchange their changes only when `sync` is called (a concurrent edit). */
function pair() {
	const a = new Y.Doc()
	const b = new Y.Doc()
	const sync = () => {
		const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
		const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
		Y.applyUpdate(b, fromA)
		Y.applyUpdate(a, fromB)
	}
	return { a, b, sync }
}

const titles = (doc: Y.Doc) => readAgenda(doc).map((item) => item.title)

test('items keep their order; moving sets a position between the new neighbours', () => {
	const doc = new Y.Doc()
	const [first, second, third] = appendItems(doc, [
		{ title: 'Zahájení' },
		{ title: 'Bytová nouze v ORP' },
		{ title: 'Různé' },
	])
	expect(titles(doc)).toEqual(['Zahájení', 'Bytová nouze v ORP', 'Různé'])
	expect(moveItem(doc, third!, 0)).toBe(0)
	expect(titles(doc)).toEqual(['Různé', 'Zahájení', 'Bytová nouze v ORP'])
	expect(moveItem(doc, third!, 99)).toBe(2)
	expect(titles(doc)).toEqual(['Zahájení', 'Bytová nouze v ORP', 'Různé'])
	expect(moveItem(doc, first!, 1)).toBe(1)
	expect(titles(doc)).toEqual(['Bytová nouze v ORP', 'Zahájení', 'Různé'])
	expect(moveItem(doc, 'missing', 0)).toBeNull()
	expect(second).toBeTruthy()
})

test('a hundred moves into the same gap still keep a strict order (positions are renumbered)', () => {
	const doc = new Y.Doc()
	const ids = appendItems(
		doc,
		Array.from({ length: 4 }, (_, index) => ({ title: `Bod ${index + 1}` })),
	)
	// Alternately move the last two items to position 1: the gap between halves each time.
	for (let round = 0; round < 100; round++) moveItem(doc, ids[round % 2 === 0 ? 3 : 2]!, 1)
	const items = readAgenda(doc)
	expect(new Set(items.map((item) => item.position)).size).toBe(4)
	expect(items[0]!.title).toBe('Bod 1')
})

test('two people moving the same item at once: it stays once, both replicas agree', () => {
	const { a, b, sync } = pair()
	appendItems(a, [{ title: 'A' }, { title: 'B' }, { title: 'C' }, { title: 'D' }])
	sync()
	const idOfC = readAgenda(a)[2]!.id
	moveItem(a, idOfC, 0)
	moveItem(b, idOfC, 3)
	sync()
	expect(titles(a)).toEqual(titles(b))
	expect(titles(a).filter((title) => title === 'C')).toHaveLength(1)
	expect(titles(a)).toHaveLength(4)
})

test('a move and an edit of the same item at once both survive', () => {
	const { a, b, sync } = pair()
	appendItems(a, [{ title: 'Zahájení' }, { title: 'Sociální bydlení' }])
	sync()
	const id = readAgenda(a)[1]!.id
	moveItem(a, id, 0)
	updateItem(b, id, 'title', 'Sociální bydlení – Kolín')
	updateItem(b, id, 'plannedMinutes', 30)
	sync()
	for (const doc of [a, b]) {
		expect(titles(doc)).toEqual(['Sociální bydlení – Kolín', 'Zahájení'])
		expect(readAgenda(doc)[0]!.plannedMinutes).toBe(30)
	}
})

test('items added at once by two people both appear, in the same order everywhere', () => {
	const { a, b, sync } = pair()
	addItem(a, { title: 'Od Jany' })
	addItem(b, { title: 'Od Petra' })
	sync()
	expect(titles(a).sort()).toEqual(['Od Jany', 'Od Petra'])
	expect(titles(a)).toEqual(titles(b))
})

test('a deleted item can be restored with its place and fields', () => {
	const doc = new Y.Doc()
	appendItems(doc, [{ title: 'A' }, { title: 'B', presenter: 'Jana Nováková' }, { title: 'C' }])
	const b = readAgenda(doc)[1]!
	deleteItem(doc, b.id)
	expect(titles(doc)).toEqual(['A', 'C'])
	restoreItem(doc, b)
	expect(readAgenda(doc)[1]).toEqual(b)
})

test('planned minutes must be a whole number from 0 to 1440; invalid input is not written', () => {
	expect(parsePlannedMinutes(' 15 ')).toEqual({ ok: true, value: 15 })
	expect(parsePlannedMinutes('')).toEqual({ ok: true, value: null })
	expect(parsePlannedMinutes('patnáct')).toEqual({ ok: false, error: 'agenda.minutes.notNumber' })
	expect(parsePlannedMinutes('-5')).toEqual({ ok: false, error: 'agenda.minutes.notNumber' })
	expect(parsePlannedMinutes('1,5')).toEqual({ ok: false, error: 'agenda.minutes.notNumber' })
	expect(parsePlannedMinutes('1441')).toEqual({ ok: false, error: 'agenda.minutes.tooMany' })
	const doc = new Y.Doc()
	const id = addItem(doc, { title: 'Různé', plannedMinutes: 10 })
	expect(updateItem(doc, id, 'plannedMinutes', -3)).toBe(false)
	expect(updateItem(doc, id, 'plannedMinutes', 2.5)).toBe(false)
	expect(readAgenda(doc)[0]!.plannedMinutes).toBe(10)
})

test('the meeting length is end − start, or two hours without an end', () => {
	const start = new Date('2026-12-03T09:00:00Z')
	expect(meetingLengthMinutes(start, new Date('2026-12-03T10:30:00Z'))).toBe(90)
	expect(meetingLengthMinutes(start, null)).toBe(120)
	// An end before the start is not a length: the default applies.
	expect(meetingLengthMinutes(start, new Date('2026-12-03T08:00:00Z'))).toBe(120)
})

test('the planned sum against the meeting length, with the Czech warning in the right plural', () => {
	const items = [{ plannedMinutes: 60 }, { plannedMinutes: 45 }, { plannedMinutes: null }]
	expect(agendaTiming(items, 120)).toEqual({
		plannedMinutes: 105,
		meetingMinutes: 120,
		overBy: 0,
		leftOver: 15,
	})
	const over = agendaTiming([...items, { plannedMinutes: 40 }], 120)
	expect(over.overBy).toBe(25)
	const warning = (count: number) => createTranslator('cs')('agenda.timing.over', { count })
	expect(warning(25)).toMatch(/^Program je o 25 minut delší než setkání\./)
	expect(warning(1)).toMatch(/^Program je o 1 minutu delší/)
	expect(warning(3)).toMatch(/^Program je o 3 minuty delší/)
})

test('agenda document names', () => {
	expect(meetingIdOfAgendaDocument('meeting:abc-1:agenda')).toBe('abc-1')
	expect(meetingIdOfAgendaDocument('meeting:abc-1:minutes')).toBeNull()
	expect(meetingIdOfAgendaDocument('meeting:abc:agenda:x')).toBeNull()
})
