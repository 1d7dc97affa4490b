import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { listUsersWithOrganisations } from '#app/admin/admin.server.ts'
import { requireAdmin } from '#app/auth/auth.server.ts'
import { createPasswordReset, mailPasswordReset } from '#app/auth/password-reset.server.ts'
import { getDb } from '#db/client.ts'
import { users as usersTable } from '#db/schema.ts'
import { eq } from 'drizzle-orm'
import { withNotice } from '#app/utils/notice.ts'
import { requireFound } from '#app/utils/errors.ts'
import { formatDate } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'

export const meta: MetaFunction = () => [{ title: 'Uživatelé | Správa | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	requireAdmin(request)
	return { users: listUsersWithOrganisations() }
}

/** An administrator sends someone a fresh one-hour reset link (e.g. "I forgot my password"). */
export async function action({ request }: ActionFunctionArgs) {
	requireAdmin(request)
	const formData = await request.formData()
	const userId = String(formData.get('userId') ?? '')
	const user = requireFound(
		getDb()
			.select({ id: usersTable.id, email: usersTable.email, locale: usersTable.locale })
			.from(usersTable)
			.where(eq(usersTable.id, userId))
			.get(),
	)
	const { url } = createPasswordReset(user.id)
	const mail = await mailPasswordReset(user, url, user.locale)
	// The link itself is never shown here: only the person whose mailbox it reaches may use it.
	return redirect(
		withNotice(
			'/admin/users',
			mail.status === 'sent' ? 'notice.adminResetSent' : 'notice.adminResetNotSent',
		),
	)
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
							<th scope="col">{t('admin.users.actions')}</th>
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
								<td>
									<Form method="post">
										<input type="hidden" name="userId" value={user.id} />
										<button
											type="submit"
											className="button button--secondary"
											aria-label={t('admin.users.sendResetFor', { name: user.name })}
										>
											{t('admin.users.sendReset')}
										</button>
									</Form>
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</div>
	)
}
