import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import {
	createInvitation,
	inspectInvitation,
	renewInvitationLink,
} from '#app/auth/invitations.server.ts'
import { createPasswordReset, resetPassword } from '#app/auth/password-reset.server.ts'
import { generateSecureRandomString } from '#app/auth/tokens.server.ts'
import { MASK, redactSecretLinks } from '#app/mail/secret-links.ts'
import { calendarFeedUrl } from '#app/meetings/calendar-feed.server.ts'
import { pollGuestUrl } from '#app/polls/polls.server.ts'
import { action as invitationsAdminAction } from '#app/routes/admin.invitations.tsx'
import { loader as outboxLoader } from '#app/routes/admin.outbox.tsx'
import { action as resetByAdminAction } from '#app/routes/admin.users.tsx'
import { action as forgotAction } from '#app/routes/forgot-password.tsx'
import { action as inviteAction } from '#app/routes/invitations.new.tsx'
import { resetEnvCache } from '#app/utils/env.server.ts'
import { getDb } from '#db/client.ts'
import { invitations, outbox } from '#db/schema.ts'
import {
	get,
	location,
	person,
	type Person,
	post,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { mimeParts, smtpServer } from '#tests/setup/smtp.ts'

const NEW_PASSWORD = 'Modra-obloha-nad-Pisekem-77'
const TOKEN = /\/(invite|reset-password)\/([a-z2-7]{24})\b/

/** What an administrator's outbox page gets to render, as one string. */
async function outboxPage(admin: Person) {
	return JSON.stringify(
		await outboxLoader({ request: get('/admin/outbox', admin), params: {}, context }),
	)
}

function storedMailTo(email: string) {
	return getDb().select().from(outbox).where(eq(outbox.to, email)).all()
}

/** The plain-text body of a delivered message. */
function deliveredText(raw: string) {
	const part = mimeParts(raw).find(({ headers }) => /content-type:\s*text\/plain/i.test(headers))
	expect(part).toBeDefined()
	return part!.body
}

describe('links that work as a key never reach the outbox', () => {
	test('every kind of secret link is masked by the one rule, keeping only a short tail', async () => {
		const admin = await person('spravce.odkazy@sitovka.cz', 'Správce Odkazů', true)
		const reset = createPasswordReset(admin.id)
		await createInvitation({ email: 'odkaz@rumburk.cz', invitedBy: admin, locale: 'cs' })
		const invitation = renewInvitationLink(
			getDb()
				.select({ id: invitations.id })
				.from(invitations)
				.where(eq(invitations.email, 'odkaz@rumburk.cz'))
				.get()!.id,
		)!
		const token = generateSecureRandomString()
		const links = [
			{ url: reset.url, token: reset.token },
			{ url: invitation.url, token: TOKEN.exec(invitation.url)![2]! },
			{ url: pollGuestUrl(token), token },
			{ url: calendarFeedUrl(token), token },
		]
		for (const link of links) {
			const masked = redactSecretLinks(`Odkaz:\n\n${link.url}\n\nDěkujeme`)
			expect(masked).not.toContain(link.token)
			expect(masked).toContain(`/${MASK}${link.token.slice(-4)}`)
		}
		expect(redactSecretLinks(`<a href="${pollGuestUrl(token)}">hlasovat</a>`)).toBe(
			`<a href="http://localhost:3000/poll/${MASK}${token.slice(-4)}">hlasovat</a>`,
		)
		expect(redactSecretLinks(calendarFeedUrl(token))).toBe(
			`http://localhost:3000/calendar/${MASK}${token.slice(-4)}.ics`,
		)
		// Ordinary links stay as they are.
		expect(redactSecretLinks('http://localhost:3000/groups/abc')).toBe(
			'http://localhost:3000/groups/abc',
		)
	})

	describe('with SMTP', () => {
		const received = smtpServer()

		test('a password reset: the delivered e-mail has the working link, the outbox and its page do not', async () => {
			const admin = await person('spravce.reset@sitovka.cz', 'Správce Resetů', true)
			const alena = await person('alena.reset@example.cz', 'Alena Nová')
			await forgotAction({
				request: post('/forgot-password', null, { email: alena.email }),
				params: {},
				context,
			})
			expect(received).toHaveLength(1)
			const token = TOKEN.exec(deliveredText(received[0]!.raw))?.[2]
			expect(token).toBeDefined()

			const [row] = storedMailTo(alena.email)
			expect(row).toMatchObject({ kind: 'password-reset', status: 'sent' })
			expect(row!.text).not.toContain(token)
			expect(row!.text).toContain(`/reset-password/${MASK}${token!.slice(-4)}`)
			expect(JSON.stringify(getDb().select().from(outbox).all())).not.toContain(token)
			const page = await outboxPage(admin)
			expect(page).toContain(`/reset-password/${MASK}`)
			expect(page).not.toContain(token)

			// The link from the mailbox works.
			expect(await resetPassword(token!, NEW_PASSWORD)).toBe(alena.id)
		})

		test('an invitation: the delivered e-mail has the working link, the outbox and its page do not', async () => {
			const admin = await person('spravce.pozvanky@sitovka.cz', 'Správce Pozvánek', true)
			const result = await inviteAction({
				request: post('/invitations/new', admin, { email: 'marta.nova@nadeje.cz' }),
				params: {},
				context,
			})
			expect(location(result)).toContain('notice=notice.invitationSent')
			expect(received).toHaveLength(1)
			const token = TOKEN.exec(deliveredText(received[0]!.raw))?.[2]
			expect(token).toBeDefined()
			expect(inspectInvitation(token!).state).toBe('valid')

			const [row] = storedMailTo('marta.nova@nadeje.cz')
			expect(row).toMatchObject({ kind: 'invitation', status: 'sent' })
			expect(row!.text).not.toContain(token)
			expect(row!.text).toContain(`/invite/${MASK}`)
			expect(await outboxPage(admin)).not.toContain(token)
		})

		test('an administrator sending a reset link never sees it either', async () => {
			const admin = await person('spravce.users@sitovka.cz', 'Správce Uživatelů', true)
			const bara = await person('bara.reset@example.cz', 'Bára Malá')
			const result = await resetByAdminAction({
				request: post('/admin/users', admin, { userId: bara.id }),
				params: {},
				context,
			})
			expect(location(result)).toContain('notice=notice.adminResetSent')
			const token = TOKEN.exec(deliveredText(received[0]!.raw))?.[2]
			expect(token).toBeDefined()
			expect(location(result)).not.toContain(token)
			expect(await outboxPage(admin)).not.toContain(token)
		})
	})

	describe('when mail does not go out', () => {
		test('the outbox keeps the invitation masked; an administrator creates a new link to pass on', async () => {
			const admin = await person('spravce.bez.smtp@sitovka.cz', 'Správce Bez SMTP', true)
			const result = await inviteAction({
				request: post('/invitations/new', admin, { email: 'petr.novy@rumburk.cz' }),
				params: {},
				context,
			})
			expect(location(result)).toContain('notice=notice.invitationLinkNotMailed')
			const [row] = storedMailTo('petr.novy@rumburk.cz')
			expect(row).toMatchObject({ kind: 'invitation', status: 'stored' })
			expect(row!.text).toMatch(new RegExp(`/invite/${MASK}[a-z2-7]{4}$`, 'm'))
			expect(row!.text).not.toMatch(TOKEN)
			expect(await outboxPage(admin)).not.toMatch(TOKEN)

			const invitation = getDb()
				.select({ id: invitations.id })
				.from(invitations)
				.where(eq(invitations.email, 'petr.novy@rumburk.cz'))
				.get()!
			const renewed = (await invitationsAdminAction({
				request: post('/admin/invitations', admin, {
					intent: 'renew',
					invitationId: invitation.id,
				}),
				params: {},
				context,
			})) as { renewed: { email: string; url: string } }
			expect(renewed.renewed.email).toBe('petr.novy@rumburk.cz')
			const token = TOKEN.exec(renewed.renewed.url)?.[2]
			expect(inspectInvitation(token!).state).toBe('valid')
			// Shown once: nothing about it is stored in the outbox.
			expect(await outboxPage(admin)).not.toContain(token)

			// A second new link replaces the first.
			const again = (await invitationsAdminAction({
				request: post('/admin/invitations', admin, {
					intent: 'renew',
					invitationId: invitation.id,
				}),
				params: {},
				context,
			})) as { renewed: { url: string } }
			expect(inspectInvitation(token!).state).toBe('invalid')
			expect(inspectInvitation(TOKEN.exec(again.renewed.url)![2]!).state).toBe('valid')
		})

		test('only administrators create new links, and only for pending invitations', async () => {
			const admin = await person('spravce.jen@sitovka.cz', 'Správce Jediný', true)
			const member = await person('clen.jen@example.cz', 'Člen Obyčejný')
			await createInvitation({ email: 'zrusena@rumburk.cz', invitedBy: admin, locale: 'cs' })
			const { id } = getDb()
				.select({ id: invitations.id })
				.from(invitations)
				.where(eq(invitations.email, 'zrusena@rumburk.cz'))
				.get()!
			const renew = (who: Person) =>
				invitationsAdminAction({
					request: post('/admin/invitations', who, { intent: 'renew', invitationId: id }),
					params: {},
					context,
				})
			expect(((await thrown(renew(member))) as Response).status).toBe(403)
			await invitationsAdminAction({
				request: post('/admin/invitations', admin, { intent: 'revoke', invitationId: id }),
				params: {},
				context,
			}).catch(() => null)
			expect(((await thrown(renew(admin))) as Response).status).toBe(404)
		})

		test('a failed send keeps no working link either', async () => {
			const admin = await person('spravce.chyba@sitovka.cz', 'Správce Chyba', true)
			const previous = process.env.SMTP_URL
			// Nothing listens on port 9 of this machine: the connection is refused.
			process.env.SMTP_URL = 'smtp://127.0.0.1:9'
			resetEnvCache()
			try {
				const result = await inviteAction({
					request: post('/invitations/new', admin, { email: 'neodeslano@rumburk.cz' }),
					params: {},
					context,
				})
				expect(location(result)).toContain('notice=notice.invitationLinkMailFailed')
			} finally {
				if (previous === undefined) delete process.env.SMTP_URL
				else process.env.SMTP_URL = previous
				resetEnvCache()
			}
			const [row] = storedMailTo('neodeslano@rumburk.cz')
			expect(row).toMatchObject({ status: 'failed' })
			expect(row!.text).toContain(`/invite/${MASK}`)
			expect(row!.text).not.toMatch(TOKEN)
		})
	})
})
