import { lazy, Suspense, useEffect, useState } from 'react'
import { useTranslation } from '#app/i18n/use-translation.ts'
import type { MinutesEditorProps } from './minutes-editor.tsx'

// TipTap, Yjs and the socket are loaded only in the browser, after the page is interactive.
const MinutesEditor = lazy(() => import('./minutes-editor.tsx'))

/** The live minutes editor, rendered only in the browser ("Načítám zápis…" until then). */
export function MinutesClient(props: MinutesEditorProps) {
	const { t } = useTranslation()
	const [mounted, setMounted] = useState(false)
	useEffect(() => setMounted(true), [])
	const placeholder = <p className="muted minutes-loading">{t('minutes.loading')}</p>
	return (
		<>
			<noscript>
				<p>{t('minutes.noScript')}</p>
			</noscript>
			{mounted ? (
				<Suspense fallback={placeholder}>
					<MinutesEditor {...props} />
				</Suspense>
			) : (
				placeholder
			)}
		</>
	)
}
