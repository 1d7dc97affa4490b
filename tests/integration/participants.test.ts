import { beforeAll, describe, expect, test } from 'vitest'
import { createMeeting } from '#app/meetings/meetings.server.ts'
import { listParticipants, listPresent } from '#app/meetings/participants.server.ts'
import { loader as sheetLoader } from '#app/routes/meetings.$meetingId_.attendance[.]pdf.ts'
import {
	action as participantsAction,
	loader as participantsLoader,
} from '#app/routes/meetings.$meetingId_.participants.tsx'
import { getDb } from '#db/client.ts'
import { organisationMembers, organisations, outbox } from '#db/schema.ts'
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
import { bytes, pdfText } from '#tests/setup/read-documents.ts'

let convenor: Person
let member: Person
let observer: Person
let outsider: Person
let groupId: string
let meetingId: string

beforeAll(async () => {
	;({ convenor, member, observer, outsider, groupId } = await network({
		roles: ['convenor', 'member', 'observer', 'outsider'],
		// The participant list and the attendance sheet are sorted by name.
		people: {
			convenor: ['jana.svobodova@liberec.cz', 'Jana Svobodová'],
			member: ['petr.ruzicka@charita-liberec.cz', 'Petr Růžička'],
			observer: ['zdenka.sykorova@kraj-lbc.cz', 'Zdeňka Sýkorová'],
		},
		group: {
			name: 'Pracovní skupina Bydlení Liberec',
			kind: 'platforma_kmb',
			scope: 'orp',
			orpKod: '5105',
		},
	}))
	const charita = getDb()
		.insert(organisations)
		.values({ name: 'Oblastní charita Liberec', kind: 'nno' })
		.returning({ id: organisations.id })
		.get()
	getDb()
		.insert(organisationMembers)
		.values({ organisationId: charita.id, userId: member.id })
		.run()
	meetingId = createMeeting(
		groupId,
		{
			title: 'Setkání pracovní skupiny Bydlení – září',
			startsAt: new Date(Date.now() + 7 * 24 * 60 * 60 * 1000),
			place: 'Magistrát Liberec, nám. Dr. E. Beneše 1, zasedačka č. 124',
		},
		convenor.id,
	).id
})

function act(who: Person, fields: Record<string, string>) {
	return participantsAction({
		request: post(`/meetings/${meetingId}/participants`, who, fields),
		params: { meetingId },
		context,
	})
}

function page(who: Person) {
	return participantsLoader({
		request: get(`/meetings/${meetingId}/participants`, who),
		params: { meetingId },
		context,
	})
}

/** The convenor has invited the whole group and Šárka Čermáková (Úřad práce) as a guest. */
async function inviteGroupAndGuest() {
	location(await act(convenor, { intent: 'inviteGroup' }))
	location(
		await act(convenor, {
			intent: 'addGuest',
			guestName: 'Šárka Čermáková',
			guestOrganisation: 'Úřad práce ČR, KoP Liberec',
			email: '',
		}),
	)
}

describe('the participant list', () => {
	test('members cannot add anyone; outsiders do not see the tab', async () => {
		expect(((await thrown(act(member, { intent: 'inviteGroup' }))) as Response).status).toBe(403)
		expect(((await thrown(page(outsider))) as Response).status).toBe(404)
		expect(listParticipants(meetingId)).toEqual([])
	})

	test('the convenor invites the whole group in one click, then a guest with organisation', async () => {
		expect(location(await act(convenor, { intent: 'inviteGroup' }))).toContain(
			'notice.participantsAdded',
		)
		// A second click adds no one twice.
		location(await act(convenor, { intent: 'inviteGroup' }))
		const bad = reply(
			await act(convenor, {
				intent: 'addGuest',
				guestName: '',
				guestOrganisation: 'Úřad práce ČR, KoP Liberec',
				email: 'neni-email',
			}),
		)
		expect(bad.error?.guestName).toEqual(['error.required'])
		expect(bad.error?.email).toEqual(['meetings.participants.guestEmail.invalid'])
		expect(bad.initialValue).toMatchObject({ guestOrganisation: 'Úřad práce ČR, KoP Liberec' })

		location(
			await act(convenor, {
				intent: 'addGuest',
				guestName: 'Šárka Čermáková',
				guestOrganisation: 'Úřad práce ČR, KoP Liberec',
				email: '',
			}),
		)
		const { participants, invitable } = await page(convenor)
		expect(invitable).toEqual([])
		expect(participants.map((p) => [p.name, p.organisation, p.isGuest])).toEqual([
			['Jana Svobodová', null, false],
			['Petr Růžička', 'Oblastní charita Liberec', false],
			['Šárka Čermáková', 'Úřad práce ČR, KoP Liberec', true],
			['Zdeňka Sýkorová', null, false],
		])
	})

	test('"Poslat pozvánky" invites those with an e-mail once and notes when', async () => {
		await inviteGroupAndGuest()
		expect(location(await act(convenor, { intent: 'send' }))).toContain('notice.invitationsSent')
		const mails = getDb().select({ to: outbox.to, kind: outbox.kind }).from(outbox).all()
		expect(
			mails
				.filter((m) => m.kind === 'meeting-invitation')
				.map((m) => m.to)
				.sort(),
		).toEqual([convenor.email, member.email, observer.email].sort())
		const invited = listParticipants(meetingId)
		expect(invited.find((p) => p.name === 'Petr Růžička')!.invitedAt).toBeInstanceOf(Date)
		expect(invited.find((p) => p.name === 'Šárka Čermáková')!.invitedAt).toBeNull()
		expect(location(await act(convenor, { intent: 'send' }))).toContain('notice.invitationsNone')
	})

	test('each invitee answers for themselves and sees their answer; others cannot', async () => {
		await inviteGroupAndGuest()
		expect((await page(member)).myRsvp).toEqual({ answer: null })
		location(await act(member, { intent: 'rsvp', rsvp: 'accepted' }))
		location(await act(observer, { intent: 'rsvp', rsvp: 'maybe' }))
		location(await act(member, { intent: 'rsvp', rsvp: 'declined' }))
		expect((await page(member)).myRsvp).toEqual({ answer: 'declined' })
		expect((await page(observer)).myRsvp).toEqual({ answer: 'maybe' })
		const list = (await page(convenor)).participants
		expect(list.find((p) => p.name === 'Petr Růžička')!.rsvp).toBe('declined')
		expect(((await thrown(act(member, { intent: 'rsvp', rsvp: 'ano' }))) as Response).status).toBe(
			400,
		)
	})

	test('the convenor marks attendance in one form; "Přítomni" lists who came', async () => {
		await inviteGroupAndGuest()
		const ids = Object.fromEntries(listParticipants(meetingId).map((p) => [p.name, p.id]))
		expect(
			(
				(await thrown(
					act(member, { intent: 'attendance', [`attendance.${ids['Petr Růžička']}`]: 'present' }),
				)) as Response
			).status,
		).toBe(403)
		location(
			await act(convenor, {
				intent: 'attendance',
				[`attendance.${ids['Jana Svobodová']}`]: 'present',
				[`attendance.${ids['Petr Růžička']}`]: 'excused',
				[`attendance.${ids['Šárka Čermáková']}`]: 'present',
				[`attendance.${ids['Zdeňka Sýkorová']}`]: 'absent',
			}),
		)
		expect(listPresent(meetingId).map((p) => p.name)).toEqual(['Jana Svobodová', 'Šárka Čermáková'])
		const list = (await page(observer)).participants
		expect(list.find((p) => p.name === 'Petr Růžička')!.attendance).toBe('excused')
	})
	test('the convenor removes someone added by mistake; members cannot', async () => {
		location(await act(convenor, { intent: 'addGuest', guestName: 'Omylem Přidaný' }))
		const mistaken = listParticipants(meetingId).find((p) => p.name === 'Omylem Přidaný')!
		const error = await thrown(act(member, { intent: 'remove', participantId: mistaken.id }))
		expect((error as Response).status).toBe(403)
		location(await act(convenor, { intent: 'remove', participantId: mistaken.id }))
		expect(listParticipants(meetingId).map((p) => p.name)).not.toContain('Omylem Přidaný')
	})
})

describe('the attendance sheet (prezenční listina)', () => {
	test('a PDF with the meeting, date, place and every Czech name and organisation', async () => {
		await inviteGroupAndGuest()
		const response = await sheetLoader({
			request: get(`/meetings/${meetingId}/attendance.pdf`, observer),
			params: { meetingId },
			context,
		})
		expect(response.headers.get('Content-Type')).toBe('application/pdf')
		const { text } = await pdfText(await bytes(response))
		for (const expected of [
			'Prezenční listina',
			'Setkání pracovní skupiny Bydlení – září',
			'Magistrát Liberec, nám. Dr. E. Beneše 1, zasedačka č. 124',
			'Jana Svobodová',
			'Petr Růžička',
			'Oblastní charita Liberec',
			'Šárka Čermáková',
			'Úřad práce ČR, KoP Liberec',
			'Zdeňka Sýkorová',
			'Podpis',
		]) {
			expect(text).toContain(expected)
		}
	})

	test('outsiders get 404', async () => {
		const error = await thrown(
			sheetLoader({
				request: get(`/meetings/${meetingId}/attendance.pdf`, outsider),
				params: { meetingId },
				context,
			}),
		)
		expect((error as Response).status).toBe(404)
	})
})
