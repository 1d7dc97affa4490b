import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { countOutbox } from '#app/admin/admin.server.ts'
import { requireAdmin } from '#app/auth/auth.server.ts'
import { listPendingInvitations } from '#app/auth/invitations.server.ts'
import { countUsers } from '#app/auth/users.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'

export const meta: MetaFunction = () => [{ title: 'Správa | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	requireAdmin(request)
	return {
		users: countUsers(),
		pendingInvitations: listPendingInvitations().filter((invitation) => !invitation.expired).length,
		outbox: countOutbox(),
	}
}

export default function AdminPage() {
	const { t } = useTranslation()
	const counts = useLoaderData<typeof loader>()
	const sections = [
		{
			to: '/admin/users',
			title: t('admin.users'),
			count: t('admin.users.count', { count: counts.users }),
		},
		{
			to: '/admin/invitations',
			title: t('admin.invitations'),
			count: t('admin.invitations.count', { count: counts.pendingInvitations }),
		},
		{
			to: '/admin/outbox',
			title: t('admin.outbox'),
			count: t('admin.outbox.count', { count: counts.outbox }),
		},
	]
	return (
		<div className="stack">
			<div className="page-header">
				<h1>{t('admin.title')}</h1>
				<Link to="/invitations/new" className="button">
					{t('admin.invite')}
				</Link>
			</div>
			<p className="muted">{t('admin.intro')}</p>
			<ul className="grid admin-sections">
				{sections.map((section) => (
					<li key={section.to} className="card">
						<h2>
							<Link to={section.to}>{section.title}</Link>
						</h2>
						<p className="muted">{section.count}</p>
					</li>
				))}
			</ul>
		</div>
	)
}
