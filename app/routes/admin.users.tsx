import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listUsersWithOrganisations } from '#app/admin/admin.server.ts'
import { requireAdmin } from '#app/auth/auth.server.ts'
import { formatDate } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'

export const meta: MetaFunction = () => [{ title: 'Uživatelé | Správa | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	requireAdmin(request)
	return { users: listUsersWithOrganisations() }
}

export default function AdminUsersPage() {
	const { t, locale } = useTranslation()
	const { users } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<p>
				<Link to="/admin">{t('admin.back')}</Link>
			</p>
			<div className="page-header">
				<h1>{t('admin.users')}</h1>
				<Link to="/invitations/new" className="button">
					{t('admin.invite')}
				</Link>
			</div>
			<p className="muted">
				{t('admin.users.intro')} {t('admin.users.count', { count: users.length })}.
			</p>
			<div className="table-wrap admin-table">
				<table className="table">
					<caption className="visually-hidden">{t('admin.users.caption')}</caption>
					<thead>
						<tr>
							<th scope="col">{t('admin.users.name')}</th>
							<th scope="col">{t('admin.users.email')}</th>
							<th scope="col">{t('admin.users.organisations')}</th>
							<th scope="col">{t('admin.users.created')}</th>
						</tr>
					</thead>
					<tbody>
						{users.map((user) => (
							<tr key={user.id}>
								<td>
									{user.name}
									{user.isAdmin ? (
										<>
											{' '}
											<span className="badge">{t('admin.users.admin')}</span>
										</>
									) : null}
								</td>
								<td>
									<a href={`mailto:${user.email}`}>{user.email}</a>
								</td>
								<td>
									{user.organisations.length
										? user.organisations.map((organisation, index) => (
												<span key={organisation.id}>
													{index > 0 ? ', ' : null}
													<Link to={`/organisations/${organisation.id}`}>{organisation.name}</Link>
												</span>
											))
										: t('admin.users.noOrganisation')}
								</td>
								<td>{formatDate(new Date(user.createdAt), locale)}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</div>
	)
}
