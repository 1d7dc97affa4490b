import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { formatDateTime } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import {
	buildMatchExpression,
	DEFAULT_LIMIT,
	MAX_QUERY_LENGTH,
	type SnippetPart,
} from '#app/search/search-query.ts'
import { search } from '#app/search/search.server.ts'
import { cleanText } from '#app/utils/normalize.ts'

export const meta: MetaFunction = () => [{ title: 'Hledat | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const q = cleanText(new URL(request.url).searchParams.get('q') ?? '').slice(0, MAX_QUERY_LENGTH)
	if (!q.trim()) return { q, status: 'idle' as const, results: [], limited: false }
	if (!buildMatchExpression(q)) return { q, status: 'short' as const, results: [], limited: false }
	const results = search(user, q, { limit: DEFAULT_LIMIT + 1 })
	return {
		q,
		status: 'done' as const,
		results: results.slice(0, DEFAULT_LIMIT).map((result) => ({
			key: `${result.kind}:${result.refId}`,
			kind: result.kind,
			href: result.href,
			meetingTitle: result.meetingTitle,
			itemTitle: result.itemTitle,
			groupName: result.groupName,
			startsAt: result.startsAt,
			snippet: result.snippet,
		})),
		limited: results.length > DEFAULT_LIMIT,
	}
}

function Snippet({ parts }: { parts: SnippetPart[] }) {
	return (
		<p className="search-result__snippet">
			{parts.map((part, index) =>
				part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
			)}
		</p>
	)
}

export default function SearchPage() {
	const { t, locale } = useTranslation()
	const { q, status, results, limited } = useLoaderData<typeof loader>()
	return (
		<div className="stack narrow">
			<h1>{t('search.title')}</h1>
			<Form method="get" action="/search" className="form card" role="search">
				<div className="field">
					<label htmlFor="search-q">{t('search.form.label')}</label>
					<input
						key={q}
						id="search-q"
						type="search"
						name="q"
						defaultValue={q}
						maxLength={MAX_QUERY_LENGTH}
						aria-describedby="search-q-hint"
					/>
					<p id="search-q-hint" className="muted">
						{t('search.form.hint')}
					</p>
				</div>
				<div className="actions">
					<button type="submit" className="button">
						{t('search.form.submit')}
					</button>
				</div>
			</Form>
			<p role="status" aria-live="polite">
				{status === 'short'
					? t('search.short')
					: status === 'done'
						? results.length
							? t('search.count', { count: results.length })
							: t('search.empty')
						: null}
			</p>
			{limited ? <p className="muted">{t('search.limited', { count: results.length })}</p> : null}
			{results.length ? (
				<ul className="list search-results" aria-label={t('search.results.label')}>
					{results.map((result) => (
						<li key={result.key} className="search-result">
							<h2 className="search-result__title">
								<span className="badge">{t(`search.kind.${result.kind}`)}</span>{' '}
								<Link to={result.href}>
									{result.meetingTitle}
									{result.itemTitle ? ` – ${result.itemTitle}` : ''}
								</Link>
							</h2>
							<p className="muted search-result__meta">
								{t('search.result.meta', {
									group: result.groupName,
									date: formatDateTime(result.startsAt, locale),
								})}
							</p>
							{result.snippet.length ? <Snippet parts={result.snippet} /> : null}
						</li>
					))}
				</ul>
			) : null}
		</div>
	)
}
