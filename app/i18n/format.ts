import { TIME_ZONE, type Locale } from './i18n.ts'

const tags: Record<Locale, string> = { cs: 'cs-CZ', en: 'en-GB' }

/** "23. 11. 2026" */
export function formatDate(value: Date | number, locale: Locale) {
	return new Intl.DateTimeFormat(tags[locale], { dateStyle: 'medium', timeZone: TIME_ZONE }).format(
		value,
	)
}

/** "23. 11. 2026 17:40", always in Europe/Prague whatever the server's zone. */
export function formatDateTime(value: Date | number, locale: Locale) {
	return new Intl.DateTimeFormat(tags[locale], {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: TIME_ZONE,
	}).format(value)
}

export function formatNumber(value: number, locale: Locale) {
	return new Intl.NumberFormat(tags[locale]).format(value)
}

export function languageTag(locale: Locale) {
	return tags[locale]
}
