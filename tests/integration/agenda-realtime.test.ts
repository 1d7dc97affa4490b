import http from 'node:http'
import { asc, eq } from 'drizzle-orm'
import { expect, onTestFinished, test } from 'vitest'
import type * as Y from 'yjs'
import {
	addItem,
	agendaDocumentName,
	moveItem,
	readAgenda,
	updateItem,
} from '#app/agenda/agenda-doc.ts'
import { carryOverOpenItems } from '#app/agenda/agenda.server.ts'
import { getDb } from '#db/client.ts'
import { agendaItems, meetings } from '#db/schema.ts'
import { createAppRealtime } from '#server/live-documents.ts'
import { connectClient } from '#tests/setup/realtime-client.ts'
import { createMinutesFixture, testLogger, waitFor } from '#tests/setup/realtime-fixtures.ts'

type Committed = { name: string; storedUpdates: number; items: number }

/** The realtime engine on a random port, projecting agendas after every commit (as server/app.ts). */
async function startAgendaServer() {
	const committed: Committed[] = []
	const countUpdates = getDb().$client.prepare<[string], { n: number }>(
		'select count(*) as n from yjs_updates where doc_name = ?',
	)
	const httpServer = http.createServer((_req, res) => {
		res.statusCode = 404
		res.end()
	})
	// The app's engine: the agenda kind projects every committed change (agenda-document.server.ts).
	const realtime = createAppRealtime({
		httpServer,
		logger: testLogger(),
		db: getDb(),
		onCommitted: (name: string, doc: Y.Doc) => {
			// What the hook sees: the change is already in the database.
			committed.push({
				name,
				storedUpdates: countUpdates.get(name)!.n,
				items: readAgenda(doc).length,
			})
		},
	})
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
	const address = httpServer.address()
	const port = typeof address === 'object' && address ? address.port : 0
	onTestFinished(async () => {
		await realtime.close()
		await new Promise<void>((resolve) => {
			httpServer.close(() => resolve())
			httpServer.closeAllConnections()
		})
	})
	return { url: `http://127.0.0.1:${port}`, realtime, committed }
}

const meetingOf = (minutesDoc: string) => minutesDoc.split(':')[1]!

function projectedTitles(meetingId: string) {
	return getDb()
		.select({ title: agendaItems.title })
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.orderBy(asc(agendaItems.position))
		.all()
		.map((row) => row.title)
}

test('members join the agenda to write, observers read only, outsiders learn nothing', async () => {
	const { url } = await startAgendaServer()
	const people = createMinutesFixture()
	const agenda = agendaDocumentName(meetingOf(people.docs.first))
	const join = async (who: { cookie: string }, name = agenda) => {
		const client = await connectClient(url, { cookie: who.cookie })
		onTestFinished(() => client.close())
		return client.join(name)
	}
	expect(await join(people.convenor)).toEqual({ ok: true, readOnly: false })
	expect(await join(people.member)).toEqual({ ok: true, readOnly: false })
	expect(await join(people.admin)).toEqual({ ok: true, readOnly: false })
	expect(await join(people.observer)).toEqual({ ok: true, readOnly: true })
	expect(await join(people.outsider)).toEqual({ ok: false, error: 'not_found' })
	// Only the meeting's known parts are documents.
	expect(await join(people.convenor, `meeting:${meetingOf(people.docs.first)}:notes`)).toEqual({
		ok: false,
		error: 'not_found',
	})
})

test('the engine calls onCommitted after each change is stored; the agenda table follows', async () => {
	const { url, committed } = await startAgendaServer()
	const people = createMinutesFixture()
	const meetingId = meetingOf(people.docs.first)
	const agenda = agendaDocumentName(meetingId)
	const jana = await connectClient(url, { cookie: people.convenor.cookie })
	onTestFinished(() => jana.close())
	await jana.join(agenda)
	await waitFor(() => jana.doc(agenda).synced)
	const doc = jana.doc(agenda).doc
	addItem(doc, { title: 'Zahájení', plannedMinutes: 10 })
	await waitFor(() => committed.length === 1)
	expect(committed[0]).toEqual({ name: agenda, storedUpdates: 1, items: 1 })
	addItem(doc, { title: 'Dostupné bydlení na Kolínsku', presenter: 'Petr Svoboda' })
	await waitFor(() => projectedTitles(meetingId).length === 2)
	expect(committed.at(-1)!.storedUpdates).toBe(committed.length)
	expect(projectedTitles(meetingId)).toEqual(['Zahájení', 'Dostupné bydlení na Kolínsku'])

	// A read-only observer's change is refused and never reaches the hook.
	const tomas = await connectClient(url, { cookie: people.observer.cookie })
	onTestFinished(() => tomas.close())
	await tomas.join(agenda)
	await waitFor(() => tomas.doc(agenda).synced)
	const before = committed.length
	addItem(tomas.doc(agenda).doc, { title: 'Pozorovatel' })
	await waitFor(() => tomas.doc(agenda).refusals.includes('read_only'))
	expect(committed.length).toBe(before)
	expect(projectedTitles(meetingId)).toEqual(['Zahájení', 'Dostupné bydlení na Kolínsku'])
})

test('two people reorder and edit at once: both see the same agenda and the table matches', async () => {
	const { url } = await startAgendaServer()
	const people = createMinutesFixture()
	const meetingId = meetingOf(people.docs.first)
	const agenda = agendaDocumentName(meetingId)
	const jana = await connectClient(url, { cookie: people.convenor.cookie })
	const petr = await connectClient(url, { cookie: people.member.cookie })
	onTestFinished(() => jana.close())
	onTestFinished(() => petr.close())
	await jana.join(agenda)
	await petr.join(agenda)
	await waitFor(() => jana.doc(agenda).synced && petr.doc(agenda).synced)
	const a = jana.doc(agenda).doc
	const b = petr.doc(agenda).doc
	for (const title of ['Zahájení', 'Krizové bydlení', 'Housing First', 'Různé'])
		addItem(a, { title })
	await waitFor(() => readAgenda(b).length === 4)

	const housingFirst = readAgenda(a)[2]!.id
	const crisis = readAgenda(a)[1]!.id
	moveItem(a, housingFirst, 0)
	moveItem(b, housingFirst, 3)
	updateItem(b, housingFirst, 'title', 'Housing First v Kolíně')
	moveItem(b, crisis, 3)
	addItem(b, { title: 'Dotazy hostů' })

	const titles = (doc: Y.Doc) => readAgenda(doc).map((item) => item.title)
	await waitFor(() => {
		expect(titles(a)).toEqual(titles(b))
		expect(titles(a)).toHaveLength(5)
		return true
	})
	expect(titles(a).filter((title) => title.startsWith('Housing First'))).toEqual([
		'Housing First v Kolíně',
	])
	await waitFor(() => {
		expect(projectedTitles(meetingId)).toEqual(titles(a))
		return true
	})
})

test('carrying over through the live engine: the next agenda changes for whoever has it open', async () => {
	const { url } = await startAgendaServer()
	const people = createMinutesFixture()
	const meetingId = meetingOf(people.docs.first)
	const next = getDb()
		.insert(meetings)
		.values({
			groupId: getDb()
				.select({ groupId: meetings.groupId })
				.from(meetings)
				.where(eq(meetings.id, meetingId))
				.get()!.groupId,
			title: 'Březnové setkání',
			startsAt: new Date('2027-03-04T09:00:00Z'),
		})
		.returning({ id: meetings.id })
		.get().id
	const jana = await connectClient(url, { cookie: people.convenor.cookie })
	onTestFinished(() => jana.close())
	const here = agendaDocumentName(meetingId)
	const there = agendaDocumentName(next)
	await jana.join(here)
	await jana.join(there)
	await waitFor(() => jana.doc(here).synced && jana.doc(there).synced)
	const doc = jana.doc(here).doc
	addItem(doc, { title: 'Schváleno minule', status: 'done' })
	addItem(doc, {
		title: 'Nájemní bydlení – analýza',
		presenter: 'Petr Svoboda',
		plannedMinutes: 20,
	})
	await waitFor(() => projectedTitles(meetingId).length === 2)

	const result = await carryOverOpenItems(meetingId, people.convenor.id)
	expect(result).toMatchObject({ ok: true, count: 1, nextMeeting: { id: next } })
	// Jana sees both changes without reloading anything.
	await waitFor(() => readAgenda(jana.doc(there).doc).length === 1)
	const carried = readAgenda(jana.doc(there).doc)[0]!
	expect(carried).toMatchObject({
		title: 'Nájemní bydlení – analýza',
		presenter: 'Petr Svoboda',
		plannedMinutes: 20,
		status: 'open',
	})
	await waitFor(() => readAgenda(doc).some((item) => item.status === 'carried'))
	expect(carried.carriedFromId).toBe(readAgenda(doc).find((i) => i.status === 'carried')!.id)
	await waitFor(() => projectedTitles(next).length === 1)
	const row = getDb()
		.select({ carriedFromId: agendaItems.carriedFromId })
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, next))
		.get()!
	expect(row.carriedFromId).toBe(carried.carriedFromId)
})
