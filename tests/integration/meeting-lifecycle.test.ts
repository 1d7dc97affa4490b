import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getMeetingAccess } from '#app/meetings/meeting-access.server.ts'
import { createMeeting, getMeeting } from '#app/meetings/meetings.server.ts'
import { addGroupMembers, sendPendingInvitations } from '#app/meetings/participants.server.ts'
import { utcToPragueLocal } from '#app/meetings/prague-time.ts'
import { action as newMeetingAction } from '#app/routes/groups.$groupId_.meetings.new.tsx'
import { loader as meetingLoader } from '#app/routes/meetings.$meetingId.tsx'
import {
	action as editAction,
	loader as editLoader,
} from '#app/routes/meetings.$meetingId_.edit.tsx'
import {
	action as participantsAction,
	loader as participantsLoader,
} from '#app/routes/meetings.$meetingId_.participants.tsx'
import { addSlot } from '#app/polls/polls.server.ts'
import { getDb } from '#db/client.ts'
import { outbox } from '#db/schema.ts'
import { resolveDocument } from '#tests/setup/realtime-fixtures.ts'
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

const DAY = 24 * 60 * 60 * 1000
/** A Prague `datetime-local` value `days` from now at `time`. */
function inDays(days: number, time = '09:30') {
	return `${utcToPragueLocal(Date.now() + days * DAY).slice(0, 10)}T${time}`
}

beforeAll(async () => {
	;({ admin, convenor, member, observer, outsider, groupId } = await network())
})

function create(who: Person, fields: Record<string, string>) {
	return newMeetingAction({
		request: post(`/groups/${groupId}/meetings/new`, who, fields),
		params: { groupId },
		context,
	})
}

function edit(who: Person, meetingId: string, fields: Record<string, string>) {
	return editAction({
		request: post(`/meetings/${meetingId}/edit`, who, fields),
		params: { meetingId },
		context,
	})
}

function idFrom(to: string) {
	return to.split('/')[2]!.split('?')[0]!
}

function mailsTo(email: string, kind: string) {
	return getDb()
		.select({ subject: outbox.subject })
		.from(outbox)
		.where(and(eq(outbox.to, email), eq(outbox.kind, kind)))
		.all()
}

describe('the meeting form', () => {
	test('a full meeting: kind, start and end in Prague time, place, online link, visibility', async () => {
		const startsAt = inDays(20, '09:30')
		const endsAt = inDays(20, '12:00')
		const to = location(
			await create(convenor, {
				title: 'Případová konference – rodina N.',
				kind: 'case_conference',
				startsAt,
				endsAt,
				place: 'OSPOD Kolín',
				onlineUrl: 'https://meet.jit.si/kolin-pripad',
				visibility: 'confidential',
				description: 'Bydlení, dluhy; připravte podklady.',
			}),
		)
		const meeting = getMeeting(idFrom(to))!
		expect(meeting).toMatchObject({
			kind: 'case_conference',
			place: 'OSPOD Kolín',
			onlineUrl: 'https://meet.jit.si/kolin-pripad',
			visibility: 'confidential',
			state: 'confirmed',
			sequence: 0,
			description: 'Bydlení, dluhy; připravte podklady.',
		})
		expect(utcToPragueLocal(meeting.startsAt)).toBe(startsAt)
		expect(utcToPragueLocal(meeting.endsAt!)).toBe(endsAt)
	})

	test('an end before the start and a start in the past: field errors, typed values kept', async () => {
		const endFirst = reply(
			await create(convenor, {
				title: 'Zářijové setkání',
				kind: 'focus_group',
				startsAt: inDays(10, '14:00'),
				endsAt: inDays(10, '13:00'),
				place: 'Husova 123, Kolín',
				onlineUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
			}),
		)
		expect(endFirst.error?.endsAt).toEqual(['meetings.endsAt.beforeStart'])
		expect(endFirst.error?.startsAt).toBeFalsy()
		expect(endFirst.initialValue).toMatchObject({
			title: 'Zářijové setkání',
			kind: 'focus_group',
			endsAt: inDays(10, '13:00'),
			place: 'Husova 123, Kolín',
			onlineUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
		})

		const past = reply(
			await create(convenor, { title: 'Včerejší setkání', startsAt: inDays(-1, '10:00') }),
		)
		expect(past.error?.startsAt).toEqual(['meetings.startsAt.past'])
		expect(past.initialValue).toMatchObject({ startsAt: inDays(-1, '10:00') })

		const badLink = reply(
			await create(convenor, {
				title: 'Online',
				startsAt: inDays(3),
				onlineUrl: 'http://neni-bezpecne.cz',
			}),
		)
		expect(badLink.error?.onlineUrl).toEqual(['meetings.onlineUrl.invalid'])
	})

	test('only managers open the edit page; others who see the meeting get 403', async () => {
		const meetingId = idFrom(
			location(await create(convenor, { title: 'K úpravě', startsAt: inDays(5) })),
		)
		const page = await editLoader({
			request: get(`/meetings/${meetingId}/edit`, convenor),
			params: { meetingId },
			context,
		})
		expect(page.defaults.startsAt).toBe(inDays(5))
		for (const who of [member, observer]) {
			const error = await thrown(
				editLoader({
					request: get(`/meetings/${meetingId}/edit`, who),
					params: { meetingId },
					context,
				}),
			)
			expect((error as Response).status).toBe(403)
		}
		const hidden = await thrown(
			editLoader({
				request: get(`/meetings/${meetingId}/edit`, outsider),
				params: { meetingId },
				context,
			}),
		)
		expect((hidden as Response).status).toBe(404)
		const meetingPage = await meetingLoader({
			request: get(`/meetings/${meetingId}`, member),
			params: { meetingId },
			context,
		})
		expect(meetingPage.canManage).toBe(false)
	})
})

describe('editing', () => {
	test('a new time raises the sequence and sends invitees the update; the title alone does not', async () => {
		const meetingId = idFrom(
			location(
				await create(convenor, { title: 'Listopadové setkání', startsAt: inDays(14, '09:00') }),
			),
		)
		addGroupMembers(meetingId, groupId, [member.id])
		expect(await sendPendingInvitations(meetingId)).toBe(1)
		expect(mailsTo(member.email, 'meeting-invitation')).toHaveLength(1)

		const base = { title: 'Listopadové setkání platformy', startsAt: inDays(14, '09:00') }
		location(await edit(convenor, meetingId, base))
		expect(getMeeting(meetingId)).toMatchObject({ title: base.title, sequence: 0 })
		expect(mailsTo(member.email, 'meeting-invitation')).toHaveLength(1)

		const to = location(
			await edit(convenor, meetingId, {
				...base,
				startsAt: inDays(15, '10:00'),
				place: 'MěÚ Kolín',
			}),
		)
		expect(to).toContain('notice=notice.meetingUpdatedSent')
		expect(getMeeting(meetingId)).toMatchObject({ sequence: 1, place: 'MěÚ Kolín' })
		expect(mailsTo(member.email, 'meeting-invitation')).toHaveLength(2)

		location(
			await edit(convenor, meetingId, {
				...base,
				startsAt: inDays(15, '10:00'),
				place: 'MěÚ Kolín',
				onlineUrl: 'https://meet.jit.si/kolin',
			}),
		)
		expect(getMeeting(meetingId)!.sequence).toBe(2)
	})

	test('editing keeps a start in the past allowed but still checks the end', async () => {
		const meetingId = createMeeting(
			groupId,
			{ title: 'Proběhlé setkání', startsAt: new Date(Date.now() - 3 * DAY) },
			convenor.id,
		).id
		const startsAt = inDays(-3, '09:00')
		location(
			await edit(convenor, meetingId, {
				title: 'Proběhlé setkání',
				startsAt,
				endsAt: inDays(-3, '11:00'),
			}),
		)
		const wrong = reply(
			await edit(convenor, meetingId, {
				title: 'Proběhlé setkání',
				startsAt,
				endsAt: inDays(-3, '08:00'),
			}),
		)
		expect(wrong.error?.endsAt).toEqual(['meetings.endsAt.beforeStart'])
	})

	test('members cannot edit', async () => {
		const meetingId = createMeeting(
			groupId,
			{ title: 'Cizí', startsAt: new Date(Date.now() + DAY) },
			convenor.id,
		).id
		const error = await thrown(edit(member, meetingId, { title: 'Přepsáno', startsAt: inDays(2) }))
		expect((error as Response).status).toBe(403)
		expect(getMeeting(meetingId)!.title).toBe('Cizí')
	})
})

describe('states', () => {
	test('a draft: created as such, invitations refused while a poll runs, confirmed by hand or by inviting', async () => {
		const to = location(
			await create(convenor, {
				title: 'Zatím bez termínu',
				startsAt: inDays(20),
				status: 'draft',
			}),
		)
		const draftId = idFrom(to)
		expect(getMeeting(draftId)!.state).toBe('draft')
		expect(location(await edit(convenor, draftId, { intent: 'confirm' }))).toContain(
			'notice.meetingConfirmed',
		)
		expect(getMeeting(draftId)!.state).toBe('confirmed')
		expect(await edit(convenor, draftId, { intent: 'confirm' })).toEqual({
			stateError: 'meetings.state.notDraft',
		})

		const send = (meetingId: string) =>
			participantsAction({
				request: post(`/meetings/${meetingId}/participants`, convenor, { intent: 'send' }),
				params: { meetingId },
				context,
			})
		const polledId = idFrom(
			location(
				await create(convenor, { title: 'Hledáme termín', startsAt: inDays(21), status: 'draft' }),
			),
		)
		addGroupMembers(polledId, groupId, [member.id])
		addSlot(polledId, {
			startsAt: new Date(Date.now() + 30 * DAY),
			endsAt: new Date(Date.now() + 30 * DAY + 2 * 60 * 60 * 1000),
		})
		expect(getMeeting(polledId)!.state).toBe('scheduling')
		expect(await send(polledId)).toEqual({ sendError: 'meetings.participants.send.polling' })
		expect(
			mailsTo(member.email, 'meeting-invitation').filter((m) => m.subject.includes('Hledáme')),
		).toHaveLength(0)

		const invitedId = idFrom(
			location(
				await create(convenor, { title: 'Návrh k pozvání', startsAt: inDays(22), status: 'draft' }),
			),
		)
		addGroupMembers(invitedId, groupId, [member.id])
		expect(location(await send(invitedId))).toContain('notice.invitationsSent')
		expect(getMeeting(invitedId)!.state).toBe('confirmed')
		expect(
			mailsTo(member.email, 'meeting-invitation').filter((m) =>
				m.subject.includes('Návrh k pozvání'),
			),
		).toHaveLength(1)
	})

	test('a meeting created without choosing is confirmed', async () => {
		const meetingId = idFrom(
			location(await create(convenor, { title: 'Pevný termín', startsAt: inDays(23) })),
		)
		expect(getMeeting(meetingId)!.state).toBe('confirmed')
	})

	test('the convenor marks a meeting as held; then it can no longer be cancelled', async () => {
		const meetingId = createMeeting(
			groupId,
			{ title: 'Proběhne', startsAt: new Date(Date.now() + DAY) },
			convenor.id,
		).id
		expect(((await thrown(edit(member, meetingId, { intent: 'held' }))) as Response).status).toBe(
			403,
		)
		expect(getMeeting(meetingId)!.state).toBe('confirmed')
		expect(location(await edit(convenor, meetingId, { intent: 'held' }))).toContain(
			'notice.meetingHeld',
		)
		expect(getMeeting(meetingId)!.state).toBe('held')
		const again = await edit(convenor, meetingId, { intent: 'cancel', confirm: 'yes' })
		expect(again).toEqual({ stateError: 'meetings.state.notOpen' })
		expect(getMeeting(meetingId)!.state).toBe('held')
	})

	test('cancelling needs confirmation, raises the sequence and sends invitees a cancellation', async () => {
		const meetingId = createMeeting(
			groupId,
			{ title: 'Zrušíme', startsAt: new Date(Date.now() + 2 * DAY) },
			convenor.id,
		).id
		addGroupMembers(meetingId, groupId, [member.id, observer.id])
		await sendPendingInvitations(meetingId)
		expect(await edit(convenor, meetingId, { intent: 'cancel' })).toEqual({
			stateError: 'meetings.lifecycle.cancel.confirmRequired',
		})
		expect(getMeeting(meetingId)!.state).toBe('confirmed')
		expect(
			((await thrown(edit(observer, meetingId, { intent: 'cancel', confirm: 'yes' }))) as Response)
				.status,
		).toBe(403)

		location(await edit(admin, meetingId, { intent: 'cancel', confirm: 'yes' }))
		expect(getMeeting(meetingId)).toMatchObject({ state: 'cancelled', sequence: 1 })
		expect(mailsTo(member.email, 'meeting-cancellation').at(-1)?.subject).toContain('Zrušíme')
		expect(mailsTo(observer.email, 'meeting-cancellation')).toHaveLength(1)
		expect(await edit(convenor, meetingId, { intent: 'held' })).toEqual({
			stateError: 'meetings.state.notOpen',
		})
	})

	test('the meeting page shows the state, kind and visibility, and the edit link to managers', async () => {
		const meetingId = createMeeting(
			groupId,
			{
				title: 'Veřejné',
				startsAt: new Date(Date.now() + DAY),
				visibility: 'public',
				kind: 'world_cafe',
			},
			convenor.id,
		).id
		const page = await meetingLoader({
			request: get(`/meetings/${meetingId}`, convenor),
			params: { meetingId },
			context,
		})
		expect(page.canManage).toBe(true)
		expect(page.meeting).toMatchObject({
			state: 'confirmed',
			kind: 'world_cafe',
			visibility: 'public',
		})
	})
})

describe('confidential meetings', () => {
	let meetingId: string

	beforeAll(() => {
		meetingId = createMeeting(
			groupId,
			{
				title: 'Případová konference',
				startsAt: new Date(Date.now() + DAY),
				visibility: 'confidential',
			},
			convenor.id,
		).id
		addGroupMembers(meetingId, groupId, [convenor.id, observer.id])
	})

	test('a group member who is not invited gets 404 on every page, like an outsider', async () => {
		for (const who of [member, outsider]) {
			for (const loader of [meetingLoader, participantsLoader]) {
				const error = await thrown(
					loader({ request: get(`/meetings/${meetingId}`, who), params: { meetingId }, context }),
				)
				expect((error as Response).status).toBe(404)
			}
		}
		const page = await participantsLoader({
			request: get(`/meetings/${meetingId}/participants`, observer),
			params: { meetingId },
			context,
		})
		expect(page.participants.map((p) => p.name).sort()).toEqual(['Jan Dvořák', 'Martina Horáková'])
	})

	test('the realtime resolver agrees with the pages, and inviting the member opens it', async () => {
		const resolve = (who: Person) => resolveDocument(who, `meeting:${meetingId}:minutes`)
		const expected = [
			[admin, 'write'],
			[convenor, 'write'],
			[observer, 'read'],
			[member, 'none'],
			[outsider, 'none'],
		] as const
		for (const [who, access] of expected) {
			expect(getMeetingAccess(who, meetingId)?.access ?? 'none').toBe(access)
			expect(await resolve(who)).toBe(access)
		}
		addGroupMembers(meetingId, groupId, [member.id])
		expect(getMeetingAccess(member, meetingId)?.access ?? 'none').toBe('write')
		expect(await resolve(member)).toBe('write')
	})
})
