import { beforeAll, describe, expect, test } from 'vitest'
import { createGroup } from '#app/groups/groups.server.ts'
import { action, loader } from '#app/routes/meetings.$meetingId_.decisions.tsx'
import { decisionOutcome, listDecisionsForMeeting } from '#app/tasks/decisions.server.ts'
import { getDb } from '#db/client.ts'
import { agendaItems, decisions, meetingParticipants, meetings } from '#db/schema.ts'
import {
	get,
	location,
	type Person,
	post,
	reply,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { KOLIN_GROUP, network } from '#tests/setup/network-fixture.ts'

let convenor: Person
let member: Person
let observer: Person
let outsider: Person
let groupA: string
let groupB: string

beforeAll(async () => {
	;({
		convenor,
		member,
		observer,
		outsider,
		groupId: groupA,
	} = await network({
		roles: ['convenor', 'member', 'observer', 'outsider'],
		group: {
			name: 'Pracovní skupina Bydlení Liberec',
			kind: 'pracovni_skupina_kp',
			scope: 'orp',
			orpKod: '5105',
		},
	}))
	groupB = createGroup(KOLIN_GROUP, convenor.id).id
})

function meeting(groupId: string, startsAt: string, title = 'Setkání pracovní skupiny') {
	return getDb()
		.insert(meetings)
		.values({ groupId, title, startsAt: new Date(startsAt) })
		.returning({ id: meetings.id })
		.get().id
}

function addDecision(who: Person, meetingId: string, fields: Record<string, string>) {
	return action({
		request: post(`/meetings/${meetingId}/decisions`, who, {
			intent: 'decision-create',
			...fields,
		}),
		params: { meetingId },
		context,
	})
}

function numbers(meetingId: string) {
	return listDecisionsForMeeting(meetingId).map((decision) => decision.number)
}

describe('majority rules', () => {
	const votes = (votesFor: number, votesAgainst: number, votesAbstain: number) => ({
		votesFor,
		votesAgainst,
		votesAbstain,
	})

	test('majority of those present: more than half is needed, exactly half is rejected', () => {
		expect(decisionOutcome('majority_of_present', votes(6, 4, 0), 10)).toBe('adopted')
		expect(decisionOutcome('majority_of_present', votes(5, 0, 0), 10)).toBe('rejected')
		expect(decisionOutcome('majority_of_present', votes(5, 4, 0), 9)).toBe('adopted')
		expect(decisionOutcome('majority_of_present', votes(4, 0, 5), 9)).toBe('rejected')
		// Abstentions and absent votes count against under this rule.
		expect(decisionOutcome('majority_of_present', votes(4, 1, 3), 12)).toBe('rejected')
		expect(decisionOutcome('majority_of_present', votes(0, 0, 0), 0)).toBe('rejected')
	})

	test('majority of votes cast: abstentions are cast votes, exactly half is rejected', () => {
		expect(decisionOutcome('majority_of_votes', votes(5, 1, 3), 12)).toBe('adopted')
		expect(decisionOutcome('majority_of_votes', votes(4, 1, 3), 12)).toBe('rejected')
		expect(decisionOutcome('majority_of_votes', votes(3, 2, 1), 12)).toBe('rejected')
		expect(decisionOutcome('majority_of_votes', votes(3, 3, 0), null)).toBe('rejected')
		expect(decisionOutcome('majority_of_votes', votes(1, 0, 0), null)).toBe('adopted')
	})
})

describe('numbering per group and calendar year (Prague)', () => {
	test('numbers run on across the meetings of a group and restart per year and group', async () => {
		const january = meeting(groupA, '2027-01-20T09:00:00Z')
		// 31 Dec 2026 23:30 UTC is already 1 January 2027 in Prague.
		const newYearsNight = meeting(groupA, '2026-12-31T23:30:00Z')
		const december = meeting(groupA, '2026-12-10T09:00:00Z')
		const otherGroup = meeting(groupB, '2027-03-01T09:00:00Z')

		location(await addDecision(convenor, january, { text: 'Skupina schvaluje plán setkání.' }))
		location(await addDecision(member, january, { text: 'Skupina bere na vědomí zprávu KMB.' }))
		location(await addDecision(convenor, newYearsNight, { text: 'Silvestrovská porada.' }))
		location(await addDecision(convenor, december, { text: 'Prosincové usnesení.' }))
		location(await addDecision(convenor, otherGroup, { text: 'Kolínská platforma se ustavuje.' }))

		expect(numbers(january)).toEqual(['1/2027', '2/2027'])
		expect(numbers(newYearsNight)).toEqual(['3/2027'])
		expect(numbers(december)).toEqual(['1/2026'])
		expect(numbers(otherGroup)).toEqual(['1/2027'])
	})
})

describe('recording decisions with votes', () => {
	test('without attendance the number present is typed in; rule, count and outcome are stored', async () => {
		const meetingId = meeting(groupA, '2027-05-12T08:00:00Z')
		location(
			await addDecision(convenor, meetingId, {
				text: 'Skupina doporučuje radě města navýšit počet sociálních bytů.',
				votesFor: '6',
				votesAgainst: '3',
				votesAbstain: '1',
				presentCount: '11',
			}),
		)
		location(
			await addDecision(convenor, meetingId, {
				text: 'Skupina zve na příští setkání zástupce Úřadu práce.',
				votesFor: '5',
				votesAgainst: '0',
				presentCount: '10',
			}),
		)
		location(
			await addDecision(convenor, meetingId, {
				text: 'Skupina schvaluje zápis.',
				votesFor: '5',
				votesAgainst: '0',
				votesAbstain: '5',
				rule: 'majority_of_votes',
			}),
		)
		expect(listDecisionsForMeeting(meetingId)).toMatchObject([
			{
				votesFor: 6,
				votesAgainst: 3,
				votesAbstain: 1,
				presentCount: 11,
				rule: 'majority_of_present',
				outcome: 'adopted',
			},
			// 5 of 10 present is exactly half: rejected; an empty count is stored as 0.
			{ votesFor: 5, votesAgainst: 0, votesAbstain: 0, presentCount: 10, outcome: 'rejected' },
			{ rule: 'majority_of_votes', presentCount: null, outcome: 'rejected' },
		])
	})

	test('a decision without a vote has no outcome; it can be linked to an agenda item', async () => {
		const meetingId = meeting(groupA, '2027-06-02T08:00:00Z')
		getDb()
			.insert(agendaItems)
			.values({ id: 'bod-bydleni', meetingId, position: 0, title: 'Sociální bydlení v Liberci' })
			.run()
		location(
			await addDecision(convenor, meetingId, {
				text: 'Skupina bere na vědomí informaci o kontaktním místě.',
				agendaItemId: 'bod-bydleni',
			}),
		)
		expect(listDecisionsForMeeting(meetingId)).toMatchObject([
			{ agendaItemTitle: 'Sociální bydlení v Liberci', outcome: null, votesFor: null, rule: null },
		])
		const data = await loader({
			request: get(`/meetings/${meetingId}/decisions`, member),
			params: { meetingId },
			context,
		})
		expect(data.agendaItems).toEqual([{ id: 'bod-bydleni', title: 'Sociální bydlení v Liberci' }])
	})

	test('with attendance marked, the present count comes from it', async () => {
		const meetingId = meeting(groupA, '2027-09-15T08:00:00Z')
		const marks = ['present', 'present', 'present', 'absent', 'excused'] as const
		getDb()
			.insert(meetingParticipants)
			.values(marks.map((attendance, i) => ({ meetingId, guestName: `Host ${i}`, attendance })))
			.run()
		const data = await loader({
			request: get(`/meetings/${meetingId}/decisions`, convenor),
			params: { meetingId },
			context,
		})
		expect(data.presentFromAttendance).toBe(3)

		// A typed number is ignored: the attendance list decides.
		location(
			await addDecision(convenor, meetingId, {
				text: 'Skupina volí koordinátorku.',
				votesFor: '2',
				votesAgainst: '1',
				presentCount: '20',
			}),
		)
		expect(listDecisionsForMeeting(meetingId)).toMatchObject([
			{ presentCount: 3, outcome: 'adopted' },
		])

		const tooMany = reply(
			await addDecision(convenor, meetingId, {
				text: 'Skupina volí místopředsedu.',
				votesFor: '2',
				votesAgainst: '2',
			}),
		)
		expect(tooMany.error?.votesFor).toEqual(['decisions.votes.moreThanPresent|present=3|cast=4'])
		expect(tooMany.initialValue).toMatchObject({
			text: 'Skupina volí místopředsedu.',
			votesFor: '2',
			votesAgainst: '2',
		})
		expect(listDecisionsForMeeting(meetingId)).toHaveLength(1)
	})

	test('negative or non-numeric votes, a missing text and a missing present count get Czech field errors; nothing typed is lost', async () => {
		const meetingId = meeting(groupA, '2027-10-01T08:00:00Z')
		const negative = reply(
			await addDecision(convenor, meetingId, {
				text: 'Skupina schvaluje rozpočet.',
				votesFor: '-1',
				votesAgainst: 'dva',
				presentCount: '8',
			}),
		)
		expect(negative.error).toMatchObject({
			votesFor: ['decisions.votes.negative'],
			votesAgainst: ['decisions.votes.notNumber'],
		})
		expect(negative.initialValue).toMatchObject({
			text: 'Skupina schvaluje rozpočet.',
			votesFor: '-1',
			votesAgainst: 'dva',
			presentCount: '8',
		})

		const noPresent = reply(
			await addDecision(convenor, meetingId, { text: 'Hlasování bez počtu.', votesFor: '3' }),
		)
		expect(noPresent.error?.presentCount).toEqual(['decisions.present.required'])

		const noText = reply(
			await addDecision(convenor, meetingId, { text: '  ', votesFor: '3', presentCount: '4' }),
		)
		expect(noText.error?.text).toEqual(['error.required'])
		expect(noText.initialValue).toMatchObject({ votesFor: '3', presentCount: '4' })
		expect(listDecisionsForMeeting(meetingId)).toEqual([])
	})
})

describe('who may record decisions', () => {
	test('only writers add, edit and delete; observers read; outsiders do not learn the meeting exists', async () => {
		const meetingId = meeting(groupA, '2027-11-04T08:00:00Z')
		location(await addDecision(member, meetingId, { text: 'Skupina děkuje hostům.' }))
		const [decision] = listDecisionsForMeeting(meetingId)

		const observerAdds = (await thrown(
			addDecision(observer, meetingId, { text: 'Pozorovatel navrhuje.' }),
		)) as Response
		expect(observerAdds.status).toBe(403)
		const observerDeletes = (await thrown(
			action({
				request: post(`/meetings/${meetingId}/decisions`, observer, {
					intent: 'decision-delete',
					decisionId: decision!.id,
				}),
				params: { meetingId },
				context,
			}),
		)) as Response
		expect(observerDeletes.status).toBe(403)
		const outsiderAdds = (await thrown(
			addDecision(outsider, meetingId, { text: 'Cizí návrh.' }),
		)) as Response
		expect(outsiderAdds.status).toBe(404)
		const outsiderReads = (await thrown(
			loader({
				request: get(`/meetings/${meetingId}/decisions`, outsider),
				params: { meetingId },
				context,
			}),
		)) as Response
		expect(outsiderReads.status).toBe(404)

		const seen = await loader({
			request: get(`/meetings/${meetingId}/decisions`, observer),
			params: { meetingId },
			context,
		})
		expect(seen.canWrite).toBe(false)
		expect(seen.owners).toBeNull()
		expect(seen.decisions.map((d) => d.text)).toEqual(['Skupina děkuje hostům.'])

		// The convenor edits (the number stays) and then deletes it.
		location(
			await action({
				request: post(`/meetings/${meetingId}/decisions`, convenor, {
					intent: 'decision-update',
					decisionId: decision!.id,
					text: 'Skupina děkuje hostům z Úřadu práce.',
					votesFor: '4',
					presentCount: '5',
				}),
				params: { meetingId },
				context,
			}),
		)
		expect(listDecisionsForMeeting(meetingId)).toMatchObject([
			{
				number: decision!.number,
				text: 'Skupina děkuje hostům z Úřadu práce.',
				outcome: 'adopted',
			},
		])
		const indexed = getDb()
			.$client.prepare("SELECT body FROM search_index WHERE kind = 'decision' AND ref_id = ?")
			.get(decision!.id) as { body: string } | undefined
		expect(indexed?.body).toContain('Úřadu práce')

		location(
			await action({
				request: post(`/meetings/${meetingId}/decisions`, convenor, {
					intent: 'decision-delete',
					decisionId: decision!.id,
					// Deleting asks first (decisions-locked.test.ts); this is the confirmed answer.
					confirm: 'yes',
				}),
				params: { meetingId },
				context,
			}),
		)
		expect(
			getDb()
				.select()
				.from(decisions)
				.all()
				.some((d) => d.id === decision!.id),
		).toBe(false)
	})
})
