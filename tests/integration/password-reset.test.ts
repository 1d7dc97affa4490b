import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import {
	createPasswordReset,
	findValidPasswordReset,
	resetPassword,
	sendPasswordResetMail,
} from '#app/auth/password-reset.server.ts'
import { verifyPassword } from '#app/auth/password.server.ts'
import { createSession, validateSessionToken } from '#app/auth/session.server.ts'
import { createUser, findUserByEmail } from '#app/auth/users.server.ts'
import { action as adminUsersAction } from '#app/routes/admin.users.tsx'
import { action as forgotAction } from '#app/routes/forgot-password.tsx'
import { getDb } from '#db/client.ts'
import { outbox, passwordResets } from '#db/schema.ts'

const OLD = 'Zelena-louka-u-Jizery-2026'
const NEW = 'Modra-obloha-nad-Pisekem-77'

describe('password reset', () => {
	test('the e-mailed link works once, sets the password and ends every session', async () => {
		const user = await createUser({
			email: 'alena@example.cz',
			name: 'Alena Svobodová',
			password: OLD,
		})
		const session = createSession(user.id)
		const url = await sendPasswordResetMail(user, 'cs')
		const mail = getDb().select().from(outbox).where(eq(outbox.to, 'alena@example.cz')).get()!
		expect(mail.kind).toBe('password-reset')
		expect(mail.subject).toBe('Síťovka: obnovení hesla')
		const token = url!.split('/reset-password/')[1]!
		// Only the hash is stored, and the outbox keeps the link masked (outbox-secrets.test.ts).
		expect(JSON.stringify(getDb().select().from(passwordResets).all())).not.toContain(token)
		expect(mail.text).not.toContain(token)
		expect(mail.text).toContain(`/reset-password/••••••${token.slice(-4)}`)

		expect(await resetPassword(token, NEW)).toBe(user.id)
		expect(await verifyPassword(findUserByEmail('alena@example.cz')!.passwordHash, NEW)).toBe(true)
		expect(validateSessionToken(session.token)).toBeNull()
		expect(await resetPassword(token, 'Jeste-jine-heslo-na-zkousku')).toBeNull()
		expect(await verifyPassword(findUserByEmail('alena@example.cz')!.passwordHash, NEW)).toBe(true)
	})

	test('a link older than one hour no longer works', async () => {
		const user = await createUser({
			email: 'bohdan@example.cz',
			name: 'Bohdan Král',
			password: OLD,
		})
		const issued = new Date('2026-05-01T10:00:00Z')
		const { token } = createPasswordReset(user.id, issued)
		expect(findValidPasswordReset(token, new Date(issued.getTime() + 59 * 60_000))).not.toBeNull()
		expect(await resetPassword(token, NEW, new Date(issued.getTime() + 60 * 60_000 + 1))).toBeNull()
	})

	test('the forgot-password form answers the same for unknown addresses and sends nothing', async () => {
		await createUser({ email: 'cyril@example.cz', name: 'Cyril Novotný', password: OLD })
		const ask = (email: string) =>
			forgotAction({
				request: new Request('http://localhost:3000/forgot-password', {
					method: 'POST',
					body: new URLSearchParams({ email }),
				}),
				params: {},
				context: { clientIp: null, requestId: 't' },
			})
		const known = (await ask('cyril@example.cz')) as { sent: boolean }
		const unknown = (await ask('neexistuje@example.cz')) as { sent: boolean }
		expect(known.sent).toBe(true)
		expect(unknown.sent).toBe(true)
		const mails = getDb().select({ to: outbox.to }).from(outbox).all()
		expect(mails.map((mail) => mail.to)).toContain('cyril@example.cz')
		expect(mails.map((mail) => mail.to)).not.toContain('neexistuje@example.cz')
	})

	test('an administrator can send someone a reset link; others cannot', async () => {
		const admin = await createUser({
			email: 'spravce@example.cz',
			name: 'Správce Síťovky',
			password: OLD,
			isAdmin: true,
		})
		const member = await createUser({
			email: 'dana@example.cz',
			name: 'Dana Pokorná',
			password: OLD,
		})
		const send = (cookieUserId: string) =>
			adminUsersAction({
				request: new Request('http://localhost:3000/admin/users', {
					method: 'POST',
					body: new URLSearchParams({ userId: member.id }),
					headers: { Cookie: `sitovka_session=${createSession(cookieUserId).token}` },
				}),
				params: {},
				context: { clientIp: null, requestId: 't' },
			}).catch((thrown: unknown) => thrown as Response)
		const refused = await send(member.id)
		expect(refused.status).toBe(403)
		const response = await send(admin.id)
		expect(response.status).toBe(302)
		// Without SMTP nothing is sent, and the link is shown nowhere (the delivered link is
		// tested with an SMTP server in outbox-secrets.test.ts).
		expect(response.headers.get('Location')).toContain('notice=notice.adminResetNotSent')
		const mail = getDb().select().from(outbox).where(eq(outbox.to, 'dana@example.cz')).get()!
		expect(mail).toMatchObject({ kind: 'password-reset', status: 'stored' })
		expect(mail.text).not.toMatch(/\/reset-password\/[a-z2-7]{24}/)
		expect(
			getDb().select().from(passwordResets).where(eq(passwordResets.userId, member.id)).all(),
		).toHaveLength(1)
	})
})
