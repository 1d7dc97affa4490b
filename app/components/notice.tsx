import { useTranslation } from '#app/i18n/use-translation.ts'

/**
 * A success message carried in the URL after a redirect (`?notice=<message key>`), announced
 * politely to screen readers. Only keys under `notice.` are shown, so a link cannot inject text.
 */
export function Notice({ messageKey }: { messageKey: string }) {
	const { t } = useTranslation()
	if (!messageKey.startsWith('notice.')) return null
	const text = t(messageKey)
	if (text === messageKey) return null
	return (
		<div className="notice" role="status">
			{text}
		</div>
	)
}
