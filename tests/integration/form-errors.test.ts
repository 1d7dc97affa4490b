import { beforeAll, describe, expect, test } from 'vitest'
import { action as groupAction, loader as groupLoader } from '#app/routes/groups.$groupId.tsx'
import { action as newMeetingAction } from '#app/routes/groups.$groupId_.meetings.new.tsx'
import { action as newGroupAction } from '#app/routes/groups.new.tsx'
import { action as newOrganisationAction } from '#app/routes/organisations.new.tsx'
import { action as forgotAction } from '#app/routes/forgot-password.tsx'
import {
	answered,
	get,
	type Person,
	post,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'

/**
 * Issue 10, errors: a form that does not pass answers 400 (not 200) with what was typed and
 * the field errors; a refusal carries a stable message key in its body.
 */

let admin: Person
let convenor: Person
let groupId: string

beforeAll(async () => {
	;({ admin, convenor, groupId } = await network({ roles: ['admin', 'convenor'] }))
})

type Reply = {
	result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> }
}

describe('an invalid form answers 400 and keeps what was typed', () => {
	test('a new group without a name', async () => {
		const answer = answered(
			await newGroupAction({
				request: post('/groups/new', admin, {
					name: '',
					kind: 'platforma_kmb',
					scope: 'orp',
					orpKod: '2104',
					description: 'Síť služeb pro lidi bez domova na Kolínsku.',
				}),
				params: {},
				context,
			}),
		)
		expect(answer.status).toBe(400)
		const { result } = answer.payload as Reply
		expect(result.error?.name).toEqual(['error.required'])
		expect(result.initialValue).toMatchObject({
			description: 'Síť služeb pro lidi bez domova na Kolínsku.',
		})
	})

	test('a new organisation without a kind', async () => {
		const answer = answered(
			await newOrganisationAction({
				request: post('/organisations/new', admin, { name: 'Charita Kolín', kind: '' }),
				params: {},
				context,
			}),
		)
		expect(answer.status).toBe(400)
		expect((answer.payload as Reply).result.initialValue).toMatchObject({ name: 'Charita Kolín' })
	})

	test('a new meeting with a date that does not exist', async () => {
		const answer = answered(
			await newMeetingAction({
				request: post(`/groups/${groupId}/meetings/new`, convenor, {
					title: 'Setkání platformy',
					startsAt: '2027-02-30T09:00',
				}),
				params: { groupId },
				context,
			}),
		)
		expect(answer.status).toBe(400)
		expect((answer.payload as Reply).result.initialValue).toMatchObject({
			title: 'Setkání platformy',
		})
	})

	test('adding a member by an address nobody has', async () => {
		const answer = answered(
			await groupAction({
				request: post(`/groups/${groupId}`, convenor, {
					intent: 'addMember',
					email: 'nikdo@nikde.cz',
					role: 'member',
				}),
				params: { groupId },
				context,
			}),
		)
		expect(answer.status).toBe(400)
		expect((answer.payload as { result: Reply['result'] }).result.error?.email).toEqual([
			'groups.members.noSuchUser',
		])
	})
})

test('asking for a password reset with an address that is not one', async () => {
	const answer = answered(
		await forgotAction({
			request: post('/forgot-password', null, { email: 'jana.novakova@' }),
			params: {},
			context,
		}),
	)
	expect(answer.status).toBe(400)
	const { result, sent } = answer.payload as Reply & { sent: boolean }
	expect(sent).toBe(false)
	expect(result.error?.email).toEqual(['error.email'])
	expect(result.initialValue).toMatchObject({ email: 'jana.novakova@' })
})

describe('refusals carry their message key', () => {
	test('a group that does not exist: 404 with error.notFound', async () => {
		const response = (await thrown(
			groupLoader({
				request: get('/groups/neexistuje', admin),
				params: { groupId: 'neexistuje' },
				context,
			}),
		)) as Response
		expect(response.status).toBe(404)
		expect(await response.json()).toEqual({ error: 'error.notFound' })
	})

	test('an unknown intent: 400 with error.badRequest', async () => {
		const response = (await thrown(
			groupAction({
				request: post(`/groups/${groupId}`, convenor, { intent: 'smazat-vse' }),
				params: { groupId },
				context,
			}),
		)) as Response
		expect(response.status).toBe(400)
		expect(await response.json()).toEqual({ error: 'error.badRequest' })
	})
})
