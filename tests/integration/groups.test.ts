import { beforeAll, describe, expect, test } from 'vitest'
import {
	addGroupMember,
	changeGroupMemberRole,
	createGroup,
	getGroupRole,
	listGroupMembers,
} from '#app/groups/groups.server.ts'
import { createMeeting } from '#app/meetings/meetings.server.ts'
import { action as groupAction, loader as groupLoader } from '#app/routes/groups.$groupId.tsx'
import { action as editAction } from '#app/routes/groups.$groupId_.edit.tsx'
import { loader as listLoader } from '#app/routes/groups._index.tsx'
import { action as newGroupAction } from '#app/routes/groups.new.tsx'
import {
	get,
	location,
	person,
	type Person,
	post,
	reply,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'

let admin: Person
let convenor: Person
let member: Person
let outsider: Person
let groupId: string

beforeAll(async () => {
	admin = await person('spravce@sitovka.cz', 'Správce Síťovky', true)
	convenor = await person('lenka.mala@jablonec.cz', 'Lenka Malá')
	member = await person('jiri.benes@nadeje.cz', 'Jiří Beneš')
	outsider = await person('eva.kralova@up.gov.cz', 'Eva Králová')
	// Lenka convenes the Jablonec platform; nobody else is in it yet.
	groupId = createGroup(
		{
			name: 'Platforma KMB Jablonecko',
			kind: 'platforma_kmb',
			scope: 'orp',
			orpKod: '5103',
			description: 'Kontaktní místa pro bydlení a NNO z Jablonecka.',
		},
		convenor.id,
	).id
})

describe('creating a group', () => {
	test('an administrator creates a group in an ORP with another person as convenor', async () => {
		const result = await newGroupAction({
			request: post('/groups/new', admin, {
				name: 'Platforma KMB Tanvaldsko',
				kind: 'platforma_kmb',
				scope: 'orp',
				orpKod: '5103',
				description: 'Kontaktní místa pro bydlení a NNO z Tanvaldska.',
				convenorId: convenor.id,
			}),
			params: {},
			context,
		})
		const to = location(result)
		expect(to).toMatch(/^\/groups\/[a-z0-9]+\?notice=notice\.groupCreated$/)
		const createdId = to.split('/')[2]!.split('?')[0]!
		expect(getGroupRole(convenor.id, createdId)).toBe('convenor')
		expect(getGroupRole(admin.id, createdId)).toBeNull()

		const page = await groupLoader({
			request: get(`/groups/${createdId}`, outsider),
			params: { groupId: createdId },
			context,
		})
		expect(page.group).toMatchObject({
			name: 'Platforma KMB Tanvaldsko',
			kind: 'platforma_kmb',
			orpKod: '5103',
			orpNazev: 'Jablonec nad Nisou',
			krajKod: null,
		})
	})

	test('a group in a whole kraj needs the kraj; the typed name stays after the error', async () => {
		const result = await newGroupAction({
			request: post('/groups/new', admin, {
				name: 'Krajská koalice pro bydlení',
				kind: 'krajska_koalice',
				scope: 'kraj',
			}),
			params: {},
			context,
		})
		const { error, initialValue } = reply(result)
		expect(error?.krajKod).toEqual(['groups.territory.krajRequired'])
		expect(initialValue?.name).toBe('Krajská koalice pro bydlení')
	})

	test('only administrators create groups', async () => {
		const error = await thrown(
			newGroupAction({
				request: post('/groups/new', convenor, {
					name: 'Moje skupina',
					kind: 'jina',
					scope: 'kraj',
					krajKod: '3077',
				}),
				params: {},
				context,
			}),
		)
		expect((error as Response).status).toBe(403)
	})

	test('the list filters by kraj (including ORP groups inside it) and by kind', async () => {
		const inLiberecky = await listLoader({
			request: get('/groups?kraj=3077', member),
			params: {},
			context,
		})
		expect(inLiberecky.groups.map((group) => group.name)).toContain('Platforma KMB Jablonecko')
		const inPraha = await listLoader({
			request: get('/groups?kraj=3018', member),
			params: {},
			context,
		})
		expect(inPraha.groups).toHaveLength(0)
		const housingFirst = await listLoader({
			request: get('/groups?kind=housing_first', member),
			params: {},
			context,
		})
		expect(housingFirst.groups).toHaveLength(0)
		const all = await listLoader({ request: get('/groups', member), params: {}, context })
		expect(all.groups.find((group) => group.id === groupId)?.memberCount).toBe(1)
	})
})

describe('managing members', () => {
	test('the convenor adds an existing user by e-mail, changes the role and removes them', async () => {
		const path = `/groups/${groupId}`
		const added = await groupAction({
			request: post(path, convenor, {
				intent: 'addMember',
				email: 'Jiri.Benes@nadeje.cz ',
				role: 'member',
			}),
			params: { groupId },
			context,
		})
		expect(location(added)).toBe(`${path}?notice=notice.groupMemberAdded`)
		expect(getGroupRole(member.id, groupId)).toBe('member')

		const again = await groupAction({
			request: post(path, convenor, { intent: 'addMember', email: member.email, role: 'guest' }),
			params: { groupId },
			context,
		})
		expect(reply(again).error?.email).toEqual(['groups.members.alreadyMember'])
		expect(getGroupRole(member.id, groupId)).toBe('member')

		const changed = await groupAction({
			request: post(path, convenor, { intent: 'changeRole', userId: member.id, role: 'observer' }),
			params: { groupId },
			context,
		})
		expect(location(changed)).toBe(`${path}?notice=notice.groupRoleChanged`)
		expect(getGroupRole(member.id, groupId)).toBe('observer')

		const removed = await groupAction({
			request: post(path, convenor, { intent: 'removeMember', userId: member.id }),
			params: { groupId },
			context,
		})
		expect(location(removed)).toBe(`${path}?notice=notice.groupMemberRemoved`)
		expect(getGroupRole(member.id, groupId)).toBeNull()
	})

	test('an unknown e-mail is a field error pointing to the invitation', async () => {
		const result = await groupAction({
			request: post(`/groups/${groupId}`, convenor, {
				intent: 'addMember',
				email: 'nikdo@nikde.cz',
				role: 'member',
			}),
			params: { groupId },
			context,
		})
		const { error, initialValue } = reply(result)
		expect(error?.email).toEqual(['groups.members.noSuchUser'])
		expect(initialValue?.email).toBe('nikdo@nikde.cz')
	})

	test('the last convenor can be neither demoted nor removed', async () => {
		const path = `/groups/${groupId}`
		for (const fields of [
			{ intent: 'changeRole', userId: convenor.id, role: 'member' } as Record<string, string>,
			{ intent: 'removeMember', userId: convenor.id },
		]) {
			const result = await groupAction({
				request: post(path, convenor, fields),
				params: { groupId },
				context,
			})
			expect(reply(result).error?.['']).toEqual(['groups.members.lastConvenor'])
			expect(getGroupRole(convenor.id, groupId)).toBe('convenor')
		}

		// With a second convenor the first may step down.
		await groupAction({
			request: post(path, admin, { intent: 'addMember', email: member.email, role: 'convenor' }),
			params: { groupId },
			context,
		})
		const stepDown = await groupAction({
			request: post(path, convenor, { intent: 'changeRole', userId: convenor.id, role: 'member' }),
			params: { groupId },
			context,
		})
		expect(location(stepDown)).toContain('notice.groupRoleChanged')
		expect(listGroupMembers(groupId).map((m) => [m.name, m.role])).toEqual([
			['Jiří Beneš', 'convenor'],
			['Lenka Malá', 'member'],
		])
	})

	test('a plain member cannot manage the group: 403', async () => {
		// Jiří takes over as convenor; Lenka is now a plain member.
		addGroupMember(groupId, member.id, 'convenor')
		changeGroupMemberRole(groupId, convenor.id, 'member')
		const path = `/groups/${groupId}`
		for (const fields of [
			{ intent: 'addMember', email: outsider.email, role: 'member' } as Record<string, string>,
			{ intent: 'changeRole', userId: member.id, role: 'guest' },
			{ intent: 'removeMember', userId: member.id },
			{ intent: 'invite', email: 'novy@jablonec.cz', groupRole: 'member' },
		]) {
			const error = await thrown(
				groupAction({ request: post(path, convenor, fields), params: { groupId }, context }),
			)
			expect((error as Response).status).toBe(403)
		}
		const edit = await thrown(
			editAction({
				request: post(`${path}/edit`, convenor, {
					name: 'Převzato',
					kind: 'jina',
					scope: 'kraj',
					krajKod: '3077',
				}),
				params: { groupId },
				context,
			}),
		)
		expect((edit as Response).status).toBe(403)
		expect(getGroupRole(member.id, groupId)).toBe('convenor')
		expect(getGroupRole(outsider.id, groupId)).toBeNull()
	})

	test("members' e-mails are shown to members and administrators only", async () => {
		addGroupMember(groupId, member.id, 'member')
		const asOutsider = await groupLoader({
			request: get(`/groups/${groupId}`, outsider),
			params: { groupId },
			context,
		})
		expect(asOutsider.showEmails).toBe(false)
		expect(asOutsider.members.every((m) => m.email === null)).toBe(true)
		expect(asOutsider.canManage).toBe(false)
		const asMember = await groupLoader({
			request: get(`/groups/${groupId}`, convenor),
			params: { groupId },
			context,
		})
		expect(asMember.members.map((m) => m.email)).toContain(member.email)
		const asAdmin = await groupLoader({
			request: get(`/groups/${groupId}`, admin),
			params: { groupId },
			context,
		})
		expect(asAdmin.canManage).toBe(true)
		expect(asAdmin.showEmails).toBe(true)
	})

	test("the group's meetings are listed for its members and administrators, not for outsiders", async () => {
		createMeeting(
			groupId,
			{
				title: 'Setkání platformy – leden',
				startsAt: new Date('2027-01-14T14:00:00Z'),
				place: 'MML, zasedací místnost',
			},
			convenor.id,
		)
		const load = (who: Person) =>
			groupLoader({ request: get(`/groups/${groupId}`, who), params: { groupId }, context })
		expect((await load(convenor)).meetings?.map((m) => m.title)).toContain(
			'Setkání platformy – leden',
		)
		expect((await load(admin)).meetings).not.toBeNull()
		expect((await load(outsider)).meetings).toBeNull()
	})

	test('the convenor edits the group and moves it to a whole kraj', async () => {
		const result = await editAction({
			request: post(`/groups/${groupId}/edit`, convenor, {
				name: 'Platforma KMB Libereckého kraje',
				kind: 'platforma_kmb',
				scope: 'kraj',
				orpKod: '5103',
				krajKod: '3077',
			}),
			params: { groupId },
			context,
		})
		expect(location(result)).toBe(`/groups/${groupId}?notice=notice.groupUpdated`)
		const page = await groupLoader({
			request: get(`/groups/${groupId}`, convenor),
			params: { groupId },
			context,
		})
		expect(page.group).toMatchObject({ orpKod: null, krajKod: '3077', krajNazev: 'Liberecký kraj' })
	})
})
