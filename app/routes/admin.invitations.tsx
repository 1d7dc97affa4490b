import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireAdmin } from '#app/auth/auth.server.ts'
import {
	listPendingInvitations,
	renewInvitationLink,
	revokeInvitation,
} from '#app/auth/invitations.server.ts'
import { Field } from '#app/components/ui/field.tsx'
import { formatDate } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { withNotice } from '#app/utils/notice.ts'
import { invariantResponse, requireFound } from '#app/utils/errors.ts'

export const meta: MetaFunction = () => [{ title: 'Čekající pozvánky | Správa | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	requireAdmin(request)
	const invitations = listPendingInvitations().map((invitation) => ({
		id: invitation.id,
		email: invitation.email,
		name: invitation.name,
		inviterName: invitation.inviterName,
		groupId: invitation.groupId,
		groupName: invitation.groupName,
		groupRole: invitation.groupRole,
		organisationName: invitation.organisationName,
		isAdmin: invitation.isAdmin,
		expiresAt: invitation.expiresAt,
		expired: invitation.expired,
	}))
	return { invitations }
}

export async function action({ request }: ActionFunctionArgs) {
	requireAdmin(request)
	const formData = await request.formData()
	const intent = formData.get('intent')
	const invitationId = formData.get('invitationId')
	invariantResponse((intent === 'revoke' || intent === 'renew') && typeof invitationId === 'string')
	if (intent === 'renew') {
		// Shown once in this response: the outbox keeps invitation links masked.
		const renewed = requireFound(renewInvitationLink(invitationId))
		return { renewed: { ...renewed, expiresAt: renewed.expiresAt.getTime() } }
	}
	// Revoking twice (two tabs) is harmless: the second does nothing.
	revokeInvitation(invitationId)
	return redirect(withNotice('/admin/invitations', 'notice.invitationRevoked'))
}

export default function AdminInvitationsPage() {
	const { t, locale } = useTranslation()
	const { invitations } = useLoaderData<typeof loader>()
	const renewed = useActionData<typeof action>()?.renewed ?? null
	const navigation = useNavigation()
	return (
		<div className="stack">
			<p>
				<Link to="/admin">{t('admin.back')}</Link>
			</p>
			<div className="page-header">
				<h1>{t('admin.invitations')}</h1>
				<Link to="/invitations/new" className="button">
					{t('admin.invite')}
				</Link>
			</div>
			<p className="muted">{t('admin.invitations.intro')}</p>
			{renewed ? (
				<div className="card stack" role="status">
					<Field
						label={t('admin.invitations.link.label', { email: renewed.email })}
						hint={t('admin.invitations.link.once', {
							date: formatDate(new Date(renewed.expiresAt), locale),
						})}
						inputProps={{
							type: 'text',
							readOnly: true,
							value: renewed.url,
							name: 'invitationUrl',
							onFocus: (event) => event.currentTarget.select(),
						}}
					/>
				</div>
			) : null}
			{invitations.length ? (
				<div className="table-wrap admin-table">
					<table className="table">
						<caption className="visually-hidden">{t('admin.invitations.caption')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('admin.invitations.email')}</th>
								<th scope="col">{t('admin.invitations.target')}</th>
								<th scope="col">{t('admin.invitations.invitedBy')}</th>
								<th scope="col">{t('admin.invitations.expires')}</th>
								<th scope="col">
									<span className="visually-hidden">{t('admin.users.actions')}</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{invitations.map((invitation) => {
								const targets = [
									invitation.groupName
										? `${invitation.groupName} (${t(`groups.role.${invitation.groupRole ?? 'member'}`)})`
										: null,
									invitation.organisationName,
									invitation.isAdmin ? t('admin.invitations.admin') : null,
								].filter(Boolean)
								return (
									<tr key={invitation.id}>
										<td>
											{invitation.email}
											{invitation.name ? <div className="muted">{invitation.name}</div> : null}
										</td>
										<td>{targets.length ? targets.join(', ') : t('admin.invitations.nothing')}</td>
										<td>{invitation.inviterName ?? '—'}</td>
										<td>
											{formatDate(new Date(invitation.expiresAt), locale)}
											{invitation.expired ? (
												<>
													{' '}
													<span className="badge">{t('admin.invitations.expired')}</span>
												</>
											) : null}
										</td>
										<td>
											<div className="actions">
												<Form method="post">
													<input type="hidden" name="intent" value="renew" />
													<input type="hidden" name="invitationId" value={invitation.id} />
													<button
														type="submit"
														className="button button--secondary"
														disabled={navigation.state === 'submitting'}
														aria-label={t('admin.invitations.renewFor', {
															email: invitation.email,
														})}
													>
														{t('admin.invitations.renew')}
													</button>
												</Form>
												<Form method="post">
													<input type="hidden" name="intent" value="revoke" />
													<input type="hidden" name="invitationId" value={invitation.id} />
													<button
														type="submit"
														className="button button--danger"
														disabled={navigation.state === 'submitting'}
														aria-label={t('admin.invitations.revokeFor', {
															email: invitation.email,
														})}
													>
														{t('admin.invitations.revoke')}
													</button>
												</Form>
											</div>
										</td>
									</tr>
								)
							})}
						</tbody>
					</table>
				</div>
			) : (
				<p className="muted">{t('admin.invitations.empty')}</p>
			)}
		</div>
	)
}
