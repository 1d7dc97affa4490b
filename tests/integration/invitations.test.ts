import { and, desc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import {
	createInvitation,
	INVITATION_LIFETIME_MS,
	renewInvitationLink,
} from '#app/auth/invitations.server.ts'
import { validateSessionToken } from '#app/auth/session.server.ts'
import { findUserByEmail } from '#app/auth/users.server.ts'
import { createGroup, getGroupRole } from '#app/groups/groups.server.ts'
import { action as revokeAction } from '#app/routes/admin.invitations.tsx'
import { loader as outboxLoader } from '#app/routes/admin.outbox.tsx'
import { action as groupAction } from '#app/routes/groups.$groupId.tsx'
import { action as inviteAction, loader as inviteLoader } from '#app/routes/invitations.new.tsx'
import { action as acceptAction, loader as acceptLoader } from '#app/routes/invite.$token.tsx'
import { getDb } from '#db/client.ts'
import { invitations, organisationMembers, organisations, outbox } from '#db/schema.ts'
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

const NEW_PASSWORD = 'Ranni mlha nad Jizerou a tri kocky'

/** The newest mail to an address, as the administrator's outbox page shows it. */
async function newestMailTo(email: string) {
	const { mails } = await outboxLoader({
		request: get('/admin/outbox', admin),
		params: {},
		context,
	})
	return mails.find((mail) => mail.to === email) ?? null
}

/**
 * A working link for someone's pending invitation, as an administrator gets it in Správa →
 * Čekající pozvánky: without SMTP nothing is sent and the outbox keeps links masked.
 */
function inviteTokenFor(email: string, now = new Date()) {
	const { id } = getDb()
		.select({ id: invitations.id })
		.from(invitations)
		.where(eq(invitations.email, email))
		.orderBy(desc(invitations.createdAt))
		.get()!
	const match = renewInvitationLink(id, now)?.url.match(/\/invite\/([a-z2-7]{24})$/)
	expect(match).toBeTruthy()
	return match![1]!
}

function accept(token: string, fields: Record<string, string>) {
	return acceptAction({
		request: post(`/invite/${token}`, null, fields),
		params: { token },
		context,
	})
}

let admin: Person
let convenor: Person
let groupA: string
let groupB: string
let organisationId: string

beforeAll(async () => {
	admin = await person('spravce@sitovka.cz', 'Správce Síťovky', true)
	convenor = await person('lenka.mala@jablonec.cz', 'Lenka Malá')
	groupA = createGroup(
		{
			name: 'Pracovní skupina Bydlení Jablonec',
			kind: 'pracovni_skupina_kp',
			scope: 'orp',
			orpKod: '5103',
		},
		convenor.id,
	).id
	groupB = createGroup(
		{ name: 'Housing First Rumburk', kind: 'housing_first', scope: 'orp', orpKod: '4212' },
		admin.id,
	).id
	organisationId = getDb()
		.insert(organisations)
		.values({ name: 'Naděje, z. s.', kind: 'nno' })
		.returning({ id: organisations.id })
		.get().id
})

/** The administrator invites Marie into group A as a guest, with Naděje; her working link. */
async function inviteMarie() {
	location(
		await inviteAction({
			request: post('/invitations/new', admin, {
				email: 'Marie.Svobodova@nadeje.cz',
				name: 'Marie Svobodová',
				organisationId,
				groupId: groupA,
				groupRole: 'guest',
			}),
			params: {},
			context,
		}),
	)
	return inviteTokenFor('marie.svobodova@nadeje.cz')
}

describe('inviting a new person', () => {
	test('the invitation lands in the outbox with a link to accept', async () => {
		const result = await inviteAction({
			request: post('/invitations/new', admin, {
				email: 'Marie.Svobodova@nadeje.cz',
				name: 'Marie Svobodová',
				organisationId,
				groupId: groupA,
				groupRole: 'guest',
			}),
			params: {},
			context,
		})
		expect(result).toBeInstanceOf(Response)
		expect((result as Response).headers.get('Location')).toBe(
			`/invitations/new?groupId=${groupA}&organisationId=${organisationId}&notice=notice.invitationLinkNotMailed`,
		)
		const mail = await newestMailTo('marie.svobodova@nadeje.cz')
		expect(mail).toMatchObject({
			kind: 'invitation',
			status: 'stored',
			subject: 'Pozvánka do Síťovky',
		})
		expect(mail!.text).toContain('Správce Síťovky vás zve do Síťovky')
		expect(mail!.text).toContain('Skupina: Pracovní skupina Bydlení Jablonec (role: Host)')
		expect(mail!.text).toContain('Organizace: Naděje, z. s.')
		// The outbox shows the link masked; an administrator issues a working one to pass on.
		expect(mail!.text).toMatch(/\/invite\/••••••[a-z2-7]{4}$/m)
		expect(mail!.text).not.toMatch(/\/invite\/[a-z2-7]{24}/)
		const token = inviteTokenFor('marie.svobodova@nadeje.cz')
		// Only the hash is stored.
		const stored = getDb().select({ tokenHash: invitations.tokenHash }).from(invitations).all()
		expect(stored.some((row) => row.tokenHash === token)).toBe(false)
	})

	test('the accept page says who invited to what', async () => {
		const token = await inviteMarie()
		const page = await acceptLoader({
			request: get(`/invite/${token}`),
			params: { token },
			context,
		})
		expect(page.state).toBe('valid')
		expect(page.invitation).toEqual({
			email: 'marie.svobodova@nadeje.cz',
			name: 'Marie Svobodová',
			inviterName: 'Správce Síťovky',
			organisationName: 'Naděje, z. s.',
			groupName: 'Pracovní skupina Bydlení Jablonec',
			groupRole: 'guest',
			isAdmin: false,
		})
	})

	test('a weak password is a field error and the typed name stays', async () => {
		const token = await inviteMarie()
		const result = await accept(token, { name: 'Marie Svobodová-Nová', password: 'marie12345' })
		const { error, initialValue } = reply(result)
		expect(error?.password).toEqual(['auth.password.weak'])
		expect(initialValue?.name).toBe('Marie Svobodová-Nová')
		expect(initialValue).not.toHaveProperty('password')
		expect(findUserByEmail('marie.svobodova@nadeje.cz')).toBeNull()
	})

	test('accepting creates the account with group role and organisation, and signs in', async () => {
		const token = await inviteMarie()
		const result = await accept(token, { name: 'Marie Svobodová', password: NEW_PASSWORD })
		expect(result).toBeInstanceOf(Response)
		const response = result as Response
		expect(response.headers.get('Location')).toBe(
			`/groups/${groupA}?notice=notice.invitationAccepted`,
		)
		const user = findUserByEmail('marie.svobodova@nadeje.cz')
		expect(user).toMatchObject({ name: 'Marie Svobodová', isAdmin: false })
		expect(getGroupRole(user!.id, groupA)).toBe('guest')
		const membership = getDb()
			.select({ userId: organisationMembers.userId })
			.from(organisationMembers)
			.where(
				and(
					eq(organisationMembers.organisationId, organisationId),
					eq(organisationMembers.userId, user!.id),
				),
			)
			.get()
		expect(membership).toBeDefined()
		const cookie = response.headers.get('Set-Cookie') ?? ''
		const sessionToken = cookie.match(/sitovka_session=([^;]+)/)?.[1] ?? ''
		expect(validateSessionToken(sessionToken)?.user.email).toBe('marie.svobodova@nadeje.cz')
	})

	test('the link works exactly once', async () => {
		const token = await inviteMarie()
		await accept(token, { name: 'Marie Svobodová', password: NEW_PASSWORD })
		const again = await accept(token, { name: 'Někdo Jiný', password: NEW_PASSWORD })
		expect(reply(again).error?.['']).toEqual(['groups.invite.used'])
		const page = await acceptLoader({
			request: get(`/invite/${token}`),
			params: { token },
			context,
		})
		expect(page).toEqual({ state: 'used', invitation: null })
		expect(findUserByEmail('marie.svobodova@nadeje.cz')?.name).toBe('Marie Svobodová')
	})

	test('an unknown token shows no form', async () => {
		const page = await acceptLoader({
			request: get('/invite/aaaaaaaaaaaaaaaaaaaaaaaa'),
			params: { token: 'aaaaaaaaaaaaaaaaaaaaaaaa' },
			context,
		})
		expect(page).toEqual({ state: 'invalid', invitation: null })
	})
})

describe('refused invitations', () => {
	test('an expired token is refused and creates nobody', async () => {
		const longAgo = new Date(Date.now() - INVITATION_LIFETIME_MS - 60_000)
		await createInvitation(
			{ email: 'pozde@rumburk.cz', invitedBy: admin, groupId: groupB, locale: 'cs' },
			longAgo,
		)
		const token = inviteTokenFor('pozde@rumburk.cz', longAgo)
		const page = await acceptLoader({
			request: get(`/invite/${token}`),
			params: { token },
			context,
		})
		expect(page.state).toBe('expired')
		const result = await accept(token, { name: 'Petr Pozdní', password: NEW_PASSWORD })
		expect(reply(result).error?.['']).toEqual(['groups.invite.expired'])
		expect(findUserByEmail('pozde@rumburk.cz')).toBeNull()
	})

	test('a revoked invitation no longer works', async () => {
		await createInvitation({ email: 'zruseno@rumburk.cz', invitedBy: admin, locale: 'cs' })
		const token = inviteTokenFor('zruseno@rumburk.cz')
		const row = getDb()
			.select({ id: invitations.id })
			.from(invitations)
			.where(eq(invitations.email, 'zruseno@rumburk.cz'))
			.get()!
		const result = await revokeAction({
			request: post('/admin/invitations', admin, { intent: 'revoke', invitationId: row.id }),
			params: {},
			context,
		})
		expect((result as Response).headers.get('Location')).toContain('notice.invitationRevoked')
		const page = await acceptLoader({
			request: get(`/invite/${token}`),
			params: { token },
			context,
		})
		expect(page.state).toBe('revoked')
	})

	test('a convenor cannot invite into another group or grant admin rights', async () => {
		const before = getDb().select({ id: outbox.id }).from(outbox).all().length
		const otherGroup = await inviteAction({
			request: post('/invitations/new', convenor, {
				email: 'kamarad@jablonec.cz',
				groupId: groupB,
				groupRole: 'convenor',
			}),
			params: {},
			context,
		})
		expect(reply(otherGroup).error?.groupId).toEqual(['groups.invite.groupNotAllowed'])
		const asAdmin = await inviteAction({
			request: post('/invitations/new', convenor, {
				email: 'kamarad@jablonec.cz',
				groupId: groupA,
				groupRole: 'member',
				isAdmin: 'on',
			}),
			params: {},
			context,
		})
		expect(reply(asAdmin).error?.isAdmin).toEqual(['groups.invite.adminNotAllowed'])
		const foreignOrganisation = await inviteAction({
			request: post('/invitations/new', convenor, {
				email: 'kamarad@jablonec.cz',
				groupId: groupA,
				organisationId,
			}),
			params: {},
			context,
		})
		expect(reply(foreignOrganisation).error?.organisationId).toEqual([
			'groups.invite.organisationNotAllowed',
		])
		expect(getDb().select({ id: outbox.id }).from(outbox).all()).toHaveLength(before)
		expect(
			getDb().select().from(invitations).where(eq(invitations.email, 'kamarad@jablonec.cz')).all(),
		).toHaveLength(0)

		// The form offers only the convenor's own group.
		const form = await inviteLoader({
			request: get('/invitations/new', convenor),
			params: {},
			context,
		})
		expect(form.groups.map((group) => group.id)).toEqual([groupA])
		expect(form.isAdmin).toBe(false)
	})

	test('someone who convenes nothing may not invite at all', async () => {
		const plain = await person('host@rumburk.cz', 'Host Rumburk')
		const error = await thrown(
			inviteLoader({ request: get('/invitations/new', plain), params: {}, context }),
		)
		expect((error as Response).status).toBe(403)
	})
})

describe('inviting someone who already has an account', () => {
	test('they are added to the group straight away and get a notification, not an invitation', async () => {
		const existing = await person('jiri.benes@nadeje.cz', 'Jiří Beneš')
		const result = await groupAction({
			request: post(`/groups/${groupA}`, convenor, {
				intent: 'invite',
				email: 'JIRI.BENES@nadeje.cz',
				groupRole: 'member',
			}),
			params: { groupId: groupA },
			context,
		})
		expect((result as Response).headers.get('Location')).toBe(
			`/groups/${groupA}?notice=notice.invitationMemberAdded`,
		)
		expect(getGroupRole(existing.id, groupA)).toBe('member')
		const mail = await newestMailTo('jiri.benes@nadeje.cz')
		expect(mail).toMatchObject({ kind: 'membership' })
		expect(mail!.text).toContain('Lenka Malá vás v Síťovce přidal/a')
		expect(mail!.text).not.toContain('/invite/')
		expect(
			getDb().select().from(invitations).where(eq(invitations.email, 'jiri.benes@nadeje.cz')).all(),
		).toHaveLength(0)
	})

	test('an existing convenor is never demoted by an invitation', async () => {
		const outcome = await createInvitation({
			email: convenor.email,
			invitedBy: admin,
			groupId: groupA,
			groupRole: 'observer',
			locale: 'en',
		})
		expect(outcome.status).toBe('unchanged')
		expect(getGroupRole(convenor.id, groupA)).toBe('convenor')
	})
})

describe('the outbox page', () => {
	test('lists mails newest first for administrators only', async () => {
		for (const [to, hour] of [
			['prvni@rumburk.cz', '08'],
			['treti@rumburk.cz', '10'],
			['druha@rumburk.cz', '09'],
		] as const) {
			getDb()
				.insert(outbox)
				.values({
					to,
					subject: 'Pozvánka do Síťovky',
					text: 'Dobrý den',
					kind: 'invitation',
					status: 'stored',
					createdAt: new Date(`2026-11-02T${hour}:00:00Z`),
				})
				.run()
		}
		const { mails } = await outboxLoader({
			request: get('/admin/outbox', admin),
			params: {},
			context,
		})
		expect(mails.map((mail) => mail.to)).toEqual([
			'treti@rumburk.cz',
			'druha@rumburk.cz',
			'prvni@rumburk.cz',
		])
		const times = mails.map((mail) => new Date(mail.createdAt).getTime())
		expect([...times].sort((a, b) => b - a)).toEqual(times)
		const newest = getDb()
			.select({ id: outbox.id })
			.from(outbox)
			.orderBy(desc(outbox.createdAt))
			.get()
		expect(mails[0]!.id).toBe(newest!.id)
		const error = await thrown(
			outboxLoader({ request: get('/admin/outbox', convenor), params: {}, context }),
		)
		expect((error as Response).status).toBe(403)
	})
})
