import { and, desc, eq, gt, isNull } from 'drizzle-orm'
import { createTranslator, type Locale } from '#app/i18n/i18n.ts'
import { sendMail } from '#app/mail/mailer.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { getDb } from '#db/client.ts'
import { passwordResets, users } from '#db/schema.ts'
import { invalidateAllSessions } from './session.server.ts'
import { clearThrottle, throttleKeys } from './throttle.server.ts'
import { generateSecureRandomString, hashToken } from './tokens.server.ts'
import { setPassword } from './users.server.ts'

/** A reset link works once, for one hour. */
export const PASSWORD_RESET_LIFETIME_MS = 60 * 60 * 1000
/** One mail a minute per account is enough; more would let anyone flood someone's inbox. */
const RESEND_AFTER_MS = 60 * 1000

export function createPasswordReset(userId: string, now = new Date()) {
	const token = generateSecureRandomString()
	const expiresAt = new Date(now.getTime() + PASSWORD_RESET_LIFETIME_MS)
	getDb()
		.insert(passwordResets)
		.values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt })
		.run()
	return { token, url: `${getEnv().baseUrl}/reset-password/${token}`, expiresAt }
}

/** Sends the reset link unless one went out within the last minute. */
export async function sendPasswordResetMail(
	user: { id: string; email: string },
	locale: Locale,
	now = new Date(),
) {
	const recent = getDb()
		.select({ createdAt: passwordResets.createdAt })
		.from(passwordResets)
		.where(eq(passwordResets.userId, user.id))
		.orderBy(desc(passwordResets.createdAt))
		.get()
	if (recent && now.getTime() - recent.createdAt.getTime() < RESEND_AFTER_MS) return null
	const { url } = createPasswordReset(user.id, now)
	await mailPasswordReset(user, url, locale)
	return url
}

/** The reset e-mail itself, in the person's language; the outbox keeps it without SMTP. */
export function mailPasswordReset(user: { email: string }, url: string, locale: Locale) {
	const t = createTranslator(locale)
	return sendMail({
		to: user.email,
		subject: t('auth.reset.mailSubject'),
		text: t('auth.reset.mailBody', { email: user.email, url }),
		kind: 'password-reset',
	})
}

/** The reset a token belongs to, if it is unused and unexpired. */
export function findValidPasswordReset(token: string, now = new Date()) {
	return (
		getDb()
			.select({ id: passwordResets.id, userId: passwordResets.userId })
			.from(passwordResets)
			.where(
				and(
					eq(passwordResets.tokenHash, hashToken(token)),
					isNull(passwordResets.usedAt),
					gt(passwordResets.expiresAt, now),
				),
			)
			.get() ?? null
	)
}

/**
 * Sets a new password with a reset token. The token is marked used in the same statement that
 * checks it, so two submissions cannot both succeed. Every session of the account ends.
 */
export async function resetPassword(token: string, password: string, now = new Date()) {
	const used = getDb()
		.update(passwordResets)
		.set({ usedAt: now })
		.where(
			and(
				eq(passwordResets.tokenHash, hashToken(token)),
				isNull(passwordResets.usedAt),
				gt(passwordResets.expiresAt, now),
			),
		)
		.returning({ userId: passwordResets.userId })
		.get()
	if (!used) return null
	await setPassword(used.userId, password)
	invalidateAllSessions(used.userId)
	// Whoever was locked out by wrong guesses may sign in with the new password straight away.
	const user = getDb()
		.select({ email: users.email })
		.from(users)
		.where(eq(users.id, used.userId))
		.get()
	if (user) clearThrottle(throttleKeys(user.email, null)[0]!.key)
	return used.userId
}
