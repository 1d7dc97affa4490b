import { useTranslation } from '#app/i18n/use-translation.ts'
import type { DocState } from '#app/realtime/status.ts'
import { useShownStatus } from './use-doc-state.ts'

const KNOWN_ERRORS = new Set([
	'unauthorized',
	'forbidden',
	'not_found',
	'too_many_documents',
	'too_many_connections',
	'document_too_large',
	'read_only',
	'too_large',
	'malformed',
])

/** "Ukládám…", "Uloženo", "Offline – …" or what went wrong, announced politely. */
export function SaveStatus({ state }: { state: DocState }) {
	const { t } = useTranslation()
	const status = useShownStatus(state)
	const text =
		status === 'error'
			? t(
					state.error && KNOWN_ERRORS.has(state.error)
						? `minutes.error.${state.error}`
						: 'minutes.error.generic',
				)
			: state.readOnly && (status === 'synced' || status === 'saved')
				? t('minutes.status.upToDate')
				: t(`minutes.status.${status}`)
	return (
		<p
			className={`minutes-status minutes-status--${status}`}
			aria-live="polite"
			data-status={status}
		>
			<span className="visually-hidden">{t('minutes.status.label')}: </span>
			{text}
		</p>
	)
}
