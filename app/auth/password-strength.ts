import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as cs from '@zxcvbn-ts/language-cs'
import * as en from '@zxcvbn-ts/language-en'
import type { Locale } from '#app/i18n/i18n.ts'

export const MIN_PASSWORD_LENGTH = 10
/** zxcvbn score from 0 (guessed at once) to 4; we accept 3 and up. */
export const MIN_PASSWORD_SCORE = 3

let configuredFor: Locale | undefined

function configure(locale: Locale) {
	if (configuredFor === locale) return
	const language = locale === 'cs' ? cs : en
	zxcvbnOptions.setOptions({
		translations: language.translations,
		graphs: common.adjacencyGraphs,
		dictionary: {
			...common.dictionary,
			...en.dictionary,
			...cs.dictionary,
		},
	})
	configuredFor = locale
}

export type PasswordStrength = {
	score: 0 | 1 | 2 | 3 | 4
	acceptable: boolean
	/** Localised hints from zxcvbn-ts (Czech translations for cs). */
	warning: string
	suggestions: string[]
}

/**
 * Rates a password with zxcvbn-ts and its Czech dictionary. The person's own name and e-mail
 * count as guessable words.
 */
export function checkPasswordStrength(
	password: string,
	locale: Locale,
	userInputs: string[] = [],
): PasswordStrength {
	configure(locale)
	const inputs = userInputs.flatMap((input) => input.toLowerCase().split(/[\s@.]+/)).filter(Boolean)
	const result = zxcvbn(password, inputs)
	const score = result.score as PasswordStrength['score']
	return {
		score,
		acceptable: password.length >= MIN_PASSWORD_LENGTH && score >= MIN_PASSWORD_SCORE,
		warning: result.feedback.warning ?? '',
		suggestions: result.feedback.suggestions,
	}
}
