import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { createMeeting, markMeetingHeld } from '#app/meetings/meetings.server.ts'
import {
	addGroupMembers,
	addGuest,
	listParticipants,
	setAttendance,
} from '#app/meetings/participants.server.ts'
import { action as lifecycleAction } from '#app/routes/meetings.$meetingId_.minutes-lifecycle.ts'
import { loader as publicLoader } from '#app/routes/verejne.zapisy.$meetingId.tsx'
import { loader as publicPdfLoader } from '#app/routes/verejne.zapisy.$meetingId_.zapis[.]pdf.ts'
import { createDecision } from '#app/tasks/decisions.server.ts'
import type { DecisionInput } from '#app/tasks/decision.schema.ts'
import { getDb } from '#db/client.ts'
import { meetings, type MeetingVisibility } from '#db/schema.ts'
import {
	get,
	location,
	type Person,
	post,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'
import { editStoredMinutes } from '#tests/setup/stored-minutes.ts'
import { bytes, pdfText } from '#tests/setup/read-documents.ts'

let convenor: Person
let groupId: string

beforeAll(async () => {
	;({ convenor, groupId } = await network({
		// The member is on the attendance list (excused).
		roles: ['convenor', 'member'],
		people: {
			convenor: ['martin.kral@rumburk.cz', 'Martin Král'],
			member: ['alena.sykorova@kmb-pisek.cz', 'Alena Sýkorová'],
		},
		group: { name: 'Síťování ORP Rumburk', kind: 'platforma_kmb', scope: 'orp', orpKod: '4212' },
	}))
})

function act(meetingId: string, fields: Record<string, string>) {
	return lifecycleAction({
		request: post(`/meetings/${meetingId}/minutes-lifecycle`, convenor, fields),
		params: { meetingId },
		context,
	})
}

/** Appends blocks to the stored minutes, as acknowledged edits are stored. */
async function write(
	meetingId: string,
	blocks: Array<{ heading?: string; text: string; confidential?: boolean }>,
) {
	await editStoredMinutes(meetingId, convenor.id, (fragment) => {
		for (const block of blocks) {
			const element = new Y.XmlElement(block.heading ? 'heading' : 'paragraph')
			if (block.heading) {
				element.setAttribute('level', 3 as unknown as string)
				if (block.confidential) element.setAttribute('confidential', true as unknown as string)
			}
			element.insert(0, [new Y.XmlText(block.heading ?? block.text)])
			fragment.push([element])
			if (block.heading && block.text) {
				const paragraph = new Y.XmlElement('paragraph')
				paragraph.insert(0, [new Y.XmlText(block.text)])
				fragment.push([paragraph])
			}
		}
	})
}

/** A held meeting with minutes, attendance and a decision. */
async function heldMeeting(visibility: MeetingVisibility) {
	const meetingId = createMeeting(
		groupId,
		{
			title: 'Setkání sítě Šluknovsko – listopad',
			startsAt: new Date('2026-11-12T09:00:00Z'),
			place: 'MěÚ Rumburk, velká zasedačka',
			visibility,
		},
		convenor.id,
	).id
	addGroupMembers(meetingId, groupId)
	addGuest(meetingId, { guestName: 'Zdeněk Hruška', guestOrganisation: 'Romodrom' })
	const people = listParticipants(meetingId)
	setAttendance(
		meetingId,
		people.map((p) => ({
			participantId: p.id,
			attendance: p.name === 'Alena Sýkorová' ? 'excused' : 'present',
		})),
	)
	createDecision(
		{ id: meetingId, groupId, startsAt: new Date('2026-11-12T09:00:00Z') },
		{
			text: 'Síť schvaluje společný leták o dluhovém poradenství.',
			votesFor: 2,
			votesAgainst: 0,
			votesAbstain: 0,
			rule: 'majority_of_present',
		} as DecisionInput,
		convenor.id,
	)
	await write(meetingId, [
		{ heading: '1. Dluhové poradenství', text: 'Poradna rozšířila úřední hodiny.' },
		{
			heading: '2. Případová konference',
			text: 'Rodina z ubytovny v Jiříkově – podrobnosti neveřejné.',
			confidential: true,
		},
		{ heading: '3. Různé', text: 'Příští setkání v únoru.' },
	])
	markMeetingHeld(meetingId)
	return meetingId
}

function open(meetingId: string) {
	return publicLoader({
		request: get(`/verejne/zapisy/${meetingId}`, null),
		params: { meetingId },
		context,
	})
}

async function publicPdf(meetingId: string) {
	const response = await publicPdfLoader({
		request: get(`/verejne/zapisy/${meetingId}/zapis.pdf`, null),
		params: { meetingId },
		context,
	})
	expect(response.headers.get('Content-Type')).toBe('application/pdf')
	return (await pdfText(await bytes(response))).text
}

async function notFound(meetingId: string) {
	expect(((await thrown(open(meetingId))) as Response).status).toBe(404)
	expect(((await thrown(publicPdf(meetingId))) as Response).status).toBe(404)
}

const blockText = (blocks: Awaited<ReturnType<typeof open>>['blocks']) => JSON.stringify(blocks)

describe('the public page of published minutes', () => {
	test('404 for a meeting that does not exist, is not public or whose minutes are not published', async () => {
		await notFound('neexistuje')

		const draft = await heldMeeting('public')
		await notFound(draft)
		location(await act(draft, { intent: 'approve' }))
		// Approved but not published yet.
		await notFound(draft)

		for (const visibility of ['members', 'confidential'] as const) {
			const closed = await heldMeeting(visibility)
			location(await act(closed, { intent: 'approve' }))
			const refused = (await act(closed, { intent: 'publish' })) as { error: string }
			expect(refused.error).toBe('minutes.lifecycle.error.notPublic')
			await notFound(closed)
		}
	})

	test('anyone sees the approved text without confidential parts, who was present and the decisions', async () => {
		const meetingId = await heldMeeting('public')
		location(await act(meetingId, { intent: 'approve' }))
		location(await act(meetingId, { intent: 'publish' }))

		const page = await open(meetingId)
		expect(page.meeting).toMatchObject({
			title: 'Setkání sítě Šluknovsko – listopad',
			groupName: 'Síťování ORP Rumburk',
			place: 'MěÚ Rumburk, velká zasedačka',
		})
		const text = blockText(page.blocks)
		expect(text).toContain('Poradna rozšířila úřední hodiny.')
		expect(text).toContain('Příští setkání v únoru.')
		expect(text).not.toContain('Případová konference')
		expect(text).not.toContain('Jiříkov')
		expect(page.confidentialOmitted).toBe(true)
		// The text has no "Přítomni" section of its own, so the page lists them.
		expect(page.textListsPresent).toBe(false)
		expect(page.present).toEqual(
			expect.arrayContaining([
				{ name: 'Martin Král', organisation: null },
				{ name: 'Zdeněk Hruška', organisation: 'Romodrom' },
			]),
		)
		expect(page.present.map((p) => p.name)).not.toContain('Alena Sýkorová')
		expect(page.decisions).toHaveLength(1)
		expect(page.decisions[0]).toMatchObject({
			text: 'Síť schvaluje společný leták o dluhovém poradenství.',
			outcome: 'adopted',
		})

		const pdf = await publicPdf(meetingId)
		expect(pdf).toContain('Poradna rozšířila úřední hodiny.')
		expect(pdf).toContain('Zdeněk Hruška (Romodrom)')
		expect(pdf).toContain('společný leták o dluhovém poradenství')
		expect(pdf).not.toContain('Jiříkov')
	})

	test('a correction shows publicly only once approved; a meeting made non-public disappears', async () => {
		const meetingId = await heldMeeting('public')
		location(await act(meetingId, { intent: 'approve' }))
		location(await act(meetingId, { intent: 'publish' }))
		location(await act(meetingId, { intent: 'correct' }))
		await write(meetingId, [{ text: 'Doplněno: leták vytiskne MěÚ Rumburk.' }])

		// While it is being corrected, the published version stays.
		expect(blockText((await open(meetingId)).blocks)).not.toContain('Doplněno')
		location(await act(meetingId, { intent: 'approve', note: 'Doplněn tisk letáku.' }))
		expect(blockText((await open(meetingId)).blocks)).toContain(
			'Doplněno: leták vytiskne MěÚ Rumburk.',
		)

		getDb().update(meetings).set({ visibility: 'members' }).where(eq(meetings.id, meetingId)).run()
		await notFound(meetingId)
	})
})
