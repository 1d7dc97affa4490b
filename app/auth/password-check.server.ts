import type { z } from 'zod'
import type { Locale } from '#app/i18n/i18n.ts'
import { checkPasswordStrength } from './password-strength.ts'

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
