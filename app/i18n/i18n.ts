import type { Message } from './define.ts'
import { messages, type MessageKey } from './messages.ts'

export const LOCALES = ['cs', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'cs'
export const TIME_ZONE = 'Europe/Prague'

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export type { Message } from './define.ts'

export type Params = Record<string, string | number>

const pluralRules = new Map<Locale, Intl.PluralRules>()

function pluralCategory(locale: Locale, count: number) {
	let rules = pluralRules.get(locale)
	if (!rules) {
		rules = new Intl.PluralRules(locale)
		pluralRules.set(locale, rules)
	}
	return rules.select(count)
}

function interpolate(template: string, params: Params | undefined, locale: Locale) {
	if (!params) return template
	return template.replace(/\{(\w+)\}/g, (match, name: string) => {
		const value = params[name]
		if (value === undefined) return match
		return typeof value === 'number' ? value.toLocaleString(locale) : value
	})
}

export type Translate = (key: MessageKey | (string & {}), params?: Params) => string

/**
 * Returns the translator for a locale. Unknown keys fall back to Czech, then to the key itself,
 * so a missing translation shows something readable instead of breaking the page.
 */
export function createTranslator(locale: Locale): Translate {
	return (key, params) => {
		const message: Message | undefined =
			(messages[locale] as Record<string, Message>)[key] ??
			(messages.cs as Record<string, Message>)[key]
		if (message === undefined) return key
		if (typeof message === 'string') return interpolate(message, params, locale)
		const count = Number(params?.count ?? 0)
		const form = message[pluralCategory(locale, count)] ?? message.other
		return interpolate(form, params, locale)
	}
}
