import { useRouteLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { createTranslator, DEFAULT_LOCALE, type Locale } from './i18n.ts'

/** The current locale and translator, from the root loader. */
export function useTranslation() {
	const data = useRouteLoaderData<{ locale: Locale }>('root')
	const locale = data?.locale ?? DEFAULT_LOCALE
	const t = useMemo(() => createTranslator(locale), [locale])
	return { t, locale }
}
