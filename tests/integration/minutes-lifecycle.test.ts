import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { registerLiveDocuments } from '#app/agenda/agenda-live.server.ts'
import { createMeeting, markMeetingHeld } from '#app/meetings/meetings.server.ts'
import {
	addGroupMembers,
	addGuest,
	listParticipants,
	setAttendance,
} from '#app/meetings/participants.server.ts'
import { utcToPragueLocal } from '#app/meetings/prague-time.ts'
import { pragueToday } from '#app/minutes/lifecycle.schema.ts'
import { docFromState, MINUTES_FIELD, minutesText } from '#app/minutes/minutes-doc.ts'
import { loadStoredState } from '#app/minutes/versions.server.ts'
import { loader as meetingLoader } from '#app/routes/meetings.$meetingId.tsx'
import { loader as docxLoader } from '#app/routes/meetings.$meetingId.minutes[.]docx.ts'
import { loader as markdownLoader } from '#app/routes/meetings.$meetingId.minutes[.]md.ts'
import { loader as pdfLoader } from '#app/routes/meetings.$meetingId.minutes[.]pdf.ts'
import { loader as versionLoader } from '#app/routes/meetings.$meetingId.versions.$versionId.tsx'
import { action as lifecycleAction } from '#app/routes/meetings.$meetingId_.minutes-lifecycle.ts'
import { createDecision } from '#app/tasks/decisions.server.ts'
import type { DecisionInput } from '#app/tasks/decision.schema.ts'
import { getDb } from '#db/client.ts'
import { agendaItems, meetings, minutesApprovals } from '#db/schema.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'
import { connectClient } from '#tests/setup/realtime-client.ts'
import { startRealtimeServer, waitFor, resolveDocument } from '#tests/setup/realtime-fixtures.ts'
import {
	get,
	location,
	type Person,
	post,
	reply,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'
import { editStoredMinutes } from '#tests/setup/stored-minutes.ts'
import { bytes, docxText, pdfText } from '#tests/setup/read-documents.ts'

let admin: Person
let convenor: Person
let member: Person
let observer: Person
let groupId: string

const DAY = 24 * 60 * 60 * 1000

beforeAll(async () => {
	;({ admin, convenor, member, observer, groupId } = await network({
		roles: ['admin', 'convenor', 'member', 'observer'],
		// The minutes and the attendance name them.
		people: {
			convenor: ['jana.dvorakova@liberec.cz', 'Jana Dvořáková'],
			member: ['petr.novak@nadeje.cz', 'Petr Novák'],
			observer: ['eva.mala@kraj-lbc.cz', 'Eva Malá'],
		},
		group: {
			name: 'Komunitní plánování Liberec',
			kind: 'platforma_kmb',
			scope: 'orp',
			orpKod: '5103',
		},
	}))
})

let meetingCount = 0

/** A meeting of the group with two agenda items (as the agenda projection leaves them). */
function newMeeting(visibility: 'public' | 'members' = 'public') {
	const id = createMeeting(
		groupId,
		{
			title: `Pracovní skupina bydlení ${++meetingCount}`,
			startsAt: new Date('2026-11-18T08:00:00Z'),
			place: 'Magistrát Liberec, zasedací místnost 3',
			visibility,
		},
		convenor.id,
	).id
	getDb()
		.insert(agendaItems)
		.values([
			{ id: `${id}-b`, meetingId: id, position: 2, title: 'Sociální bydlení – novela' },
			{ id: `${id}-a`, meetingId: id, position: 1, title: 'Kontaktní místo pro bydlení' },
		])
		.run()
	return id
}

function act(who: Person, meetingId: string, fields: Record<string, string>) {
	return lifecycleAction({
		request: post(`/meetings/${meetingId}/minutes-lifecycle`, who, fields),
		params: { meetingId },
		context,
	})
}

async function page(who: Person, meetingId: string) {
	return meetingLoader({
		request: get(`/meetings/${meetingId}`, who),
		params: { meetingId },
		context,
	})
}

async function storedText(meetingId: string) {
	const doc = docFromState(await loadStoredState(meetingMinutesDocumentName(meetingId)))
	try {
		return minutesText(doc)
	} finally {
		doc.destroy()
	}
}

/** Someone types a paragraph (stored as the engine stores an acknowledged edit). */
async function write(meetingId: string, text: string) {
	await editStoredMinutes(meetingId, convenor.id, (fragment) => {
		const paragraph = new Y.XmlElement('paragraph')
		paragraph.insert(0, [new Y.XmlText(text)])
		fragment.push([paragraph])
	})
}

function minutesRow(meetingId: string) {
	return getDb()
		.select({
			state: meetings.state,
			minutesState: meetings.minutesState,
			commentsUntil: meetings.commentsUntil,
		})
		.from(meetings)
		.where(eq(meetings.id, meetingId))
		.get()!
}

function approvals(meetingId: string) {
	return getDb()
		.select()
		.from(minutesApprovals)
		.where(eq(minutesApprovals.meetingId, meetingId))
		.orderBy(minutesApprovals.approvedAt)
		.all()
}

const resolve = (who: Person, meetingId: string) =>
	resolveDocument(who, `meeting:${meetingId}:minutes`)

async function status(result: Promise<unknown>) {
	return ((await thrown(result)) as Response).status
}

/** A Prague date `days` from today as the date field sends it. */
function dateIn(days: number) {
	return pragueToday(Date.now() + days * DAY)
}

describe('minutes from the agenda', () => {
	test('empty minutes get "Přítomni" from attendance and one heading per agenda item, once', async () => {
		const meetingId = newMeeting()
		addGroupMembers(meetingId, groupId)
		addGuest(meetingId, { guestName: 'Lucie Veselá', guestOrganisation: 'Člověk v tísni' })
		const people = listParticipants(meetingId)
		const byName = (name: string) => people.find((p) => p.name === name)!.id
		setAttendance(meetingId, [
			{ participantId: byName('Jana Dvořáková'), attendance: 'present' },
			{ participantId: byName('Lucie Veselá'), attendance: 'present' },
			{ participantId: byName('Petr Novák'), attendance: 'excused' },
			{ participantId: byName('Eva Malá'), attendance: 'absent' },
		])
		expect((await page(member, meetingId)).minutes.empty).toBe(true)

		const to = location(await act(member, meetingId, { intent: 'prepare' }))
		expect(to).toBe(`/meetings/${meetingId}?notice=notice.minutesPrepared`)
		const text = await storedText(meetingId)
		expect(text.split('\n')).toEqual([
			'Přítomni',
			'Jana Dvořáková',
			'Lucie Veselá (Člověk v tísni)',
			'Omluveni: Petr Novák',
			'1. Kontaktní místo pro bydlení',
			'',
			'2. Sociální bydlení – novela',
			'',
		])
		expect((await page(member, meetingId)).minutes.empty).toBe(false)
		expect(await status(act(member, meetingId, { intent: 'nonsense' }))).toBe(400)

		// Whatever is written is never overwritten.
		await write(meetingId, 'Paní Dvořáková přivítala přítomné.')
		const again = (await act(convenor, meetingId, { intent: 'prepare' })) as { error: string }
		expect(again.error).toBe('minutes.lifecycle.error.notEmpty')
		expect(await storedText(meetingId)).toContain('Paní Dvořáková přivítala přítomné.')
		expect((await storedText(meetingId)).match(/Přítomni/g)).toHaveLength(1)
	})

	test('without recorded attendance the invited are listed with a note; observers may not prepare', async () => {
		const meetingId = newMeeting()
		addGroupMembers(meetingId, groupId)
		expect(await status(act(observer, meetingId, { intent: 'prepare' }))).toBe(403)
		location(await act(convenor, meetingId, { intent: 'prepare' }))
		const lines = (await storedText(meetingId)).split('\n')
		expect(lines[0]).toBe('Přítomni')
		expect(lines[1]).toMatch(/^Docházka zatím nebyla zapsána/)
		expect(lines).toEqual(expect.arrayContaining(['Jana Dvořáková', 'Petr Novák', 'Eva Malá']))
	})

	test('editors who have the minutes open see the outline appear (it goes through the engine)', async () => {
		const meetingId = newMeeting()
		const { url, realtime } = await startRealtimeServer()
		registerLiveDocuments(realtime.engine.registry)
		try {
			const petr = await connectClient(url, { cookie: member.cookie })
			const name = meetingMinutesDocumentName(meetingId)
			expect(await petr.join(name)).toMatchObject({ ok: true, readOnly: false })
			await waitFor(() => petr.doc(name).synced)
			location(await act(convenor, meetingId, { intent: 'prepare' }))
			await waitFor(() => minutesText(petr.doc(name).doc).includes('2. Sociální bydlení'))
			petr.close()
		} finally {
			registerLiveDocuments(null)
		}
	})
})

describe('sending for comments', () => {
	test('only managers; the deadline is a Prague date, not in the past', async () => {
		const meetingId = newMeeting()
		expect(
			await status(act(member, meetingId, { intent: 'sendForComments', commentsUntil: dateIn(7) })),
		).toBe(403)

		const empty = reply(await act(convenor, meetingId, { intent: 'sendForComments' }))
		expect(empty.error?.commentsUntil).toEqual(['minutes.lifecycle.commentsUntil.required'])
		const past = reply(
			await act(convenor, meetingId, { intent: 'sendForComments', commentsUntil: dateIn(-1) }),
		)
		expect(past.error?.commentsUntil).toEqual(['minutes.lifecycle.commentsUntil.past'])
		const nonsense = reply(
			await act(convenor, meetingId, { intent: 'sendForComments', commentsUntil: '2026-02-30' }),
		)
		expect(nonsense.error?.commentsUntil).toEqual(['minutes.lifecycle.commentsUntil.invalid'])
		expect(minutesRow(meetingId).minutesState).toBe('draft')

		const until = dateIn(10)
		location(await act(convenor, meetingId, { intent: 'sendForComments', commentsUntil: until }))
		const row = minutesRow(meetingId)
		expect(row.minutesState).toBe('comments')
		// Open until the end of that day in Prague.
		expect(utcToPragueLocal(row.commentsUntil!)).toBe(`${until}T23:59`)

		// Everyone sees the deadline; writers keep writing.
		const seen = await page(observer, meetingId)
		expect(seen.minutes.minutesState).toBe('comments')
		expect(seen.minutes.commentsUntil).toEqual(row.commentsUntil)
		expect((await page(member, meetingId)).canWrite).toBe(true)
		expect(await resolve(member, meetingId)).toBe('write')

		// Today is still fine (e.g. moving the deadline).
		location(
			await act(convenor, meetingId, { intent: 'sendForComments', commentsUntil: dateIn(0) }),
		)
	})
})

describe('approving, publishing and correcting', () => {
	test('approval needs a held meeting and a manager; then the minutes are frozen for everyone', async () => {
		const meetingId = newMeeting()
		await write(meetingId, 'Skupina projednala novelu zákona o podpoře bydlení.')
		location(
			await act(convenor, meetingId, { intent: 'sendForComments', commentsUntil: dateIn(3) }),
		)

		const early = (await act(convenor, meetingId, { intent: 'approve' })) as { error: string }
		expect(early.error).toBe('minutes.lifecycle.error.notHeld')
		markMeetingHeld(meetingId)
		expect(await status(act(member, meetingId, { intent: 'approve' }))).toBe(403)

		const to = location(await act(convenor, meetingId, { intent: 'approve' }))
		expect(to).toBe(`/meetings/${meetingId}?notice=notice.minutesApproved`)
		expect(minutesRow(meetingId)).toMatchObject({
			state: 'minutes_approved',
			minutesState: 'approved',
			commentsUntil: null,
		})
		const [approval] = approvals(meetingId)
		expect(approval).toMatchObject({ approvedById: convenor.id, note: null, publishedAt: null })

		// The frozen version holds the text and opens in the version view.
		const version = await versionLoader({
			request: get(`/meetings/${meetingId}/versions/${approval!.versionId}`, observer),
			params: { meetingId, versionId: approval!.versionId },
			context,
		})
		expect(version.version.name).toBe('Schválený zápis')
		const versionDoc = docFromState(Buffer.from(version.state, 'base64'))
		expect(minutesText(versionDoc)).toContain('novelu zákona o podpoře bydlení')
		versionDoc.destroy()

		// Read-only for everyone, the convenor and administrators included.
		for (const who of [admin, convenor, member]) {
			expect(await resolve(who, meetingId)).toBe('read')
			expect((await page(who, meetingId)).canWrite).toBe(false)
		}
		expect(await resolveDocument(member, `meeting:${meetingId}:agenda`)).toBe('write')
		expect(await status(act(convenor, meetingId, { intent: 'prepare' }))).toBe(403)
		const twice = (await act(convenor, meetingId, { intent: 'approve' })) as { error: string }
		expect(twice.error).toBe('minutes.lifecycle.error.alreadyApproved')
	})

	test('publishing: only approved minutes of a public meeting', async () => {
		const internal = newMeeting('members')
		markMeetingHeld(internal)
		const tooEarly = (await act(convenor, internal, { intent: 'publish' })) as { error: string }
		expect(tooEarly.error).toBe('minutes.lifecycle.error.notPublic')
		location(await act(convenor, internal, { intent: 'approve' }))
		const refused = (await act(convenor, internal, { intent: 'publish' })) as { error: string }
		expect(refused.error).toBe('minutes.lifecycle.error.notPublic')
		expect(minutesRow(internal).minutesState).toBe('approved')

		const open = newMeeting('public')
		markMeetingHeld(open)
		const draft = (await act(convenor, open, { intent: 'publish' })) as { error: string }
		expect(draft.error).toBe('minutes.lifecycle.error.notApproved')
		location(await act(convenor, open, { intent: 'approve' }))
		expect(await status(act(member, open, { intent: 'publish' }))).toBe(403)
		location(await act(convenor, open, { intent: 'publish' }))
		expect(minutesRow(open).minutesState).toBe('published')
		expect(approvals(open)[0]!.publishedAt).toBeInstanceOf(Date)
		expect(await resolve(convenor, open)).toBe('read')
	})

	test('a correction: managers write, the re-approval needs a note, old versions stay readable', async () => {
		const meetingId = newMeeting('public')
		await write(meetingId, 'Přítomno bylo 12 organizací.')
		markMeetingHeld(meetingId)
		location(await act(convenor, meetingId, { intent: 'approve' }))
		location(await act(convenor, meetingId, { intent: 'publish' }))

		expect(await status(act(member, meetingId, { intent: 'correct' }))).toBe(403)
		const to = location(await act(convenor, meetingId, { intent: 'correct' }))
		expect(to).toBe(`/meetings/${meetingId}?notice=notice.minutesCorrection`)
		expect(minutesRow(meetingId).minutesState).toBe('draft')
		// During the correction only managers write.
		expect(await resolve(convenor, meetingId)).toBe('write')
		expect(await resolve(admin, meetingId)).toBe('write')
		expect(await resolve(member, meetingId)).toBe('read')
		expect(await resolve(observer, meetingId)).toBe('read')
		expect((await page(convenor, meetingId)).canWrite).toBe(true)
		const memberView = await page(member, meetingId)
		expect(memberView.canWrite).toBe(false)
		expect(memberView.minutes.inCorrection).toBe(true)
		// Comments are not reopened for a correction.
		const comments = (await act(convenor, meetingId, {
			intent: 'sendForComments',
			commentsUntil: dateIn(2),
		})) as { error: string }
		expect(comments.error).toBe('minutes.lifecycle.error.notDraft')

		await write(meetingId, 'Oprava: přítomno bylo 13 organizací.')
		const noNote = reply(await act(convenor, meetingId, { intent: 'approve', note: '  ' }))
		expect(noNote.error?.note).toEqual(['minutes.lifecycle.note.required'])
		expect(minutesRow(meetingId).minutesState).toBe('draft')

		const again = location(
			await act(convenor, meetingId, { intent: 'approve', note: 'Opraven počet organizací.' }),
		)
		// Published before, so the correction is published at once.
		expect(again).toBe(`/meetings/${meetingId}?notice=notice.minutesApprovedPublished`)
		const both = approvals(meetingId)
		expect(both).toHaveLength(2)
		expect(both[1]).toMatchObject({ note: 'Opraven počet organizací.', approvedById: convenor.id })
		expect(both[1]!.publishedAt).toBeInstanceOf(Date)
		expect(minutesRow(meetingId).minutesState).toBe('published')
		expect(await resolve(convenor, meetingId)).toBe('read')

		// Both versions are listed on the page and each still reads as it was approved.
		const listed = (await page(observer, meetingId)).minutes.approvals
		expect(listed.map((a) => a.note)).toEqual(['Opraven počet organizací.', null])
		expect(listed[0]!.approverName).toBe('Jana Dvořáková')
		const texts = await Promise.all(
			both.map(async (approval) => {
				const { state } = await versionLoader({
					request: get(`/meetings/${meetingId}/versions/${approval.versionId}`, observer),
					params: { meetingId, versionId: approval.versionId },
					context,
				})
				const doc = docFromState(Buffer.from(state, 'base64'))
				const text = minutesText(doc)
				doc.destroy()
				return text
			}),
		)
		expect(texts[0]).not.toContain('Oprava')
		expect(texts[1]).toContain('Oprava: přítomno bylo 13 organizací.')
	})

	test('approval turns open editors into readers at once; a correction lets the convenor write again', async () => {
		const meetingId = newMeeting()
		markMeetingHeld(meetingId)
		const { url, realtime } = await startRealtimeServer()
		registerLiveDocuments(realtime.engine.registry)
		try {
			const name = meetingMinutesDocumentName(meetingId)
			const petr = await connectClient(url, { cookie: member.cookie })
			const jana = await connectClient(url, { cookie: convenor.cookie })
			await petr.join(name)
			await jana.join(name)
			await waitFor(() => petr.doc(name).synced && jana.doc(name).synced)
			const type = (client: typeof petr, text: string) => {
				const paragraph = new Y.XmlElement('paragraph')
				paragraph.insert(0, [new Y.XmlText(text)])
				client.doc(name).doc.getXmlFragment(MINUTES_FIELD).push([paragraph])
			}
			type(petr, 'Petr: návrh usnesení.')
			await waitFor(async () => (await storedText(meetingId)).includes('Petr: návrh usnesení.'))

			location(await act(convenor, meetingId, { intent: 'approve' }))
			// The version holds what was typed before the approval.
			const [approval] = approvals(meetingId)
			const version = await versionLoader({
				request: get(`/meetings/${meetingId}/versions/${approval!.versionId}`, member),
				params: { meetingId, versionId: approval!.versionId },
				context,
			})
			const frozen = docFromState(Buffer.from(version.state, 'base64'))
			expect(minutesText(frozen)).toContain('Petr: návrh usnesení.')
			frozen.destroy()
			// Both were asked to join again and are readers now; typing is refused.
			await waitFor(() => petr.doc(name).joined && petr.doc(name).readOnly)
			await waitFor(() => jana.doc(name).joined && jana.doc(name).readOnly)
			type(petr, 'Pozdní změna')
			await waitFor(() => petr.doc(name).refusals.includes('read_only'))
			expect(await storedText(meetingId)).not.toContain('Pozdní změna')

			location(await act(convenor, meetingId, { intent: 'correct' }))
			await waitFor(() => jana.doc(name).joined && !jana.doc(name).readOnly)
			await waitFor(() => petr.doc(name).joined && petr.doc(name).readOnly)
			petr.close()
			jana.close()
		} finally {
			registerLiveDocuments(null)
		}
	})
})

describe('exports', () => {
	const loaders = { pdf: pdfLoader, docx: docxLoader, md: markdownLoader }

	async function download(format: keyof typeof loaders, meetingId: string, query = '') {
		const response = await loaders[format]({
			request: get(`/meetings/${meetingId}/minutes.${format}${query}`, observer),
			params: { meetingId },
			context,
		})
		const data = await bytes(response)
		if (format === 'md') return data.toString('utf8')
		if (format === 'docx') return docxText(data)
		return (await pdfText(data)).text
	}

	test('attendance with organisations, numbered decisions with votes, and the approved version', async () => {
		const meetingId = newMeeting()
		addGroupMembers(meetingId, groupId)
		addGuest(meetingId, { guestName: 'Ondřej Šťastný', guestOrganisation: 'Úřad práce ČR' })
		const people = listParticipants(meetingId)
		const id = (name: string) => people.find((p) => p.name === name)!.id
		setAttendance(meetingId, [
			{ participantId: id('Jana Dvořáková'), attendance: 'present' },
			{ participantId: id('Ondřej Šťastný'), attendance: 'present' },
			{ participantId: id('Petr Novák'), attendance: 'excused' },
			{ participantId: id('Eva Malá'), attendance: 'absent' },
		])
		const meeting = { id: meetingId, groupId, startsAt: new Date('2026-11-18T08:00:00Z') }
		const first = createDecision(
			meeting,
			{
				text: 'Skupina doporučuje zřídit kontaktní místo pro bydlení.',
				votesFor: 2,
				votesAgainst: 0,
				votesAbstain: 0,
				rule: 'majority_of_present',
			} as DecisionInput,
			convenor.id,
		)
		createDecision(
			meeting,
			{ text: 'Příští setkání se koná v lednu.' } as DecisionInput,
			convenor.id,
		)
		await write(meetingId, 'Diskuse o dostupnosti nájemního bydlení.')

		for (const format of ['pdf', 'docx', 'md'] as const) {
			const text = (await download(format, meetingId, '?includeAttendance=1')).replace(/\\/g, '')
			expect(text, format).toContain('Přítomni')
			expect(text, format).toContain('Ondřej Šťastný (Úřad práce ČR)')
			expect(text, format).toContain('Omluveni')
			expect(text, format).toContain('Petr Novák')
			expect(text, format).toContain('Usnesení')
			expect(text, format).toContain(`Usnesení č. ${first.number}:`)
			expect(text, format).toContain('zřídit kontaktní místo pro bydlení')
			expect(text, format).toMatch(/pro 2, proti 0, zdrželo se 0 \(většina přítomných\) – přijato/)
			expect(text, format).toContain('Příští setkání se koná v lednu.')
			expect(text, format).not.toContain('Schválené znění')
		}
		// Without the option, no attendance list (decisions stay).
		const plain = await download('md', meetingId)
		expect(plain).not.toContain('Ondřej Šťastný')
		expect(plain).toContain('Usnesení')

		markMeetingHeld(meetingId)
		location(await act(convenor, meetingId, { intent: 'approve' }))
		const approvedAt = approvals(meetingId)[0]!.approvedAt
		// Later changes to the stored document (none can come through the engine) are not exported.
		await write(meetingId, 'Text mimo schválené znění.')
		for (const format of ['pdf', 'docx', 'md'] as const) {
			const text = await download(format, meetingId)
			expect(text, format).toContain('Diskuse o dostupnosti nájemního bydlení.')
			expect(text, format).not.toContain('Text mimo schválené znění.')
			expect(text, format).toContain('Schválené znění ze dne')
		}
		const md = await download('md', meetingId)
		const day = utcToPragueLocal(approvedAt).slice(0, 10).split('-').map(Number)
		expect(md).toContain(`${day[2]}. ${day[1]}. ${day[0]}`)
	})
})
