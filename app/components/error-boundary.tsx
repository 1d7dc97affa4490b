import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useTranslation } from '#app/i18n/use-translation.ts'

/** The one error view every route uses: a Czech explanation per status, never a stack trace. */
export function GeneralErrorBoundary() {
	const error = useRouteError()
	const { t } = useTranslation()
	const status = isRouteErrorResponse(error) ? error.status : 500
	const message =
		status === 404 ? t('error.notFound') : status === 403 ? t('error.forbidden') : t('error.server')
	if (!isRouteErrorResponse(error) && typeof document !== 'undefined') console.error(error)
	return (
		<section className="stack" aria-labelledby="error-title">
			<h1 id="error-title">{t('error.pageTitle')}</h1>
			<p role="alert">{message}</p>
			<p>
				<Link to="/">{t('error.backHome')}</Link>
			</p>
		</section>
	)
}
