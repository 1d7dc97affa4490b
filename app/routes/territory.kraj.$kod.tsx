import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { TerritorySource } from '#app/territory/territory-format.tsx'
import { getKraj } from '#app/territory/territory.server.ts'
import { notFound } from '#app/utils/errors.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `${data.kraj.nazev} | Síťovka` : 'Území | Síťovka' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	requireUser(request)
	const kraj = getKraj(params.kod ?? '')
	if (!kraj) notFound()
	return { kraj }
}

export default function KrajPage() {
	const { t, locale } = useTranslation()
	const { kraj } = useLoaderData<typeof loader>()
	const obceTotal = kraj.orp.reduce((sum, item) => sum + item.obceCount, 0)
	return (
		<div className="stack">
			<p>
				<Link to="/territory">{t('territory.back')}</Link>
			</p>
			<h1>{kraj.nazev}</h1>
			<dl className="details">
				<dt>{t('territory.kraj.kod')}</dt>
				<dd>{kraj.kod}</dd>
				<dt>{t('territory.kraj.nuts3')}</dt>
				<dd>{kraj.nuts3}</dd>
				<dt>{t('territory.col.orpCount')}</dt>
				<dd>{kraj.orp.length}</dd>
				<dt>{t('territory.col.obceCount')}</dt>
				<dd>{obceTotal.toLocaleString(locale)}</dd>
			</dl>
			<section aria-labelledby="kraj-orp-title">
				<h2 id="kraj-orp-title">{t('territory.kraj.orpTitle')}</h2>
				<div className="table-wrap">
					<table className="table">
						<caption className="visually-hidden">
							{t('territory.kraj.orpCaption', { name: kraj.nazev })}
						</caption>
						<thead>
							<tr>
								<th scope="col">{t('territory.col.orp')}</th>
								<th scope="col">{t('territory.col.obceCount')}</th>
							</tr>
						</thead>
						<tbody>
							{kraj.orp.map((item) => (
								<tr key={item.kod}>
									<th scope="row">
										<Link to={`/territory/orp/${item.kod}`}>{item.nazev}</Link>
									</th>
									<td>{item.obceCount.toLocaleString(locale)}</td>
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
