import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { GroupFilterSchema } from '#app/groups/group.schema.ts'
import { listGroups } from '#app/groups/groups.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { KrajSelect, OrpSelect } from '#app/territory/territory-select.tsx'
import { listKrajOptions, listOrpOptions } from '#app/territory/territory.server.ts'
import { GROUP_KINDS } from '#db/schema/groups.ts'

export const meta: MetaFunction = () => [{ title: 'Skupiny | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const url = new URL(request.url)
	const filter = GroupFilterSchema.parse({
		kind: url.searchParams.get('kind') || undefined,
		kraj: url.searchParams.get('kraj') || undefined,
		orp: url.searchParams.get('orp') || undefined,
	})
	return {
		canCreate: user.isAdmin,
		filter,
		filtered: Boolean(filter.kind || filter.kraj || filter.orp),
		groups: listGroups({ kind: filter.kind, krajKod: filter.kraj, orpKod: filter.orp }),
		orpOptions: listOrpOptions(),
		krajOptions: listKrajOptions(),
	}
}

export default function GroupsPage() {
	const { t } = useTranslation()
	const { canCreate, filter, filtered, groups, orpOptions, krajOptions } =
		useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<div className="page-header">
				<h1>{t('groups.title')}</h1>
				{canCreate ? (
					<Link to="/groups/new" className="button">
						{t('groups.new')}
					</Link>
				) : null}
			</div>
			<p className="muted">{t('groups.intro')}</p>
			<Form method="get" className="filters card" aria-label={t('groups.filter.title')}>
				<div className="field">
					<label htmlFor="filter-kind">{t('groups.filter.kind')}</label>
					<select id="filter-kind" name="kind" defaultValue={filter.kind ?? ''}>
						<option value="">{t('groups.filter.anyKind')}</option>
						{GROUP_KINDS.map((kind) => (
							<option key={kind} value={kind}>
								{t(`groups.kind.${kind}`)}
							</option>
						))}
					</select>
				</div>
				<KrajSelect
					label={t('groups.filter.kraj')}
					selectProps={{ id: 'filter-kraj', name: 'kraj', defaultValue: filter.kraj ?? '' }}
					options={krajOptions}
					placeholder={t('groups.filter.anyKraj')}
				/>
				<OrpSelect
					label={t('groups.filter.orp')}
					selectProps={{ id: 'filter-orp', name: 'orp', defaultValue: filter.orp ?? '' }}
					options={orpOptions}
					placeholder={t('groups.filter.anyOrp')}
				/>
				<div className="actions">
					<button type="submit" className="button button--secondary">
						{t('groups.filter.submit')}
					</button>
					{filtered ? <Link to="/groups">{t('groups.filter.reset')}</Link> : null}
				</div>
			</Form>
			{filtered ? <p role="status">{t('count.results', { count: groups.length })}</p> : null}
			{groups.length ? (
				<ul className="list" aria-label={t('groups.list.label')}>
					{groups.map((group) => (
						<li key={group.id} className="group-item">
							<h2 className="group-item__name">
								<Link to={`/groups/${group.id}`}>{group.name}</Link>
							</h2>
							<p className="muted group-item__meta">
								<span className="badge">{t(`groups.kind.${group.kind}`)}</span>{' '}
								{group.orpNazev
									? t('groups.territory.orpName', { name: group.orpNazev })
									: group.krajNazev
										? t('groups.territory.wholeKraj', { name: group.krajNazev })
										: t('groups.territory.none')}
								{' · '}
								{t('count.members', { count: group.memberCount })}
							</p>
						</li>
					))}
				</ul>
			) : (
				<p className="muted">
					{filtered
						? t('groups.emptyFiltered')
						: canCreate
							? t('groups.emptyAdmin')
							: t('groups.empty')}
				</p>
			)}
		</div>
	)
}
