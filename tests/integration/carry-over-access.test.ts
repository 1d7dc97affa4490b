import { beforeAll, expect, test } from 'vitest'
import { agendaDocumentName, appendItems, readAgenda } from '#app/agenda/agenda-doc.ts'
import { changeAgenda } from '#app/agenda/agenda-live.server.ts'
import { createMeeting } from '#app/meetings/meetings.server.ts'
import { action as agendaAction } from '#app/routes/meetings.$meetingId_.agenda.tsx'
import { getDb } from '#db/client.ts'
import { meetingParticipants, type MeetingVisibility } from '#db/schema.ts'
import { createSqliteStorage } from '#server/realtime/storage.ts'
import { testLogger } from '#tests/setup/realtime-fixtures.ts'
import * as Y from 'yjs'
import { answered, type Person, post, routeContext as context } from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'

/**
 * "Přenést otevřené body" names the next meeting and copies items into it: it must never pick a
 * meeting the convenor may not open (a confidential one they are not invited to), and items
 * never travel between a confidential meeting and one that is not.
 */

let convenor: Person
let groupId: string

beforeAll(async () => {
	;({ convenor, groupId } = await network({ roles: ['convenor'] }))
})

function meeting(title: string, startsAt: string, visibility: MeetingVisibility) {
	return createMeeting(groupId, { title, startsAt: new Date(startsAt), visibility }, convenor.id).id
}

function invite(meetingId: string, who: Person) {
	getDb().insert(meetingParticipants).values({ meetingId, userId: who.id }).run()
}

async function carryOver(meetingId: string) {
	return answered(
		await agendaAction({
			request: post(`/meetings/${meetingId}/agenda`, convenor, { intent: 'carry-over' }),
			params: { meetingId },
			context,
		}),
	)
}

async function agendaTitles(meetingId: string) {
	const { state } = await createSqliteStorage(getDb(), testLogger()).loadDocument(
		agendaDocumentName(meetingId),
	)
	const doc = new Y.Doc()
	if (state) Y.applyUpdate(doc, state)
	return readAgenda(doc).map((item) => item.title)
}

test('open items skip a confidential meeting the convenor is not invited to', async () => {
	const march = meeting('Březnové setkání platformy', '2027-03-03T08:00:00Z', 'members')
	const secret = meeting(
		'Případová konference – rodina Horvátova',
		'2027-03-10T08:00:00Z',
		'confidential',
	)
	const april = meeting('Dubnové setkání platformy', '2027-04-07T08:00:00Z', 'members')
	await changeAgenda(march, (doc) => appendItems(doc, [{ title: 'Sociální bydlení – pilot' }]))

	const answer = await carryOver(march)
	expect(answer.status).toBe(200)
	expect(answer.payload).toMatchObject({ ok: true, nextMeeting: { id: april } })
	expect(JSON.stringify(answer.payload)).not.toContain('Horvátova')
	expect(await agendaTitles(april)).toEqual(['Sociální bydlení – pilot'])
	expect(await agendaTitles(secret)).toEqual([])
})

test('items of a confidential meeting go only to the next confidential one', async () => {
	const first = meeting('Případová konference – první', '2027-05-05T08:00:00Z', 'confidential')
	const open = meeting('Květnové setkání platformy', '2027-05-12T08:00:00Z', 'members')
	invite(first, convenor)
	await changeAgenda(first, (doc) => appendItems(doc, [{ title: 'Dluhy rodiny K. u dodavatele' }]))

	const none = await carryOver(first)
	expect(none.status).toBe(400)
	expect(none.payload).toMatchObject({ ok: false, error: 'agenda.carry.noNextMeeting' })
	expect(await agendaTitles(open)).toEqual([])

	const second = meeting('Případová konference – druhá', '2027-05-19T08:00:00Z', 'confidential')
	invite(second, convenor)
	const carried = await carryOver(first)
	expect(carried.payload).toMatchObject({ ok: true, nextMeeting: { id: second } })
	expect(await agendaTitles(second)).toEqual(['Dluhy rodiny K. u dodavatele'])
	expect(await agendaTitles(open)).toEqual([])
})
