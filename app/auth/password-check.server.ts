import type { z } from 'zod'
import type { Locale } from '#app/i18n/i18n.ts'
import { checkCurrentPassword } from './login.server.ts'
import { checkPasswordStrength } from './password-strength.ts'
import { throttledMessage } from './throttle.server.ts'

/** Adds the zxcvbn-ts verdict to the `password` field of a parsed form. */
export function requireStrongPassword(
	ctx: z.RefinementCtx,
	password: string | undefined,
	locale: Locale,
	userInputs: Array<string | undefined>,
) {
	if (!password || password.length < 10) return
	const strength = checkPasswordStrength(
		password,
		locale,
		userInputs.filter((input): input is string => Boolean(input)),
	)
	if (!strength.acceptable) {
		ctx.addIssue({ code: 'custom', path: ['password'], message: 'auth.password.weak' })
	}
}

/**
 * Adds an error to the `currentPassword` field unless the signed-in person typed their current
 * password. Throttled like signing in (`checkCurrentPassword`); when throttled the message says
 * how long to wait.
 */
export async function requireCurrentPassword(
	ctx: z.RefinementCtx,
	user: { email: string; passwordHash: string },
	password: string | undefined,
	ip: string | null,
) {
	if (!password) return
	const check = await checkCurrentPassword(user, password, ip)
	if (check.ok) return
	ctx.addIssue({
		code: 'custom',
		path: ['currentPassword'],
		message:
			check.reason === 'throttled' ? throttledMessage(check.waitMs) : 'auth.account.wrongPassword',
	})
}
