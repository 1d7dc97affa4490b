import { TIME_ZONE, type Locale } from '#app/i18n/i18n.ts'
import { languageTag } from '#app/i18n/format.ts'

const dayFormats = new Map<Locale, Intl.DateTimeFormat>()
const timeFormats = new Map<Locale, Intl.DateTimeFormat>()

function dayFormat(locale: Locale) {
	let format = dayFormats.get(locale)
	if (!format) {
		format = new Intl.DateTimeFormat(languageTag(locale), {
			weekday: 'short',
			day: 'numeric',
			month: locale === 'cs' ? 'numeric' : 'short',
			year: 'numeric',
			timeZone: TIME_ZONE,
		})
		dayFormats.set(locale, format)
	}
	return format
}

function timeFormat(locale: Locale) {
	let format = timeFormats.get(locale)
	if (!format) {
		format = new Intl.DateTimeFormat(languageTag(locale), {
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
			timeZone: TIME_ZONE,
		})
		timeFormats.set(locale, format)
	}
	return format
}

/** "st 13. 1. 2027, 15:00–17:00" in Prague time. */
export function formatSlot(startsAt: Date | string, endsAt: Date | string, locale: Locale) {
	const start = new Date(startsAt)
	const end = new Date(endsAt)
	const time = timeFormat(locale)
	return `${dayFormat(locale).format(start)}, ${time.format(start)}–${time.format(end)}`
}
