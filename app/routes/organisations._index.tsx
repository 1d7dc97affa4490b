import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { Field, SelectField } from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { OrganisationFilterSchema } from '#app/organisations/organisation.schema.ts'
import { listOrganisations, listOrpFilterOptions } from '#app/organisations/organisations.server.ts'
import { OrpSelect } from '#app/territory/territory-select.tsx'
import { ORGANISATION_KINDS } from '#db/schema/organisations.ts'

export const meta: MetaFunction = () => [{ title: 'Organizace | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const params = new URL(request.url).searchParams
	const filter = OrganisationFilterSchema.parse({
		q: params.get('q') || undefined,
		kind: params.get('kind') || undefined,
		orp: params.get('orp') || undefined,
	})
	const organisations = listOrganisations({ q: filter.q, kind: filter.kind, orpKod: filter.orp })
	return {
		canCreate: user.isAdmin,
		filter,
		filtered: Boolean(filter.q || filter.kind || filter.orp),
		organisations: organisations.map((row) => ({
			id: row.id,
			name: row.name,
			kind: row.kind,
			ico: row.ico,
			territory: row.orpNazev ?? row.krajNazev,
			memberCount: row.memberCount,
		})),
		orpOptions: listOrpFilterOptions(filter.orp),
	}
}

export default function OrganisationsPage() {
	const { t } = useTranslation()
	const { canCreate, filter, filtered, organisations, orpOptions } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<div className="page-header">
				<h1>{t('organisations.title')}</h1>
				{canCreate ? (
					<Link to="/organisations/new" className="button">
						{t('organisations.new')}
					</Link>
				) : null}
			</div>
			<p className="muted">{t('organisations.intro')}</p>
			<Form
				method="get"
				role="search"
				className="card organisation-filters"
				aria-label={t('organisations.search.title')}
			>
				<Field
					label={t('organisations.search.q')}
					hint={t('organisations.search.qHint')}
					inputProps={{
						id: 'organisations-q',
						type: 'search',
						name: 'q',
						defaultValue: filter.q ?? '',
						maxLength: 100,
					}}
				/>
				<SelectField
					label={t('organisations.search.kind')}
					selectProps={{ id: 'organisations-kind', name: 'kind', defaultValue: filter.kind ?? '' }}
					options={ORGANISATION_KINDS.map((kind) => ({
						value: kind,
						label: t(`organisations.kind.${kind}`),
					}))}
					placeholder={t('organisations.search.kindAll')}
				/>
				<OrpSelect
					label={t('organisations.search.orp')}
					selectProps={{ id: 'organisations-orp', name: 'orp', defaultValue: filter.orp ?? '' }}
					options={orpOptions}
					placeholder={t('organisations.search.orpAll')}
				/>
				<div className="actions">
					<button type="submit" className="button button--secondary">
						{t('organisations.search.submit')}
					</button>
					{filtered ? <Link to="/organisations">{t('organisations.search.reset')}</Link> : null}
				</div>
			</Form>
			<p role="status">
				{filtered
					? t('count.results', { count: organisations.length })
					: t('count.organisations', { count: organisations.length })}
			</p>
			{organisations.length ? (
				<div className="table-wrap">
					<table className="table">
						<caption className="visually-hidden">{t('organisations.list.caption')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('organisations.field.name')}</th>
								<th scope="col">{t('organisations.field.kind')}</th>
								<th scope="col">{t('organisations.list.territory')}</th>
								<th scope="col">{t('organisations.field.ico')}</th>
								<th scope="col">{t('organisations.list.members')}</th>
							</tr>
						</thead>
						<tbody>
							{organisations.map((organisation) => (
								<tr key={organisation.id}>
									<th scope="row">
										<Link to={`/organisations/${organisation.id}`}>{organisation.name}</Link>
									</th>
									<td>{t(`organisations.kind.${organisation.kind}`)}</td>
									<td>{organisation.territory ?? '–'}</td>
									<td>{organisation.ico ?? '–'}</td>
									<td>{organisation.memberCount}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			) : (
				<p className="muted">
					{filtered ? t('organisations.list.noResults') : t('organisations.list.empty')}
				</p>
			)}
		</div>
	)
}
