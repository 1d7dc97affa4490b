import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { hashToken } from '#app/auth/tokens.server.ts'
import { pragueLocalToUtc } from '#app/meetings/prague-time.ts'
import { formatSlot } from '#app/polls/poll-format.ts'
import { pollTotals } from '#app/polls/poll-results.ts'
import { getPoll } from '#app/polls/polls.server.ts'
import {
	action as pollAction,
	loader as pollLoader,
} from '#app/routes/meetings.$meetingId_.poll.tsx'
import { action as guestAction, loader as guestLoader } from '#app/routes/poll.$token.tsx'
import { getDb } from '#db/client.ts'
import { meetingParticipants, meetings, outbox, pollRespondents } from '#db/schema.ts'
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

let admin: Person
let convenor: Person
let member: Person
let observer: Person
let outsider: Person
let groupId: string

beforeAll(async () => {
	;({ admin, convenor, member, observer, outsider, groupId } = await network())
})

function newMeeting(title = 'Pracovní skupina Bydlení') {
	return getDb()
		.insert(meetings)
		.values({
			groupId,
			title,
			startsAt: new Date('2027-01-01T09:00:00Z'),
			state: 'draft',
			createdById: convenor.id,
		})
		.returning({ id: meetings.id })
		.get().id
}

const pollPath = (meetingId: string) => `/meetings/${meetingId}/poll`

async function act(meetingId: string, who: Person, fields: Record<string, string>) {
	return pollAction({
		request: post(pollPath(meetingId), who, fields),
		params: { meetingId },
		context,
	})
}

async function load(meetingId: string, who: Person) {
	return pollLoader({ request: get(pollPath(meetingId), who), params: { meetingId }, context })
}

/** Adds a slot; returns the guest link's token when this slot opened the poll (else null). */
async function addSlot(meetingId: string, date: string, start: string, end: string) {
	const result = await act(meetingId, convenor, { intent: 'add-slot', date, start, end })
	expect(location(result)).toContain('notice=notice.pollSlotAdded')
	const setCookie = (result as Response).headers.get('Set-Cookie') ?? ''
	return new RegExp(`^sitovka_poll_link_${meetingId}=([a-z2-7]+);`).exec(setCookie)?.[1] ?? null
}

async function slotIds(meetingId: string) {
	return (await load(meetingId, convenor)).poll.slots.map((slot) => slot.id)
}

function meetingRow(meetingId: string) {
	return getDb().select().from(meetings).where(eq(meetings.id, meetingId)).get()!
}

describe('slots', () => {
	test('a convenor adds slots in Prague time; the first opens the poll with a guest link', async () => {
		const meetingId = newMeeting()
		const token = await addSlot(meetingId, '2027-01-13', '15:00', '17:00')
		expect(await addSlot(meetingId, '2027-07-06', '9:30', '11:00')).toBeNull()
		const data = await load(meetingId, convenor)
		expect(data.poll.status).toBe('open')
		expect(data.poll.slots.map((slot) => slot.startsAt)).toEqual([
			pragueLocalToUtc('2027-01-13T15:00'),
			pragueLocalToUtc('2027-07-06T09:30'),
		])
		// 15:00 in Prague in winter is 14:00 UTC; 9:30 in summer is 7:30 UTC.
		expect(data.poll.slots[0]!.startsAt.toISOString()).toBe('2027-01-13T14:00:00.000Z')
		expect(data.poll.slots[1]!.endsAt.toISOString()).toBe('2027-07-06T09:00:00.000Z')
		expect(formatSlot(data.poll.slots[0]!.startsAt, data.poll.slots[0]!.endsAt, 'cs')).toBe(
			'st 13. 1. 2027, 15:00–17:00',
		)
		// 6 July is Jan Hus Day, a public holiday.
		expect(data.poll.slots[0]!.holiday).toBeNull()
		expect(data.poll.slots[1]!.holiday).toBe('Den upálení mistra Jana Husa')
		const row = meetingRow(meetingId)
		expect(row.state).toBe('scheduling')
		expect(token).toMatch(/^[a-z2-7]{24}$/)
		// Only the link's hash is stored; the link is shown in the convenor's browser.
		expect(row.pollTokenHash).toBe(hashToken(token!))
		expect(data.guestUrl).toBeNull()
		const linkCookie = {
			...convenor,
			cookie: `${convenor.cookie}; sitovka_poll_link_${meetingId}=${token}`,
		}
		expect((await load(meetingId, linkCookie)).guestUrl).toBe(`http://localhost:3000/poll/${token}`)
		// Members see the poll but not the guest link.
		const memberWithCookie = {
			...member,
			cookie: `${member.cookie}; sitovka_poll_link_${meetingId}=${token}`,
		}
		expect((await load(meetingId, memberWithCookie)).guestUrl).toBeNull()
	})

	test('a slot in the past or ending before it starts is refused in Czech, values kept', async () => {
		const meetingId = newMeeting()
		const past = reply(
			await act(meetingId, convenor, {
				intent: 'add-slot',
				date: '2020-03-10',
				start: '10:00',
				end: '12:00',
			}),
		)
		expect(past.error?.date).toEqual(['polls.slot.past'])
		expect(past.error?.end).toBeUndefined()
		expect(past.initialValue).toMatchObject({ date: '2020-03-10', start: '10:00', end: '12:00' })

		const backwards = reply(
			await act(meetingId, convenor, {
				intent: 'add-slot',
				date: '2027-02-10',
				start: '14:00',
				end: '13:30',
			}),
		)
		expect(backwards.error?.end).toEqual(['polls.slot.endBeforeStart'])
		expect(backwards.error?.date).toBeUndefined()
		expect(backwards.initialValue).toMatchObject({
			date: '2027-02-10',
			start: '14:00',
			end: '13:30',
		})

		const nonsense = reply(
			await act(meetingId, convenor, {
				intent: 'add-slot',
				date: '2027-02-30',
				start: '25:00',
				end: '',
			}),
		)
		expect(nonsense.error?.date).toEqual(['polls.slot.date.invalid'])
		expect(nonsense.error?.start).toEqual(['polls.slot.time.invalid'])
		expect(nonsense.error?.end).toEqual(['error.required'])
		expect(nonsense.initialValue).toMatchObject({ date: '2027-02-30', start: '25:00' })

		const typo = reply(
			await act(meetingId, convenor, {
				intent: 'add-slot',
				date: '20277-02-10',
				start: '9.30',
				end: '11:00',
			}),
		)
		expect(typo.error?.date).toEqual(['polls.slot.date.invalid'])
		expect(typo.error?.start).toBeUndefined()

		expect((await load(meetingId, convenor)).poll.slots).toEqual([])
		expect(meetingRow(meetingId).state).toBe('draft')
	})

	test('slots are removed while the poll is open; members may not change slots', async () => {
		const meetingId = newMeeting()
		await addSlot(meetingId, '2027-02-10', '09:00', '11:00')
		await addSlot(meetingId, '2027-02-11', '09:00', '11:00')
		const [first, second] = await slotIds(meetingId)
		const removed = await act(meetingId, convenor, { intent: 'remove-slot', slotId: first! })
		expect(location(removed)).toContain('notice.pollSlotRemoved')
		expect(await slotIds(meetingId)).toEqual([second])

		const forbidden = (await thrown(
			act(meetingId, member, {
				intent: 'add-slot',
				date: '2027-03-01',
				start: '9:00',
				end: '10:00',
			}),
		)) as Response
		expect(forbidden.status).toBe(403)
		const notAllowed = (await thrown(
			act(meetingId, member, { intent: 'remove-slot', slotId: second! }),
		)) as Response
		expect(notAllowed.status).toBe(403)
		expect(await slotIds(meetingId)).toEqual([second])
	})

	test('outsiders do not learn the poll exists', async () => {
		const meetingId = newMeeting()
		const response = (await thrown(load(meetingId, outsider))) as Response
		expect(response.status).toBe(404)
	})
})

describe('answers', () => {
	test('a member answers and changes the answer; the table shows the latest', async () => {
		const meetingId = newMeeting()
		await addSlot(meetingId, '2027-02-10', '09:00', '11:00')
		await addSlot(meetingId, '2027-02-11', '13:00', '15:00')
		const [a, b] = await slotIds(meetingId)
		const first = await act(meetingId, member, {
			intent: 'answer',
			[`answer-${a}`]: 'yes',
			[`answer-${b}`]: 'no',
		})
		expect(location(first)).toContain('notice.pollAnswered')
		const second = await act(meetingId, member, {
			intent: 'answer',
			[`answer-${a}`]: 'maybe',
			[`answer-${b}`]: 'yes',
		})
		expect(location(second)).toContain('notice.pollAnswered')
		const data = await load(meetingId, member)
		expect(data.poll.rows).toHaveLength(1)
		expect(data.poll.rows[0]).toMatchObject({
			name: 'Tomáš Černý',
			isViewer: true,
			isGuest: false,
			answers: { [a!]: 'maybe', [b!]: 'yes' },
		})
		expect(data.myAnswers).toEqual({ [a!]: 'maybe', [b!]: 'yes' })
		// Observers can see the meeting, so they answer too.
		expect(
			location(await act(meetingId, observer, { intent: 'answer', [`answer-${a}`]: 'yes' })),
		).toContain('notice.pollAnswered')
		expect((await load(meetingId, convenor)).poll.totals).toEqual([
			{ slotId: a, yes: 1, maybe: 1, no: 0 },
			{ slotId: b, yes: 1, maybe: 0, no: 0 },
		])
	})

	test('an empty answer is refused with a message and nothing is stored', async () => {
		const meetingId = newMeeting()
		await addSlot(meetingId, '2027-02-10', '09:00', '11:00')
		const result = (await act(meetingId, member, { intent: 'answer' })) as {
			answerError: string
		}
		expect(result.answerError).toBe('polls.answer.required')
		expect((await load(meetingId, member)).poll.rows).toEqual([])
	})

	test('a guest answers by the link without an account and changes it with the cookie', async () => {
		const meetingId = newMeeting()
		const token = (await addSlot(meetingId, '2027-02-10', '09:00', '11:00'))!
		await addSlot(meetingId, '2027-02-11', '13:00', '15:00')
		const [a, b] = await slotIds(meetingId)
		const path = `/poll/${token}`

		const page = await guestLoader({ request: get(path), params: { token }, context })
		expect(page.poll.meeting.title).toBe('Pracovní skupina Bydlení')
		expect(page.poll.slots).toHaveLength(2)
		expect(page).not.toHaveProperty('poll.pollToken')

		const noName = (await guestAction({
			request: post(path, null, { name: '  ', [`answer-${a}`]: 'yes' }),
			params: { token },
			context,
		})) as { nameErrors: string[]; answers: Record<string, string>; name: string }
		expect(noName.nameErrors).toEqual(['error.required'])
		expect(noName.answers).toEqual({ [a!]: 'yes' })

		const answered = await guestAction({
			request: post(path, null, {
				name: 'Jana Nováková (Charita Kolín)',
				[`answer-${a}`]: 'yes',
				[`answer-${b}`]: 'maybe',
			}),
			params: { token },
			context,
		})
		expect(location(answered)).toBe(`${path}?notice=notice.pollAnswered`)
		const setCookie = (answered as Response).headers.get('Set-Cookie')!
		expect(setCookie).toContain('Path=/poll;')
		expect(setCookie).toContain('HttpOnly')
		const editToken = new RegExp(`^sitovka_poll_${meetingId}=([^;]+)`).exec(setCookie)![1]!
		const stored = getDb()
			.select()
			.from(pollRespondents)
			.where(eq(pollRespondents.meetingId, meetingId))
			.all()
		expect(stored).toHaveLength(1)
		expect(stored[0]!.guestTokenHash).toBe(hashToken(editToken))
		expect(stored[0]!.guestTokenHash).not.toContain(editToken)

		const cookie = { cookie: `sitovka_poll_${meetingId}=${editToken}` }
		const again = await guestLoader({ request: get(path, cookie), params: { token }, context })
		expect(again.me?.name).toBe('Jana Nováková (Charita Kolín)')
		expect(again.myAnswers).toEqual({ [a!]: 'yes', [b!]: 'maybe' })

		// The form names the answer it changes, so the guest may also correct the name.
		const changed = await guestAction({
			request: post(path, cookie, {
				respondent: again.me!.id,
				name: 'Jana Nováková',
				[`answer-${a}`]: 'no',
				[`answer-${b}`]: 'yes',
			}),
			params: { token },
			context,
		})
		expect(location(changed)).toContain('notice.pollAnswered')
		const poll = getPoll(meetingId)!
		expect(poll.rows).toHaveLength(1)
		expect(poll.rows[0]).toMatchObject({
			name: 'Jana Nováková',
			isGuest: true,
			answers: { [a!]: 'no', [b!]: 'yes' },
		})

		// Another browser without the cookie is another guest.
		await guestAction({
			request: post(path, null, { name: 'Petr Svoboda', [`answer-${a}`]: 'yes' }),
			params: { token },
			context,
		})
		expect(getPoll(meetingId)!.rows.map((row) => row.name)).toEqual([
			'Jana Nováková',
			'Petr Svoboda',
		])
	})

	test('an unknown guest link is 404', async () => {
		const response = (await thrown(
			guestLoader({ request: get('/poll/neexistuje'), params: { token: 'neexistuje' }, context }),
		)) as Response
		expect(response.status).toBe(404)
	})
})

describe('totals and the best slot', () => {
	test('most yes wins, then most if-need-be; ties are all best; nobody answering means none', () => {
		const slots = ['a', 'b', 'c']
		expect(pollTotals(slots, []).bestSlotIds).toEqual([])
		expect(
			pollTotals(slots, [
				{ slotId: 'a', answer: 'yes' },
				{ slotId: 'a', answer: 'no' },
				{ slotId: 'b', answer: 'yes' },
				{ slotId: 'b', answer: 'maybe' },
				{ slotId: 'c', answer: 'maybe' },
				{ slotId: 'c', answer: 'maybe' },
			]),
		).toEqual({
			totals: [
				{ slotId: 'a', yes: 1, maybe: 0, no: 1 },
				{ slotId: 'b', yes: 1, maybe: 1, no: 0 },
				{ slotId: 'c', yes: 0, maybe: 2, no: 0 },
			],
			bestSlotIds: ['b'],
		})
		expect(
			pollTotals(slots, [
				{ slotId: 'a', answer: 'yes' },
				{ slotId: 'c', answer: 'yes' },
			]).bestSlotIds,
		).toEqual(['a', 'c'])
		expect(pollTotals(slots, [{ slotId: 'b', answer: 'maybe' }]).bestSlotIds).toEqual(['b'])
	})
})

describe('closing', () => {
	test('closing confirms the meeting on the chosen slot, invites the members and refuses later answers', async () => {
		const meetingId = newMeeting('Setkání platformy KMB v únoru')
		const token = (await addSlot(meetingId, '2027-02-10', '09:00', '11:00'))!
		await addSlot(meetingId, '2027-02-11', '13:00', '15:00')
		const [a, b] = await slotIds(meetingId)
		await act(meetingId, member, {
			intent: 'answer',
			[`answer-${a}`]: 'no',
			[`answer-${b}`]: 'yes',
		})
		await act(meetingId, convenor, { intent: 'answer', [`answer-${b}`]: 'yes' })
		const before = await load(meetingId, convenor)
		expect(before.poll.bestSlotIds).toEqual([b])
		const sequenceBefore = meetingRow(meetingId).sequence

		expect(
			((await thrown(act(meetingId, member, { intent: 'close', slotId: b! }))) as Response).status,
		).toBe(403)
		const closed = await act(meetingId, convenor, { intent: 'close', slotId: b! })
		expect(location(closed)).toContain('notice.pollClosed')

		const row = meetingRow(meetingId)
		expect(row.state).toBe('confirmed')
		expect(row.startsAt.toISOString()).toBe('2027-02-11T12:00:00.000Z')
		expect(row.endsAt?.toISOString()).toBe('2027-02-11T14:00:00.000Z')
		expect(row.pollClosedAt).toBeInstanceOf(Date)
		expect(row.sequence).toBe(sequenceBefore + 1)

		// No participants yet: the group's members became participants and were invited.
		const participants = getDb()
			.select()
			.from(meetingParticipants)
			.where(eq(meetingParticipants.meetingId, meetingId))
			.all()
		expect(participants.map((p) => p.userId).sort()).toEqual(
			[convenor.id, member.id, observer.id].sort(),
		)
		expect(participants.every((p) => p.invitedAt instanceof Date)).toBe(true)
		const mails = getDb()
			.select()
			.from(outbox)
			.all()
			.filter((mail) => mail.subject.includes('Setkání platformy KMB v únoru'))
		expect(mails.map((mail) => mail.to).sort()).toEqual(
			[convenor.email, member.email, observer.email].sort(),
		)
		expect(mails.every((mail) => mail.kind === 'meeting-invitation')).toBe(true)
		expect(mails.every((mail) => mail.status === 'stored')).toBe(true)

		// A late answer is refused with a clear message; the form keeps what was chosen.
		const late = (await act(meetingId, member, {
			intent: 'answer',
			[`answer-${a}`]: 'yes',
			[`answer-${b}`]: 'no',
		})) as { answerError: string; answers: Record<string, string> }
		expect(late.answerError).toBe('polls.closed')
		expect(late.answers).toEqual({ [a!]: 'yes', [b!]: 'no' })
		const guestLate = (await guestAction({
			request: post(`/poll/${token}`, null, { name: 'Jana', [`answer-${a}`]: 'yes' }),
			params: { token },
			context,
		})) as { answerError: string; name: string }
		expect(guestLate.answerError).toBe('polls.closed')
		expect(guestLate.name).toBe('Jana')
		// Nothing else was lost: earlier answers stand.
		const after = await load(meetingId, admin)
		expect(after.poll.status).toBe('closed')
		expect(after.poll.rows.find((r) => r.name === 'Tomáš Černý')?.answers).toEqual({
			[a!]: 'no',
			[b!]: 'yes',
		})
		// Slots cannot change on a closed poll.
		const addLate = reply(
			await act(meetingId, convenor, {
				intent: 'add-slot',
				date: '2027-03-01',
				start: '9:00',
				end: '10:00',
			}),
		)
		expect(addLate.error?.['']).toEqual(['polls.closed'])
	})

	test('closing on a slot that is not offered is refused', async () => {
		const meetingId = newMeeting()
		await addSlot(meetingId, '2027-02-10', '09:00', '11:00')
		const result = (await act(meetingId, convenor, { intent: 'close', slotId: 'jiny' })) as {
			closeError: string
		}
		expect(result.closeError).toBe('polls.close.unknownSlot')
		expect(meetingRow(meetingId).state).toBe('scheduling')
	})
})
