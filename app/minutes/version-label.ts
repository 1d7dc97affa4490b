import { formatDateTime } from '#app/i18n/format.ts'
import type { Locale, Translate } from '#app/i18n/i18n.ts'

/** A version's name; automatic versions are named by their time. */
export function versionLabel(
	version: { name: string | null; createdAt: Date | number | string },
	t: Translate,
	locale: Locale,
) {
	return (
		version.name ??
		`${t('minutes.versions.autoName')} ${formatDateTime(new Date(version.createdAt), locale)}`
	)
}
