import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { createMeeting, markMeetingHeld } from '#app/meetings/meetings.server.ts'
import {
	action as decisionsAction,
	loader as decisionsLoader,
} from '#app/routes/meetings.$meetingId_.decisions.tsx'
import { action as lifecycleAction } from '#app/routes/meetings.$meetingId_.minutes-lifecycle.ts'
import { loader as publicLoader } from '#app/routes/verejne.zapisy.$meetingId.tsx'
import { createDecision, listDecisionsForMeeting } from '#app/tasks/decisions.server.ts'
import type { DecisionInput } from '#app/tasks/decision.schema.ts'
import { getDb } from '#db/client.ts'
import { meetings, type MeetingVisibility } from '#db/schema.ts'
import {
	answered,
	get,
	location,
	type Person,
	post,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'
import { editStoredMinutes } from '#tests/setup/stored-minutes.ts'

/**
 * Finding 6 of issue 10: the decisions (usnesení) belong to the approved minutes. Once the
 * minutes are approved nobody changes or deletes them (a guest once changed the public page);
 * only a correction of the minutes lets the managers change them; deleting always asks first.
 */

let people: Record<'admin' | 'convenor' | 'member' | 'guest' | 'observer', Person>
let groupId: string

beforeAll(async () => {
	const made = await network({
		roles: ['admin', 'convenor', 'member', 'guest', 'observer'],
		people: {
			admin: ['spravce@rumburk.cz', 'Správce Síťovky'],
			convenor: ['martin.kral@rumburk.cz', 'Martin Král'],
			member: ['alena.sykorova@kmb-rumburk.cz', 'Alena Sýkorová'],
			guest: ['zdenek.hruska@romodrom.cz', 'Zdeněk Hruška'],
			observer: ['jana.mala@kr-ustecky.cz', 'Jana Malá'],
		},
		group: { name: 'Síťování ORP Rumburk', kind: 'platforma_kmb', scope: 'orp', orpKod: '4212' },
	})
	const { groupId: id, ...rest } = made
	people = rest
	groupId = id
})

const FIRST = 'Síť schvaluje společný leták o dluhovém poradenství.'
const SECOND = 'Příští setkání se koná 11. února 2026 v Rumburku.'

function lifecycle(who: Person, meetingId: string, fields: Record<string, string>) {
	return lifecycleAction({
		request: post(`/meetings/${meetingId}/minutes-lifecycle`, who, fields),
		params: { meetingId },
		context,
	})
}

function decisionsPost(who: Person, meetingId: string, fields: Record<string, string>) {
	return decisionsAction({
		request: post(`/meetings/${meetingId}/decisions`, who, fields),
		params: { meetingId },
		context,
	})
}

/** A held meeting of January 2026 with minutes and two usnesení (numbered n/2026 in the group). */
async function heldMeeting(visibility: MeetingVisibility) {
	const startsAt = new Date('2026-01-14T08:00:00Z')
	const meetingId = createMeeting(
		groupId,
		{ title: 'Setkání sítě Šluknovsko – leden', startsAt, visibility },
		people.convenor.id,
	).id
	for (const text of [FIRST, SECOND]) {
		createDecision(
			{ id: meetingId, groupId, startsAt },
			{ text } as DecisionInput,
			people.convenor.id,
		)
	}
	await editStoredMinutes(meetingId, people.convenor.id, (fragment) => {
		const paragraph = new Y.XmlElement('paragraph')
		paragraph.insert(0, [new Y.XmlText('Poradna rozšířila úřední hodiny.')])
		fragment.push([paragraph])
	})
	markMeetingHeld(meetingId)
	return meetingId
}

/** The held meeting with its minutes approved and, for a public one, published. */
async function approvedMeeting(visibility: MeetingVisibility) {
	const meetingId = await heldMeeting(visibility)
	location(await lifecycle(people.convenor, meetingId, { intent: 'approve' }))
	if (visibility === 'public') {
		location(await lifecycle(people.convenor, meetingId, { intent: 'publish' }))
	}
	return meetingId
}

async function publicPage(meetingId: string) {
	return JSON.stringify(
		await publicLoader({
			request: get(`/verejne/zapisy/${meetingId}`, null),
			params: { meetingId },
			context,
		}),
	)
}

function stored(meetingId: string) {
	return listDecisionsForMeeting(meetingId).map(({ id, number, text }) => ({ id, number, text }))
}

/** A refusal's status and message key. */
async function refusal(promise: Promise<unknown>) {
	const response = (await thrown(promise)) as Response
	expect(response).toBeInstanceOf(Response)
	const body = (await response.json().catch(() => null)) as { error?: string } | null
	return { status: response.status, key: body?.error ?? null }
}

describe('approved minutes: the decisions are part of the record', () => {
	test('nobody edits, deletes or adds a decision of published minutes; the public page stays as it was', async () => {
		const meetingId = await approvedMeeting('public')
		const before = await publicPage(meetingId)
		expect(before).toContain(FIRST)
		const decisions = stored(meetingId)
		expect(decisions.map((d) => d.number)).toEqual([
			expect.stringMatching(/^\d+\/2026$/),
			expect.stringMatching(/^\d+\/2026$/),
		])
		const [first] = decisions

		for (const who of ['admin', 'convenor', 'member', 'guest', 'observer'] as const) {
			const update = await refusal(
				decisionsPost(people[who], meetingId, {
					intent: 'decision-update',
					decisionId: first!.id,
					text: 'Síť leták neschvaluje.',
				}),
			)
			const remove = await refusal(
				decisionsPost(people[who], meetingId, {
					intent: 'decision-delete',
					decisionId: first!.id,
					confirm: 'yes',
				}),
			)
			const add = await refusal(
				decisionsPost(people[who], meetingId, {
					intent: 'decision-create',
					text: 'Dodatečné usnesení.',
				}),
			)
			for (const [what, answer] of Object.entries({ update, remove, add })) {
				expect(answer.status, `${who} ${what}`).toBe(403)
				// Those who could write before are told why; the observer never could.
				expect(answer.key, `${who} ${what}`).toBe(
					who === 'observer' ? 'error.forbidden' : 'decisions.locked.approved',
				)
			}
		}
		expect(stored(meetingId)).toEqual(decisions)
		expect(await publicPage(meetingId)).toBe(before)
	})

	test('approved but not published minutes are locked the same way', async () => {
		const meetingId = await approvedMeeting('members')
		const [first] = stored(meetingId)
		const answer = await refusal(
			decisionsPost(people.convenor, meetingId, {
				intent: 'decision-update',
				decisionId: first!.id,
				text: 'Jiné znění.',
			}),
		)
		expect(answer).toEqual({ status: 403, key: 'decisions.locked.approved' })
		expect(stored(meetingId)[0]!.text).toBe(FIRST)
	})

	test('the page offers no edit or delete and says how a mistake is corrected', async () => {
		const meetingId = await approvedMeeting('public')
		const [first] = stored(meetingId)
		const page = await decisionsLoader({
			request: get(`/meetings/${meetingId}/decisions?decision=${first!.id}`, people.convenor),
			params: { meetingId },
			context,
		})
		expect(page.canChangeDecisions).toBe(false)
		expect(page.decisionsLock).toBe('decisions.locked.approved')
		expect(page.editDecision).toBeNull()
		// Tasks are work still to do: they stay writable.
		expect(page.canWrite).toBe(true)
	})

	test('a change slipping in after the page was read is refused in the same transaction', async () => {
		const meetingId = await heldMeeting('members')
		const [first] = stored(meetingId)
		// The minutes are frozen behind the page's back (as an approval would).
		getDb()
			.update(meetings)
			.set({ minutesState: 'approved' })
			.where(eq(meetings.id, meetingId))
			.run()
		const answer = await refusal(
			decisionsPost(people.member, meetingId, {
				intent: 'decision-delete',
				decisionId: first!.id,
				confirm: 'yes',
			}),
		)
		expect(answer).toEqual({ status: 403, key: 'decisions.locked.approved' })
		expect(stored(meetingId)).toHaveLength(2)
	})
})

describe('the correction flow: managers only, with a note, a new version', () => {
	test('during a correction only managers change decisions; the correction is approved with a note', async () => {
		const meetingId = await approvedMeeting('public')
		const published = await publicPage(meetingId)
		const [first] = stored(meetingId)
		location(await lifecycle(people.convenor, meetingId, { intent: 'correct' }))

		for (const who of ['member', 'guest'] as const) {
			const answer = await refusal(
				decisionsPost(people[who], meetingId, {
					intent: 'decision-update',
					decisionId: first!.id,
					text: 'Síť leták neschvaluje.',
				}),
			)
			expect(answer, who).toEqual({ status: 403, key: 'decisions.locked.managers' })
		}
		const corrected = 'Síť schvaluje společný leták o dluhovém a energetickém poradenství.'
		location(
			await decisionsPost(people.convenor, meetingId, {
				intent: 'decision-update',
				decisionId: first!.id,
				text: corrected,
			}),
		)
		expect(stored(meetingId)[0]).toMatchObject({ number: first!.number, text: corrected })
		// Until the correction is approved, the public page shows the decisions as published.
		expect(await publicPage(meetingId)).toBe(published)

		// The corrected minutes need a note of what changed, then become a new approved version.
		const noNote = answered(await lifecycle(people.convenor, meetingId, { intent: 'approve' }))
		expect(noNote.status).toBe(400)
		location(
			await lifecycle(people.convenor, meetingId, {
				intent: 'approve',
				note: `Oprava znění usnesení ${first!.number}.`,
			}),
		)
		const republished = await publicPage(meetingId)
		expect(republished).toContain(corrected)
		expect(republished).not.toContain(FIRST)
		// Frozen again.
		const again = await refusal(
			decisionsPost(people.convenor, meetingId, {
				intent: 'decision-update',
				decisionId: first!.id,
				text: FIRST,
			}),
		)
		expect(again).toEqual({ status: 403, key: 'decisions.locked.approved' })
	})
})

describe('deleting asks first', () => {
	test('without the confirmation the decision stays and the page asks; confirmed, it is gone', async () => {
		const meetingId = await heldMeeting('members')
		const [first, second] = stored(meetingId)
		const asked = answered(
			await decisionsPost(people.member, meetingId, {
				intent: 'decision-delete',
				decisionId: first!.id,
			}),
		)
		expect(asked.status).toBe(400)
		expect(asked.payload).toEqual({
			form: 'decision-delete',
			confirm: { id: first!.id, number: first!.number },
		})
		expect(stored(meetingId)).toHaveLength(2)

		location(
			await decisionsPost(people.member, meetingId, {
				intent: 'decision-delete',
				decisionId: first!.id,
				confirm: 'yes',
			}),
		)
		expect(stored(meetingId)).toEqual([second])
	})

	test('an invalid decision form answers 400 and keeps what was typed', async () => {
		const meetingId = await heldMeeting('members')
		const invalid = answered(
			await decisionsPost(people.member, meetingId, {
				intent: 'decision-create',
				text: '',
				votesFor: 'sedm',
			}),
		)
		expect(invalid.status).toBe(400)
		const result = (invalid.payload as { result: { initialValue?: Record<string, unknown> } })
			.result
		expect(result.initialValue).toMatchObject({ votesFor: 'sedm' })
	})
})
