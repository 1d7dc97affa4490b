import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { requireUser } from '#app/auth/auth.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { TerritorySource, useObecTyp } from '#app/territory/territory-format.tsx'
import { MAX_QUERY_LENGTH } from '#app/territory/territory.schema.ts'
import { listKraje, searchObce, searchOrp } from '#app/territory/territory.server.ts'
import { cleanText } from '#app/utils/normalize.ts'

export const meta: MetaFunction = () => [{ title: 'Území | Síťovka' }]

/** Enough to find any obec by a few letters; a longer list is better narrowed by typing more. */
const OBCE_PAGE_LIMIT = 50

export async function loader({ request }: LoaderFunctionArgs) {
	requireUser(request)
	const q = cleanText(new URL(request.url).searchParams.get('q') ?? '')
		.trim()
		.slice(0, MAX_QUERY_LENGTH)
	const kraje = listKraje()
	if (!q) return { q, kraje, results: null }
	const obce = searchObce(q, OBCE_PAGE_LIMIT + 1)
	return {
		q,
		kraje,
		results: {
			obce: obce.slice(0, OBCE_PAGE_LIMIT),
			obceTruncated: obce.length > OBCE_PAGE_LIMIT,
			orp: searchOrp(q),
		},
	}
}

export default function TerritoryIndex() {
	const { t, locale } = useTranslation()
	const obecTyp = useObecTyp()
	const { q, kraje, results } = useLoaderData<typeof loader>()
	const inputRef = useRef<HTMLInputElement>(null)
	// The input is uncontrolled; keep it in step with ?q= after back/forward navigation.
	useEffect(() => {
		if (inputRef.current && inputRef.current.value !== q) inputRef.current.value = q
	}, [q])
	const total = results ? results.obce.length + results.orp.length : 0
	return (
		<div className="stack">
			<h1>{t('territory.title')}</h1>
			<p className="muted">{t('territory.intro')}</p>

			<section className="card stack" aria-labelledby="territory-search-title">
				<h2 id="territory-search-title">{t('territory.search.title')}</h2>
				<Form method="get" role="search" className="form">
					<div className="field">
						<label htmlFor="territory-q">{t('territory.search.label')}</label>
						<p id="territory-q-hint" className="field-hint">
							{t('territory.search.hint')}
						</p>
						<input
							ref={inputRef}
							id="territory-q"
							type="search"
							name="q"
							defaultValue={q}
							maxLength={MAX_QUERY_LENGTH}
							autoComplete="off"
							aria-describedby="territory-q-hint"
						/>
					</div>
					<div className="actions">
						<button type="submit" className="button">
							{t('territory.search.submit')}
						</button>
					</div>
				</Form>
				{/* Always rendered, so screen readers announce the count when it changes. */}
				<div role="status">
					{results ? (
						<p>
							{t('count.results', { count: total })}
							{total === 0 ? ` ${t('territory.search.none', { q })}` : null}
							{results.obceTruncated
								? ` ${t('territory.search.truncated', { count: results.obce.length })}`
								: null}
						</p>
					) : null}
				</div>
			</section>

			{results && total > 0 ? (
				<section aria-labelledby="territory-results-title" className="stack">
					<h2 id="territory-results-title">{t('territory.search.results', { q })}</h2>
					{results.orp.length > 0 ? (
						<section aria-labelledby="territory-results-orp">
							<h3 id="territory-results-orp">{t('territory.search.orp')}</h3>
							<ul className="list">
								{results.orp.map((item) => (
									<li key={item.kod}>
										<Link to={`/territory/orp/${item.kod}`}>{item.nazev}</Link>{' '}
										<span className="muted">
											({t('territory.col.kraj')}:{' '}
											<Link to={`/territory/kraj/${item.krajKod}`}>{item.krajNazev}</Link>)
										</span>
									</li>
								))}
							</ul>
						</section>
					) : null}
					{results.obce.length > 0 ? (
						<section aria-labelledby="territory-results-obce">
							<h3 id="territory-results-obce">{t('territory.search.obce')}</h3>
							<div className="table-wrap">
								<table className="table">
									<caption className="visually-hidden">{t('territory.search.obceCaption')}</caption>
									<thead>
										<tr>
											<th scope="col">{t('territory.col.obec')}</th>
											<th scope="col">{t('territory.col.orp')}</th>
											<th scope="col">{t('territory.col.kraj')}</th>
										</tr>
									</thead>
									<tbody>
										{results.obce.map((obec) => (
											<tr key={obec.kod}>
												<th scope="row">
													{obec.nazev}
													<br />
													<span className="muted">
														{obecTyp(obec.typ)}, {t('territory.okres', { name: obec.okresNazev })}
													</span>
												</th>
												<td>
													<Link to={`/territory/orp/${obec.orpKod}`}>{obec.orpNazev}</Link>
												</td>
												<td>
													<Link to={`/territory/kraj/${obec.krajKod}`}>{obec.krajNazev}</Link>
												</td>
											</tr>
										))}
									</tbody>
								</table>
							</div>
						</section>
					) : null}
				</section>
			) : null}

			<section aria-labelledby="territory-kraje-title">
				<h2 id="territory-kraje-title">{t('territory.kraje.title')}</h2>
				<div className="table-wrap">
					<table className="table">
						<caption className="visually-hidden">{t('territory.kraje.caption')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('territory.col.kraj')}</th>
								<th scope="col">{t('territory.col.orpCount')}</th>
								<th scope="col">{t('territory.col.obceCount')}</th>
							</tr>
						</thead>
						<tbody>
							{kraje.map((kraj) => (
								<tr key={kraj.kod}>
									<th scope="row">
										<Link to={`/territory/kraj/${kraj.kod}`}>{kraj.nazev}</Link>
									</th>
									<td>{kraj.orpCount}</td>
									<td>{kraj.obceCount.toLocaleString(locale)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			</section>
			<TerritorySource />
		</div>
	)
}
