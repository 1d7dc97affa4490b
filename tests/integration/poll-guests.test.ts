import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { hashToken } from '#app/auth/tokens.server.ts'
import { pollsMessages } from '#app/polls/polls.messages.ts'
import {
	GUEST_ANSWERS_PER_BROWSER_PER_HOUR,
	GUEST_ANSWERS_PER_POLL_PER_HOUR,
	getPoll,
} from '#app/polls/polls.server.ts'
import {
	action as pollAction,
	loader as pollLoader,
} from '#app/routes/meetings.$meetingId_.poll.tsx'
import { action as guestAction, loader as guestLoader } from '#app/routes/poll.$token.tsx'
import { getDb } from '#db/client.ts'
import { meetings, pollRespondents } from '#db/schema.ts'
import { network } from '#tests/setup/network-fixture.ts'
import {
	get,
	location,
	type Person,
	post,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'

let convenor: Person
let member: Person
let groupId: string

beforeAll(async () => {
	;({ convenor, member, groupId } = await network())
})

const pollPath = (meetingId: string) => `/meetings/${meetingId}/poll`

async function act(meetingId: string, who: { cookie: string }, fields: Record<string, string>) {
	return pollAction({
		request: post(pollPath(meetingId), who, fields),
		params: { meetingId },
		context,
	})
}

async function load(meetingId: string, who: { cookie: string }) {
	return pollLoader({ request: get(pollPath(meetingId), who), params: { meetingId }, context })
}

/** The guest link's token from the cookie that shows it to the convenor. */
function linkToken(meetingId: string, response: unknown) {
	const setCookie = (response as Response).headers.get('Set-Cookie') ?? ''
	return new RegExp(`^sitovka_poll_link_${meetingId}=([a-z2-7]{24});`).exec(setCookie)![1]!
}

/** A meeting with an open poll of two slots; its guest link's token and slot ids. */
async function openPoll(title = 'Pracovní skupina Bydlení') {
	const meetingId = getDb()
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
	const first = await act(meetingId, convenor, {
		intent: 'add-slot',
		date: '2027-02-10',
		start: '9:00',
		end: '11:00',
	})
	const token = linkToken(meetingId, first)
	await act(meetingId, convenor, {
		intent: 'add-slot',
		date: '2027-02-11',
		start: '13:00',
		end: '15:00',
	})
	const [a, b] = (await load(meetingId, convenor)).poll.slots.map((slot) => slot.id)
	return { meetingId, token, a: a!, b: b! }
}

/** A browser: it keeps the cookies the guest page sets, as a real one does. */
function browser() {
	const jar = new Map<string, string>()
	return {
		get cookie() {
			return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
		},
		keep(response: unknown) {
			if (!(response instanceof Response)) return
			for (const line of response.headers.getSetCookie()) {
				const [pair] = line.split(';')
				const [name, value] = pair!.split('=') as [string, string]
				if (/Max-Age=0/.test(line)) jar.delete(name)
				else jar.set(name, value)
			}
		},
	}
}

type GuestReply = {
	answerError: string | null
	nameErrors: string[]
	answers: object
	name: string
}

async function answerAsGuest(
	token: string,
	from: ReturnType<typeof browser> | null,
	fields: Record<string, string>,
) {
	const response = await guestAction({
		request: post(`/poll/${token}`, from, fields),
		params: { token },
		context,
	})
	from?.keep(response)
	return response
}

function respondents(meetingId: string) {
	return getDb()
		.select()
		.from(pollRespondents)
		.where(eq(pollRespondents.meetingId, meetingId))
		.all()
}

/** A PollError key with its parameters, as the form shows it, in Czech. */
function czech(error: string) {
	const [key, ...params] = error.split('|')
	let text: string = pollsMessages.cs[key as keyof typeof pollsMessages.cs]
	for (const pair of params) {
		const [name, value] = pair.split('=') as [string, string]
		text = text.replace(`{${name}}`, value)
	}
	return text
}

describe('one browser, one answer per name', () => {
	test('30 answers through one link from one browser under one name are one answer, the latest', async () => {
		const { meetingId, token, a, b } = await openPoll()
		const jana = browser()
		for (let round = 0; round < 30; round++) {
			const response = await answerAsGuest(token, jana, {
				// The name as typed varies a little; it is the same person.
				name: round % 2 ? 'Jana Nováková' : '  jana  novakova ',
				[`answer-${a}`]: round === 29 ? 'maybe' : 'yes',
				[`answer-${b}`]: 'no',
			})
			expect(location(response)).toBe(`/poll/${token}?notice=notice.pollAnswered`)
		}
		const poll = getPoll(meetingId)!
		expect(poll.rows).toHaveLength(1)
		expect(poll.rows[0]).toMatchObject({ isGuest: true, answers: { [a]: 'maybe', [b]: 'no' } })
		expect(poll.totals.find((total) => total.slotId === a)).toMatchObject({ yes: 0, maybe: 1 })
		// The browser id is in an httpOnly cookie for the poll's pages; only its hash is stored.
		const page = await guestLoader({
			request: get(`/poll/${token}`, jana),
			params: { token },
			context,
		})
		expect(page.me?.name).toBe('Jana Nováková')
		const [browserId] = [...jana.cookie.matchAll(/sitovka_poll_\w+=([a-z2-7]{24})/g)].map(
			(match) => match[1],
		)
		expect(respondents(meetingId)[0]!.guestTokenHash).toBe(hashToken(browserId!))
	})

	test('the cookie is httpOnly, scoped to the poll pages, and names no link token', async () => {
		const { meetingId, token, a } = await openPoll()
		const response = await answerAsGuest(token, null, { name: 'Petr', [`answer-${a}`]: 'yes' })
		const setCookie = (response as Response).headers.get('Set-Cookie')!
		expect(setCookie).toMatch(new RegExp(`^sitovka_poll_${meetingId}=[a-z2-7]{24}; Path=/poll;`))
		expect(setCookie).toContain('HttpOnly')
		expect(setCookie).toContain('SameSite=Lax')
		expect(setCookie).not.toContain(token)
	})

	test('a shared computer answers for a few people; past the cap a Czech message, nothing lost', async () => {
		const { meetingId, token, a } = await openPoll()
		const office = browser()
		for (let person = 1; person <= GUEST_ANSWERS_PER_BROWSER_PER_HOUR; person++) {
			const response = await answerAsGuest(token, office, {
				name: `Pracovnice ${person}`,
				[`answer-${a}`]: 'yes',
			})
			expect(location(response)).toContain('notice.pollAnswered')
		}
		const refused = (await answerAsGuest(token, office, {
			name: 'Ještě někdo',
			[`answer-${a}`]: 'maybe',
		})) as GuestReply
		expect(refused.answerError).toBe(
			`polls.guest.browserLimit|max=${GUEST_ANSWERS_PER_BROWSER_PER_HOUR}`,
		)
		expect(czech(refused.answerError!)).toContain(
			`Z tohoto prohlížeče už v poslední hodině přibylo ${GUEST_ANSWERS_PER_BROWSER_PER_HOUR} odpovědí`,
		)
		expect(refused.name).toBe('Ještě někdo')
		expect(refused.answers).toEqual({ [a]: 'maybe' })
		expect(respondents(meetingId)).toHaveLength(GUEST_ANSWERS_PER_BROWSER_PER_HOUR)
		// Changing one's own answer still works at the cap.
		const change = await answerAsGuest(token, office, {
			name: 'Pracovnice 2',
			[`answer-${a}`]: 'no',
		})
		expect(location(change)).toContain('notice.pollAnswered')
		expect(getPoll(meetingId)!.rows.find((row) => row.name === 'Pracovnice 2')?.answers).toEqual({
			[a]: 'no',
		})
	})

	test('answers from ever new browsers stop at the cap per poll and hour, with a Czech message', async () => {
		const { meetingId, token, a } = await openPoll()
		for (let guest = 1; guest <= GUEST_ANSWERS_PER_POLL_PER_HOUR; guest++) {
			// No cookie kept: every request is a fresh browser, as a script would send them.
			const response = await answerAsGuest(token, null, {
				name: `Host ${guest}`,
				[`answer-${a}`]: 'yes',
			})
			expect(location(response)).toContain('notice.pollAnswered')
		}
		for (let extra = 0; extra < 10; extra++) {
			const refused = (await answerAsGuest(token, null, {
				name: `Navíc ${extra}`,
				[`answer-${a}`]: 'yes',
			})) as GuestReply
			expect(refused.answerError).toBe(
				`polls.guest.pollLimit|max=${GUEST_ANSWERS_PER_POLL_PER_HOUR}`,
			)
		}
		expect(czech(`polls.guest.pollLimit|max=${GUEST_ANSWERS_PER_POLL_PER_HOUR}`)).toContain(
			'Přes tento odkaz v poslední hodině přibylo mnoho nových odpovědí (20)',
		)
		expect(respondents(meetingId)).toHaveLength(GUEST_ANSWERS_PER_POLL_PER_HOUR)
		// Members answer as themselves, never counted as guests.
		const own = await act(meetingId, member, { intent: 'answer', [`answer-${a}`]: 'yes' })
		expect(location(own)).toContain('notice.pollAnswered')
		// An hour later the link takes new answers again.
		getDb()
			.update(pollRespondents)
			.set({ createdAt: new Date(Date.now() - 61 * 60 * 1000) })
			.where(eq(pollRespondents.meetingId, meetingId))
			.run()
		const later = await answerAsGuest(token, null, {
			name: 'Pozdější host',
			[`answer-${a}`]: 'yes',
		})
		expect(location(later)).toContain('notice.pollAnswered')
	})
})

describe('guest answers in the convenor table', () => {
	test('guests are marked; the same name from two browsers is flagged for the convenor only', async () => {
		const { meetingId, token, a } = await openPoll()
		await answerAsGuest(token, browser(), { name: 'Jana Nováková', [`answer-${a}`]: 'yes' })
		await answerAsGuest(token, browser(), { name: 'JANA NOVAKOVA', [`answer-${a}`]: 'yes' })
		await answerAsGuest(token, browser(), { name: 'Petr Svoboda', [`answer-${a}`]: 'no' })
		// A guest using a member's name is flagged too.
		await answerAsGuest(token, browser(), { name: 'Tomáš Černý', [`answer-${a}`]: 'yes' })
		await act(meetingId, member, { intent: 'answer', [`answer-${a}`]: 'no' })

		const seen = (await load(meetingId, convenor)).poll.rows.map((row) => ({
			name: row.name,
			isGuest: row.isGuest,
			possibleDuplicate: 'possibleDuplicate' in row && row.possibleDuplicate,
		}))
		expect(seen).toEqual([
			{ name: 'Jana Nováková', isGuest: true, possibleDuplicate: true },
			{ name: 'JANA NOVAKOVA', isGuest: true, possibleDuplicate: true },
			{ name: 'Petr Svoboda', isGuest: true, possibleDuplicate: false },
			{ name: 'Tomáš Černý', isGuest: true, possibleDuplicate: true },
			{ name: 'Tomáš Černý', isGuest: false, possibleDuplicate: true },
		])
		expect(pollsMessages.cs['polls.table.guest']).toBe('(host bez přihlášení)')
		// Members and guests see who answered as a guest, not the convenor's checks.
		const memberRows = (await load(meetingId, member)).poll.rows
		expect(memberRows.every((row) => !('possibleDuplicate' in row))).toBe(true)
		const guestRows = (
			await guestLoader({ request: get(`/poll/${token}`), params: { token }, context })
		).poll.rows
		expect(guestRows.map((row) => row.isGuest)).toEqual([true, true, true, true, false])
		expect(guestRows.every((row) => !('possibleDuplicate' in row))).toBe(true)
	})

	test('the convenor removes a duplicate after confirming; members and guests cannot', async () => {
		const { meetingId, token, a } = await openPoll()
		await answerAsGuest(token, browser(), { name: 'Jana Nováková', [`answer-${a}`]: 'yes' })
		await answerAsGuest(token, browser(), { name: 'Jana Nováková', [`answer-${a}`]: 'yes' })
		const [, duplicate] = getPoll(meetingId)!.rows
		const remove = { intent: 'remove-respondent', respondentId: duplicate!.id }

		// A member may not remove answers.
		const forbidden = (await thrown(act(meetingId, member, remove))) as Response
		expect(forbidden.status).toBe(403)
		// The guest page has no such command: the request is read as an answer and refused.
		const guestTry = (await answerAsGuest(token, browser(), {
			...remove,
			confirmed: 'yes',
		})) as GuestReply
		expect(guestTry.nameErrors).toEqual(['error.required'])
		expect(getPoll(meetingId)!.rows).toHaveLength(2)

		// The convenor is asked first; nothing is removed until confirmed.
		const asked = (await act(meetingId, convenor, remove)) as {
			confirmRemove: { id: string; name: string }
		}
		expect(asked.confirmRemove).toEqual({ id: duplicate!.id, name: 'Jana Nováková' })
		expect(getPoll(meetingId)!.rows).toHaveLength(2)
		const removed = await act(meetingId, convenor, { ...remove, confirmed: 'yes' })
		expect(location(removed)).toContain('notice.pollAnswerRemoved')
		const after = getPoll(meetingId)!
		expect(after.rows).toHaveLength(1)
		expect(after.rows[0]!.possibleDuplicate).toBe(false)
		expect(after.totals.find((total) => total.slotId === a)?.yes).toBe(1)
		// Removing it again, or an answer of another meeting, says so.
		expect(await act(meetingId, convenor, { ...remove, confirmed: 'yes' })).toEqual({
			removeError: 'polls.respondent.unknown',
		})
	})
})

describe('the guest link', () => {
	test('the database holds no usable token, only its hash', async () => {
		const { meetingId, token } = await openPoll()
		const row = getDb().$client.prepare('select * from meetings where id = ?').get(meetingId)
		expect(JSON.stringify(row)).not.toContain(token)
		expect((row as { poll_token_hash: string }).poll_token_hash).toBe(hashToken(token))
		// The stored value does not open the poll.
		const stored = hashToken(token)
		const response = (await thrown(
			guestLoader({ request: get(`/poll/${stored}`), params: { token: stored }, context }),
		)) as Response
		expect(response.status).toBe(404)
		const page = await guestLoader({ request: get(`/poll/${token}`), params: { token }, context })
		expect(page.poll.meeting.title).toBe('Pracovní skupina Bydlení')
		expect(JSON.stringify(page)).not.toContain(stored)
	})

	test('the convenor sees the link in the browser that made it, until hidden', async () => {
		const { meetingId, token } = await openPoll()
		const convenorBrowser = {
			cookie: `${convenor.cookie}; sitovka_poll_link_${meetingId}=${token}`,
		}
		expect((await load(meetingId, convenorBrowser)).guestUrl).toBe(
			`http://localhost:3000/poll/${token}`,
		)
		// Another browser of the convenor, or a forged cookie, shows no link.
		expect((await load(meetingId, convenor)).guestUrl).toBeNull()
		const forged = {
			cookie: `${convenor.cookie}; sitovka_poll_link_${meetingId}=aaaaaaaaaaaaaaaaaaaaaaaa`,
		}
		expect((await load(meetingId, forged)).guestUrl).toBeNull()
		const hidden = await act(meetingId, convenorBrowser, { intent: 'hide-link' })
		expect(location(hidden)).toBe(pollPath(meetingId))
		expect((hidden as Response).headers.get('Set-Cookie')).toMatch(
			new RegExp(`^sitovka_poll_link_${meetingId}=; Path=/meetings/${meetingId};.*Max-Age=0`),
		)
	})

	test('a new link, after confirming, replaces the old one; guests keep their answers', async () => {
		const { meetingId, token, a } = await openPoll()
		const jana = browser()
		await answerAsGuest(token, jana, { name: 'Jana Nováková', [`answer-${a}`]: 'yes' })

		const asked = await act(meetingId, convenor, { intent: 'new-link' })
		expect(asked).toEqual({ confirmNewLink: true })
		expect(
			getDb().select().from(meetings).where(eq(meetings.id, meetingId)).get()!.pollTokenHash,
		).toBe(hashToken(token))
		expect(
			(await thrown(act(meetingId, member, { intent: 'new-link', confirmed: 'yes' }))) as Response,
		).toHaveProperty('status', 403)

		const renewed = await act(meetingId, convenor, { intent: 'new-link', confirmed: 'yes' })
		expect(location(renewed)).toContain('notice.pollLinkCreated')
		const newToken = linkToken(meetingId, renewed)
		expect(newToken).not.toBe(token)
		const old = (await thrown(
			guestLoader({ request: get(`/poll/${token}`), params: { token }, context }),
		)) as Response
		expect(old.status).toBe(404)
		// Jana's browser is still recognised through the new link and changes her answer.
		const page = await guestLoader({
			request: get(`/poll/${newToken}`, jana),
			params: { token: newToken },
			context,
		})
		expect(page.me?.name).toBe('Jana Nováková')
		await answerAsGuest(newToken, jana, { name: 'Jana Nováková', [`answer-${a}`]: 'no' })
		expect(getPoll(meetingId)!.rows).toHaveLength(1)
		expect(getPoll(meetingId)!.rows[0]!.answers).toEqual({ [a]: 'no' })
	})
})
