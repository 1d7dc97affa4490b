import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { TerritorySource, useObecTyp } from '#app/territory/territory-format.tsx'
import { getOrp, getOrpNetwork } from '#app/territory/territory.server.ts'
import { notFound } from '#app/utils/errors.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `ORP ${data.orp.nazev} | Síťovka` : 'Území | Síťovka' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	requireUser(request)
	const orp = getOrp(params.kod ?? '')
	if (!orp) notFound()
	return { orp, ...getOrpNetwork(orp.kod) }
}

export default function OrpPage() {
	const { t } = useTranslation()
	const obecTyp = useObecTyp()
	const { orp, organisations, groups } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<p>
				<Link to={`/territory/kraj/${orp.kraj.kod}`}>{orp.kraj.nazev}</Link>
				{' · '}
				<Link to="/territory">{t('territory.back')}</Link>
			</p>
			<h1>ORP {orp.nazev}</h1>
			<dl className="details">
				<dt>{t('territory.orp.kraj')}</dt>
				<dd>
					<Link to={`/territory/kraj/${orp.kraj.kod}`}>{orp.kraj.nazev}</Link>
				</dd>
				<dt>{t('territory.orp.sidlo')}</dt>
				<dd>{orp.sidlo?.nazev ?? '–'}</dd>
				<dt>{t('territory.orp.kod')}</dt>
				<dd>{orp.kod}</dd>
				<dt>{t('territory.col.obceCount')}</dt>
				<dd>{orp.obce.length}</dd>
			</dl>

			<div className="grid">
				<section className="card" aria-labelledby="orp-organisations-title">
					<h2 id="orp-organisations-title">{t('territory.orp.organisations')}</h2>
					{organisations.length > 0 ? (
						<ul className="list">
							{organisations.map((organisation) => (
								<li key={organisation.id}>
									<Link to={`/organisations/${organisation.id}`}>{organisation.name}</Link>
								</li>
							))}
						</ul>
					) : (
						<p className="muted">{t('territory.orp.noOrganisations')}</p>
					)}
				</section>
				<section className="card" aria-labelledby="orp-groups-title">
					<h2 id="orp-groups-title">{t('territory.orp.groups')}</h2>
					{groups.length > 0 ? (
						<ul className="list">
							{groups.map((group) => (
								<li key={group.id}>
									<Link to={`/groups/${group.id}`}>{group.name}</Link>
								</li>
							))}
						</ul>
					) : (
						<p className="muted">{t('territory.orp.noGroups')}</p>
					)}
				</section>
			</div>

			<section aria-labelledby="orp-obce-title">
				<h2 id="orp-obce-title">{t('territory.orp.obceTitle')}</h2>
				<div className="table-wrap">
					<table className="table">
						<caption className="visually-hidden">
							{t('territory.orp.obceCaption', { name: orp.nazev })}
						</caption>
						<thead>
							<tr>
								<th scope="col">{t('territory.col.obecTyp')}</th>
								<th scope="col">{t('territory.col.okres')}</th>
								<th scope="col">{t('territory.col.pou')}</th>
							</tr>
						</thead>
						<tbody>
							{orp.obce.map((obec) => (
								<tr key={obec.kod}>
									<th scope="row">
										{obec.nazev}
										<br />
										<span className="muted">{obecTyp(obec.typ)}</span>
									</th>
									<td>{obec.okresNazev}</td>
									<td>{obec.pouKod ?? '–'}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
				<p className="muted">{t('territory.orp.pouNote')}</p>
			</section>
			<TerritorySource />
		</div>
	)
}
