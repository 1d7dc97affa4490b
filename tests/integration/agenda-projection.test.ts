import { asc, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import {
	addItem,
	agendaDocumentName,
	appendItems,
	moveItem,
	readAgenda,
	updateItem,
} from '#app/agenda/agenda-doc.ts'
import { changeAgenda } from '#app/agenda/agenda-live.server.ts'
import { projectAgenda } from '#app/agenda/agenda-projection.server.ts'
import { carryOverOpenItems } from '#app/agenda/agenda.server.ts'
import { getDb } from '#db/client.ts'
import { agendaItems, groupMembers, groups, kraje, meetings } from '#db/schema.ts'
import { createSqliteStorage } from '#server/realtime/storage.ts'
import { action, loader } from '#app/routes/meetings.$meetingId_.agenda.tsx'
import { testLogger } from '#tests/setup/realtime-fixtures.ts'
import { person, post, get, routeContext, thrown } from '#tests/setup/route-helpers.ts'

function setup() {
	const db = getDb()
	const kraj = db.select({ kod: kraje.kod }).from(kraje).limit(1).get()!
	const groupId = db
		.insert(groups)
		.values({ name: 'Pracovní skupina Bydlení Kolínsko', kind: 'jina', krajKod: kraj.kod })
		.returning({ id: groups.id })
		.get().id
	const meeting = (
		title: string,
		startsAt: string,
		state: 'confirmed' | 'cancelled' = 'confirmed',
	) =>
		db
			.insert(meetings)
			.values({ groupId, title, startsAt: new Date(startsAt), state })
			.returning({ id: meetings.id })
			.get().id
	return {
		groupId,
		may: meeting('Květnové setkání', '2027-05-06T08:00:00Z'),
		june: meeting('Zrušené setkání', '2027-06-03T08:00:00Z', 'cancelled'),
		september: meeting('Zářijové setkání', '2027-09-09T08:00:00Z'),
	}
}

function rows(meetingId: string) {
	return getDb()
		.select({
			id: agendaItems.id,
			position: agendaItems.position,
			title: agendaItems.title,
			presenter: agendaItems.presenter,
			plannedMinutes: agendaItems.plannedMinutes,
			status: agendaItems.status,
			linkRef: agendaItems.linkRef,
			carriedFromId: agendaItems.carriedFromId,
		})
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.orderBy(asc(agendaItems.position))
		.all()
}

function searchRows(meetingId: string, query: string) {
	return getDb()
		.$client.prepare(
			"select ref_id as id, title from search_index where kind = 'agenda_item' and meeting_id = ? and search_index match ?",
		)
		.all(meetingId, query) as Array<{ id: string; title: string }>
}

test('projection rewrites the meeting’s rows from the document, in agenda order, ids from the doc', () => {
	const { may, september } = setup()
	const doc = new Y.Doc()
	const [opening, housing] = appendItems(doc, [
		{ title: 'Zahájení', plannedMinutes: 5 },
		{ title: 'Bytová nouze', presenter: 'Jana Nováková', linkRef: 'measure:42' },
	])
	projectAgenda(may, doc)
	// Another meeting's rows are left alone.
	const other = new Y.Doc()
	addItem(other, { title: 'Cizí bod' })
	projectAgenda(september, other)

	expect(rows(may)).toEqual([
		expect.objectContaining({ id: opening, position: 0, title: 'Zahájení', plannedMinutes: 5 }),
		expect.objectContaining({
			id: housing,
			position: 1,
			presenter: 'Jana Nováková',
			linkRef: 'measure:42',
			status: 'open',
		}),
	])
	moveItem(doc, housing!, 0)
	updateItem(doc, opening!, 'status', 'done')
	projectAgenda(may, doc)
	expect(rows(may).map((row) => [row.title, row.status])).toEqual([
		['Bytová nouze', 'open'],
		['Zahájení', 'done'],
	])
	expect(rows(september).map((row) => row.title)).toEqual(['Cizí bod'])
	// Search finds items without diacritics; a deleted item leaves the index.
	expect(searchRows(may, 'bytova').map((row) => row.id)).toEqual([housing])
	doc.transact(() => doc.getArray('items').delete(0, 2))
	projectAgenda(may, doc)
	expect(rows(may)).toEqual([])
	expect(searchRows(may, 'bytova')).toEqual([])
})

test('concurrent edits from two documents project to the same rows whichever arrives first', () => {
	const { may } = setup()
	const a = new Y.Doc()
	appendItems(a, [{ title: 'A' }, { title: 'B' }, { title: 'C' }])
	const b = new Y.Doc()
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
	const [idA, idB, idC] = readAgenda(a).map((item) => item.id)
	moveItem(a, idC!, 0)
	updateItem(a, idB!, 'title', 'B – upraveno Janou')
	moveItem(b, idA!, 2)
	updateItem(b, idB!, 'plannedMinutes', 25)
	const updateA = Y.encodeStateAsUpdate(a)
	const updateB = Y.encodeStateAsUpdate(b)

	const server1 = new Y.Doc()
	Y.applyUpdate(server1, updateA)
	Y.applyUpdate(server1, updateB)
	projectAgenda(may, server1)
	const first = rows(may)

	const server2 = new Y.Doc()
	Y.applyUpdate(server2, updateB)
	Y.applyUpdate(server2, updateA)
	projectAgenda(may, server2)
	expect(rows(may)).toEqual(first)
	expect(first).toHaveLength(3)
	expect(first.find((row) => row.id === idB)).toMatchObject({
		title: 'B – upraveno Janou',
		plannedMinutes: 25,
	})
	expect(first[0]!.id).toBe(idC)
})

test('carry-over copies open items to the next (not cancelled) meeting, durably, once', async () => {
	const { may, june, september } = setup()
	await changeAgenda(may, (doc) =>
		appendItems(doc, [
			{ title: 'Zahájení', status: 'done' },
			{ title: 'Sociální bydlení – pilot', presenter: 'Petr Svoboda', plannedMinutes: 30 },
			{ title: 'Různé' },
		]),
	)
	const result = await carryOverOpenItems(may, null)
	expect(result).toMatchObject({ ok: true, count: 2, nextMeeting: { id: september } })

	// Stored: a fresh load of the September agenda has the items, remembering their origin.
	const { state } = await createSqliteStorage(getDb(), testLogger()).loadDocument(
		agendaDocumentName(september),
	)
	const stored = new Y.Doc()
	Y.applyUpdate(stored, state!)
	const carried = readAgenda(stored)
	expect(carried.map((item) => [item.title, item.presenter, item.plannedMinutes])).toEqual([
		['Sociální bydlení – pilot', 'Petr Svoboda', 30],
		['Různé', '', null],
	])
	const mayRows = rows(may)
	expect(mayRows.map((row) => row.status)).toEqual(['done', 'carried', 'carried'])
	expect(carried.map((item) => item.carriedFromId)).toEqual([mayRows[1]!.id, mayRows[2]!.id])
	expect(rows(september).map((row) => row.carriedFromId)).toEqual([mayRows[1]!.id, mayRows[2]!.id])
	expect(rows(june)).toEqual([])

	// Nothing open any more: a second click explains instead of copying again.
	expect(await carryOverOpenItems(may, null)).toEqual({
		ok: false,
		error: 'agenda.carry.nothingOpen',
	})
	// The last meeting has no next one.
	expect(await carryOverOpenItems(september, null)).toEqual({
		ok: false,
		error: 'agenda.carry.noNextMeeting',
	})
})

test('the agenda page: 404 for outsiders, read-only for observers, carry-over for convenors only', async () => {
	const { groupId, may, september } = setup()
	const db = getDb()
	const jana = await person('jana.agenda@mesto-kolin.cz', 'Jana Nováková')
	const petr = await person('petr.agenda@mesto-kolin.cz', 'Petr Svoboda')
	const tomas = await person('tomas.agenda@mesto-kolin.cz', 'Tomáš Dvořák')
	const eva = await person('eva.agenda@mesto-kolin.cz', 'Eva Černá')
	db.insert(groupMembers)
		.values([
			{ groupId, userId: jana.id, role: 'convenor' },
			{ groupId, userId: petr.id, role: 'member' },
			{ groupId, userId: tomas.id, role: 'observer' },
		])
		.run()
	await changeAgenda(may, (doc) => addItem(doc, { title: 'Otevřený bod' }))
	const path = `/meetings/${may}/agenda`
	const load = (who: { cookie: string }) =>
		loader({ request: get(path, who), params: { meetingId: may }, context: routeContext })
	const submit = (who: { cookie: string }) =>
		action({
			request: post(path, who, { intent: 'carry-over' }),
			params: { meetingId: may },
			context: routeContext,
		})

	expect(await load(jana)).toMatchObject({ canWrite: true, canManage: true, meetingMinutes: 120 })
	expect(await load(petr)).toMatchObject({ canWrite: true, canManage: false })
	expect(await load(tomas)).toMatchObject({ canWrite: false, canManage: false })
	expect(((await thrown(load(eva))) as Response).status).toBe(404)

	expect(((await thrown(submit(eva))) as Response).status).toBe(404)
	expect(((await thrown(submit(tomas))) as Response).status).toBe(403)
	expect(((await thrown(submit(petr))) as Response).status).toBe(403)
	expect(await submit(jana)).toMatchObject({ ok: true, count: 1, nextMeeting: { id: september } })
	expect(rows(september).map((row) => row.title)).toEqual(['Otevřený bod'])
})
