import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { addItem } from '#app/agenda/agenda-doc.ts'
import { projectAgenda } from '#app/agenda/agenda-projection.server.ts'
import { addGroupMember } from '#app/groups/groups.server.ts'
import { getMeetingAccess } from '#app/meetings/meeting-access.server.ts'
import { createMeeting } from '#app/meetings/meetings.server.ts'
import { loader as searchLoader } from '#app/routes/search.tsx'
import {
	flushMinutesReindex,
	indexAgendaForMeeting,
	indexAgendaItem,
	indexDecision,
	indexMeeting,
	indexMinutes,
	reindexAll,
	removeFromIndex,
	scheduleMinutesReindex,
} from '#app/search/search-index.server.ts'
import { buildMatchExpression } from '#app/search/search-query.ts'
import { search } from '#app/search/search.server.ts'
import { getDb } from '#db/client.ts'
import { agendaItems, decisions, meetingParticipants, meetings, yjsUpdates } from '#db/schema.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'
import {
	get,
	person,
	type Person,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'

let admin: Person
let convenor: Person
let member: Person
let invitee: Person
let invitedGuest: Person
let observer: Person
let outsider: Person
let groupId: string
let openMeetingId: string
let secretMeetingId: string
let agendaItemId: string
let openDecisionId: string
let secretDecisionId: string

/** Writes minutes the way the editor and the realtime engine do: paragraphs, stored as updates. */
function storeMinutes(meetingId: string, paragraphs: string[]) {
	const doc = new Y.Doc({ gc: false })
	const fragment = doc.getXmlFragment('default')
	fragment.insert(
		0,
		paragraphs.map((text) => {
			const element = new Y.XmlElement('paragraph')
			element.insert(0, [new Y.XmlText(text)])
			return element
		}),
	)
	getDb()
		.insert(yjsUpdates)
		.values({
			docName: meetingMinutesDocumentName(meetingId),
			update: Buffer.from(Y.encodeStateAsUpdate(doc)),
		})
		.run()
	doc.destroy()
}

function meetingIdsFound(who: { id: string; isAdmin: boolean }, query: string) {
	return search(who, query).map((result) => result.meetingId)
}

function kindsFound(who: { id: string; isAdmin: boolean }, query: string) {
	return search(who, query).map((result) => `${result.kind}:${result.meetingId}`)
}

beforeAll(async () => {
	;({ admin, convenor, member, observer, outsider, groupId } = await network())
	invitee = await person('petra.novotna@kolin.cz', 'Petra Novotná')
	invitedGuest = await person('jana.svobodova@uradprace.cz', 'Jana Svobodová')
	addGroupMember(groupId, invitee.id, 'member')

	openMeetingId = createMeeting(
		groupId,
		{ title: 'Setkání platformy kmb', startsAt: new Date('2026-05-13T07:30:00Z') },
		convenor.id,
	).id
	getDb()
		.update(meetings)
		.set({
			description: 'Dostupné bydlení a dluhová poradna <script>alert(1)</script>',
			place: 'Kolín, Karlovo náměstí 1',
		})
		.where(eq(meetings.id, openMeetingId))
		.run()
	agendaItemId = 'agenda-item-zprava'
	getDb()
		.insert(agendaItems)
		.values({
			id: agendaItemId,
			meetingId: openMeetingId,
			position: 1,
			title: 'Zpráva pracovní skupiny KMB',
			description: 'Sociální byty v Kolíně a Kutné Hoře',
			presenter: 'Martina Horáková',
		})
		.run()
	openDecisionId = getDb()
		.insert(decisions)
		.values({
			meetingId: openMeetingId,
			number: '1/2026',
			text: 'Usnesení: platforma schvaluje akční plán bydlení na rok 2027.',
		})
		.returning({ id: decisions.id })
		.get().id
	storeMinutes(openMeetingId, ['1. Zahájení', 'Přítomni: Martina Horáková, Tomáš Černý'])

	secretMeetingId = createMeeting(
		groupId,
		{ title: 'Případová konference Vlčkovi', startsAt: new Date('2026-06-02T08:00:00Z') },
		convenor.id,
	).id
	getDb()
		.update(meetings)
		.set({ visibility: 'confidential', description: 'Rodina v bytové nouzi' })
		.where(eq(meetings.id, secretMeetingId))
		.run()
	getDb()
		.insert(meetingParticipants)
		.values([
			{ meetingId: secretMeetingId, userId: convenor.id },
			{ meetingId: secretMeetingId, userId: invitee.id },
			{ meetingId: secretMeetingId, userId: invitedGuest.id },
		])
		.run()
	secretDecisionId = getDb()
		.insert(decisions)
		.values({
			meetingId: secretMeetingId,
			number: '2/2026',
			text: 'Usnesení: zajistit krizové ubytování v azylovém domě.',
		})
		.returning({ id: decisions.id })
		.get().id
	storeMinutes(secretMeetingId, [
		'Exekutor ohlásil vystěhování na 15. 12.',
		'Přítomni: Petra Novotná, Jana Svobodová',
	])

	await reindexAll()
})

describe('matching ignores diacritics and case', () => {
	test('"usneseni" finds "Usnesení", "BYDLENI" finds "bydlení", "KMB" finds "kmb"', () => {
		expect(kindsFound(member, 'usneseni')).toContain(`decision:${openMeetingId}`)
		expect(kindsFound(member, 'BYDLENI')).toEqual(
			expect.arrayContaining([`meeting:${openMeetingId}`, `decision:${openMeetingId}`]),
		)
		// The meeting title is written "kmb", the agenda item "KMB"; either spelling finds both.
		for (const query of ['KMB', 'kmb']) {
			expect(kindsFound(member, query)).toEqual(
				expect.arrayContaining([`meeting:${openMeetingId}`, `agenda_item:${openMeetingId}`]),
			)
		}
		expect(kindsFound(member, 'Tomas Cerny')).toEqual([`minutes:${openMeetingId}`])
		expect(kindsFound(member, 'kolíně')).toEqual([`agenda_item:${openMeetingId}`])
	})

	test('the start of a word is enough, and every word must match', () => {
		expect(kindsFound(member, 'bydl')).toContain(`meeting:${openMeetingId}`)
		expect(kindsFound(member, 'zahaj')).toEqual([`minutes:${openMeetingId}`])
		expect(kindsFound(member, 'karlov nam')).toEqual([`meeting:${openMeetingId}`])
		expect(kindsFound(member, 'karlovo zahájení')).toEqual([])
	})

	test('results say what they are, where they link and show the match highlighted as text', () => {
		const [decision] = search(member, 'schvaluje')
		expect(decision).toMatchObject({
			kind: 'decision',
			meetingTitle: 'Setkání platformy kmb',
			groupName: 'Platforma KMB Kolín',
			itemTitle: '1/2026',
			href: `/meetings/${openMeetingId}/decisions`,
		})
		expect(decision!.startsAt.toISOString()).toBe('2026-05-13T07:30:00.000Z')
		expect(decision!.snippet.filter((part) => part.match)).toEqual([
			{ text: 'schvaluje', match: true },
		])
		expect(search(member, 'zprava')[0]).toMatchObject({
			href: `/meetings/${openMeetingId}/agenda`,
			itemTitle: 'Zpráva pracovní skupiny KMB',
		})
		expect(search(member, 'karlovo')[0]).toMatchObject({ kind: 'meeting', itemTitle: '' })
		expect(search(member, 'zahajeni')[0]!.href).toBe(`/meetings/${openMeetingId}`)
		// Markup typed by users comes back as plain text for React to escape, never as HTML.
		const [meeting] = search(member, 'poradna')
		const text = meeting!.snippet.map((part) => part.text).join('')
		expect(text).toContain('<script>alert(1)</script>')
		expect(meeting!.snippet.filter((part) => part.match).map((part) => part.text)).toEqual([
			'poradna',
		])
	})
})

describe('hostile input never throws', () => {
	test.each([
		'"',
		'*',
		'AND(',
		'-',
		'NOT',
		'bydlení OR',
		'NEAR(bydlení platforma)',
		'"bydl',
		'title:bydlení',
		'^bydl',
		'(((',
		'bydl*"*',
		"'; DROP TABLE meetings; --",
		'\uE000bydl\uE001',
		'a'.repeat(5000),
		'  \t\n ',
	])('%j', (query) => {
		expect(() => search(member, query)).not.toThrow()
	})

	test('operators and quotes are searched as words', () => {
		expect(buildMatchExpression('"bydl" AND( -dluh*')).toBe('"bydl"* "AND"* "dluh"*')
		expect(kindsFound(member, '"bydl*')).toContain(`meeting:${openMeetingId}`)
		expect(kindsFound(member, '-dluhov')).toEqual([`meeting:${openMeetingId}`])
		expect(buildMatchExpression('a')).toBeNull()
		expect(buildMatchExpression('**')).toBeNull()
	})
})

describe('only what the searcher may see', () => {
	const secret = ['vlckovi', 'exekutor', 'azylovem', 'bytove nouzi']

	test('an invited participant and an administrator find the confidential meeting, its minutes and decision', () => {
		for (const who of [invitee, invitedGuest, admin]) {
			expect(kindsFound(who, 'vlckovi')).toEqual([`meeting:${secretMeetingId}`])
			expect(kindsFound(who, 'exekutor')).toEqual([`minutes:${secretMeetingId}`])
			expect(kindsFound(who, 'azylovem')).toEqual([`decision:${secretMeetingId}`])
			expect(getMeetingAccess(who, secretMeetingId)?.access ?? 'none').not.toBe('none')
		}
	})

	test('a group member who is not invited, an observer and an outsider never find it', () => {
		for (const who of [member, observer, outsider]) {
			for (const query of [...secret, 'usneseni', 'pritomni', 'konference', '2026']) {
				expect(meetingIdsFound(who, query)).not.toContain(secretMeetingId)
			}
			expect(getMeetingAccess(who, secretMeetingId)?.access ?? 'none').toBe('none')
		}
		// The words they share with the open meeting find only the open one.
		expect(meetingIdsFound(member, 'usneseni')).toEqual([openMeetingId])
	})

	test('members-only meetings are found by the group, not by outsiders', () => {
		expect(kindsFound(observer, 'kmb')).toEqual(
			expect.arrayContaining([`meeting:${openMeetingId}`, `agenda_item:${openMeetingId}`]),
		)
		for (const query of ['kmb', 'bydleni', 'usneseni', 'zahajeni', 'kolin']) {
			expect(search(outsider, query)).toEqual([])
		}
	})

	test('the search page shows the same', async () => {
		const forMember = await searchLoader({
			request: get('/search?q=usneseni', member),
			params: {},
			context,
		})
		expect(forMember.status).toBe('done')
		expect(forMember.results.map((result) => result.href)).toEqual([
			`/meetings/${openMeetingId}/decisions`,
		])
		const forInvitee = await searchLoader({
			request: get('/search?q=usneseni', invitee),
			params: {},
			context,
		})
		expect(forInvitee.results).toHaveLength(2)
		const forOutsider = await searchLoader({
			request: get('/search?q=exekutor', outsider),
			params: {},
			context,
		})
		expect(forOutsider).toMatchObject({ status: 'done', results: [] })
	})
})

describe('the search page', () => {
	test('an empty and a one-letter query are not searched', async () => {
		const empty = await searchLoader({ request: get('/search', member), params: {}, context })
		expect(empty).toMatchObject({ q: '', status: 'idle', results: [] })
		const short = await searchLoader({ request: get('/search?q=a*', member), params: {}, context })
		expect(short).toMatchObject({ q: 'a*', status: 'short', results: [] })
	})

	test('people who are not signed in are sent to log in', async () => {
		const response = await thrown(
			searchLoader({ request: get('/search?q=kmb'), params: {}, context }),
		)
		expect(response).toBeInstanceOf(Response)
		expect((response as Response).status).toBe(302)
	})
})

describe('keeping the index up to date', () => {
	test('a changed meeting, agenda item or decision is found by its new words only', () => {
		getDb()
			.update(meetings)
			.set({ title: 'Setkání platformy KMB – jaro' })
			.where(eq(meetings.id, openMeetingId))
			.run()
		indexMeeting(openMeetingId)
		expect(kindsFound(member, 'jaro')).toEqual([`meeting:${openMeetingId}`])

		getDb()
			.update(decisions)
			.set({ text: 'Usnesení: platforma schvaluje strategii bydlení.' })
			.where(eq(decisions.id, openDecisionId))
			.run()
		indexDecision(openDecisionId)
		expect(kindsFound(member, 'strategii')).toEqual([`decision:${openMeetingId}`])
		expect(kindsFound(member, 'akcni plan')).toEqual([])

		getDb()
			.update(agendaItems)
			.set({ title: 'Zpráva o sociálním bydlení' })
			.where(eq(agendaItems.id, agendaItemId))
			.run()
		indexAgendaItem(agendaItemId)
		expect(search(member, 'socialnim')[0]).toMatchObject({
			kind: 'agenda_item',
			itemTitle: 'Zpráva o sociálním bydlení',
		})
	})

	test('deleted items disappear, even before their rows are removed from the index', () => {
		getDb().delete(agendaItems).where(eq(agendaItems.id, agendaItemId)).run()
		expect(kindsFound(member, 'socialnim')).toEqual([])
		indexAgendaForMeeting(openMeetingId)
		const rows = getDb()
			.$client.prepare("SELECT count(*) AS n FROM search_index WHERE kind = 'agenda_item'")
			.get() as { n: number }
		expect(rows.n).toBe(0)

		removeFromIndex('decision', secretDecisionId)
		expect(kindsFound(admin, 'azylovem')).toEqual([])
		indexDecision(secretDecisionId)
		expect(kindsFound(admin, 'azylovem')).toEqual([`decision:${secretMeetingId}`])
	})

	test('agenda rows written by the live agenda projection are found, by the same rule', () => {
		const doc = new Y.Doc()
		addItem(doc, { title: 'Senioři a bezbariérové byty', presenter: 'Tomáš Černý' })
		projectAgenda(secretMeetingId, doc)
		expect(kindsFound(invitee, 'bezbarierove')).toEqual([`agenda_item:${secretMeetingId}`])
		expect(kindsFound(member, 'bezbarierove')).toEqual([])
		expect(kindsFound(outsider, 'bezbarierove')).toEqual([])
		// Reindexing writes the same rows the projection does.
		indexAgendaForMeeting(secretMeetingId)
		expect(search(admin, 'senio')).toHaveLength(1)
		doc.destroy()
	})

	test('minutes are reindexed from the stored document once typing settles', async () => {
		expect(scheduleMinutesReindex(`meeting:${openMeetingId}:agenda`)).toBe(false)
		expect(scheduleMinutesReindex('not a document')).toBe(false)
		storeMinutes(openMeetingId, ['Diskuse o nájemních smlouvách'])
		expect(scheduleMinutesReindex(meetingMinutesDocumentName(openMeetingId))).toBe(true)
		expect(scheduleMinutesReindex(meetingMinutesDocumentName(openMeetingId))).toBe(true)
		// Not yet: the reindex waits until typing pauses.
		expect(kindsFound(member, 'najemnich')).toEqual([])
		await flushMinutesReindex()
		expect(kindsFound(member, 'najemnich')).toEqual([`minutes:${openMeetingId}`])
	})

	test('the debounced reindex runs by itself after the delay', async () => {
		storeMinutes(openMeetingId, ['Podnájem v Nymburce'])
		scheduleMinutesReindex(meetingMinutesDocumentName(openMeetingId), { delayMs: 20 })
		await expect
			.poll(() => kindsFound(member, 'podnajem'), { timeout: 2000, interval: 20 })
			.toEqual([`minutes:${openMeetingId}`])
	})

	test('an empty document has no minutes row and indexMinutes of a deleted meeting removes it', async () => {
		const emptyId = createMeeting(
			groupId,
			{ title: 'Prázdný zápis', startsAt: new Date('2026-09-09T07:00:00Z') },
			convenor.id,
		).id
		await indexMinutes(emptyId)
		const count = () =>
			(
				getDb()
					.$client.prepare('SELECT count(*) AS n FROM search_index WHERE kind = ? AND ref_id = ?')
					.get('minutes', emptyId) as { n: number }
			).n
		expect(count()).toBe(0)
		storeMinutes(emptyId, ['Krátká poznámka'])
		await indexMinutes(emptyId)
		expect(count()).toBe(1)
		getDb().delete(meetings).where(eq(meetings.id, emptyId)).run()
		await indexMinutes(emptyId)
		expect(count()).toBe(0)
	})

	test('reindexAll rebuilds everything from the tables', async () => {
		storeMinutes(openMeetingId, ['Podnájem v Nymburce'])
		getDb().$client.prepare('DELETE FROM search_index').run()
		expect(search(admin, 'vlckovi')).toEqual([])
		const counts = await reindexAll()
		expect(counts.meetings).toBeGreaterThanOrEqual(2)
		expect(kindsFound(admin, 'vlckovi')).toEqual([`meeting:${secretMeetingId}`])
		expect(kindsFound(invitee, 'podnajem')).toEqual([`minutes:${openMeetingId}`])
	})
})
