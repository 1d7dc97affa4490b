import { readCookie } from '#app/auth/cookie.server.ts'
import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n.ts'

export const LOCALE_COOKIE = 'sitovka_lang'

/** The signed-in person's choice, else the language cookie, else Czech. */
export function getLocale(request: Request, user?: { locale: Locale } | null): Locale {
	if (user) return user.locale
	const fromCookie = readCookie(request.headers.get('Cookie'), LOCALE_COOKIE)
	return isLocale(fromCookie) ? fromCookie : DEFAULT_LOCALE
}
