import { lazy, Suspense, useEffect, useState } from 'react'
import { useTranslation } from '#app/i18n/use-translation.ts'
import type { AgendaEditorProps } from './agenda-editor.tsx'

// Yjs and the socket are loaded only in the browser, after the page is interactive.
const AgendaEditor = lazy(() => import('./agenda-editor.tsx'))

/** The live agenda editor, rendered only in the browser ("Načítám program…" until then). */
export function AgendaClient(props: AgendaEditorProps) {
	const { t } = useTranslation()
	const [mounted, setMounted] = useState(false)
	useEffect(() => setMounted(true), [])
	const placeholder = <p className="muted">{t('agenda.loading')}</p>
	return (
		<>
			<noscript>
				<p>{t('agenda.noScript')}</p>
			</noscript>
			{mounted ? (
				<Suspense fallback={placeholder}>
					<AgendaEditor {...props} />
				</Suspense>
			) : (
				placeholder
			)}
		</>
	)
}
