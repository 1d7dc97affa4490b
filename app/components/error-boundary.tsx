import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useTranslation } from '#app/i18n/use-translation.ts'

/** The message key a refusal carries (`{ error: key }`, see `app/utils/errors.ts`), if any. */
function errorKeyOf(body: unknown): string | null {
	if (typeof body === 'object' && body !== null && 'error' in body) {
		const key = (body as { error: unknown }).error
		if (typeof key === 'string' && /^[a-z][A-Za-z0-9.]*$/.test(key)) return key
	}
	return null
}

function statusKey(status: number) {
	switch (status) {
		case 400:
			return 'error.badRequest'
		case 403:
			return 'error.forbidden'
		case 404:
			return 'error.notFound'
		default:
			return 'error.server'
	}
}

/**
 * The one error view every route uses: the refusal's own message when it names one (its key),
 * else a Czech explanation per status; never a stack trace.
 */
export function GeneralErrorBoundary() {
	const error = useRouteError()
	const { t } = useTranslation()
	const status = isRouteErrorResponse(error) ? error.status : 500
	// 503 carries a key too: the server cannot store anything (server/storage-failures.ts).
	const key =
		isRouteErrorResponse(error) && (status < 500 || status === 503) ? errorKeyOf(error.data) : null
	const fallback = t(statusKey(status))
	// A key without a message (t answers the key itself) falls back to the status's message.
	const keyed = key ? t(key) : null
	const message = keyed && keyed !== key ? keyed : fallback
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
