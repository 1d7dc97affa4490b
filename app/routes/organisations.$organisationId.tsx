import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import {
	Form,
	Link,
	useActionData,
	useLoaderData,
	useLocation,
	useNavigation,
} from '@remix-run/react'
import { requireAdmin, requireUser } from '#app/auth/auth.server.ts'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { AddMemberSchema, RemoveMemberSchema } from '#app/organisations/organisation.schema.ts'
import {
	addMember,
	getOrganisation,
	listMembers,
	listUsersNotInOrganisation,
	organisationExists,
	removeMember,
} from '#app/organisations/organisations.server.ts'
import { withNotice } from '#app/utils/notice.ts'
import { badRequest, invalidForm, notFound } from '#app/utils/errors.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `${data.organisation.name} | Síťovka` : 'Organizace | Síťovka' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const organisation = getOrganisation(params.organisationId ?? '')
	if (!organisation) notFound()
	return {
		organisation,
		members: listMembers(organisation.id),
		canManage: user.isAdmin,
		candidates: user.isAdmin ? listUsersNotInOrganisation(organisation.id) : [],
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	requireAdmin(request)
	const organisationId = params.organisationId ?? ''
	if (!organisationExists(organisationId)) notFound()
	const formData = await request.formData()
	const here = `/organisations/${organisationId}`

	if (formData.get('intent') === 'removeMember') {
		const submission = parseWithZod(formData, { schema: RemoveMemberSchema })
		if (submission.status !== 'success') badRequest()
		removeMember(organisationId, submission.value.userId)
		return redirect(withNotice(here, 'notice.organisationMemberRemoved'))
	}

	const submission = parseWithZod(formData, { schema: AddMemberSchema })
	if (submission.status !== 'success') return invalidForm({ result: submission.reply() })
	const outcome = addMember({ organisationId, ...submission.value })
	if (outcome === 'unknownUser') {
		return invalidForm({
			result: submission.reply({ fieldErrors: { userId: ['organisations.members.unknownUser'] } }),
		})
	}
	return redirect(
		withNotice(
			here,
			outcome === 'added' ? 'notice.organisationMemberAdded' : 'notice.organisationMemberUpdated',
		),
	)
}

export default function OrganisationPage() {
	const { t } = useTranslation()
	const { organisation, canManage } = useLoaderData<typeof loader>()
	const hasContact =
		organisation.ico ||
		organisation.address ||
		organisation.contactEmail ||
		organisation.contactPhone ||
		organisation.website
	return (
		<div className="stack">
			<p>
				<Link to="/organisations">{t('organisations.backToList')}</Link>
			</p>
			<div className="page-header">
				<h1>{organisation.name}</h1>
				{canManage ? (
					<div className="actions">
						<Link
							to={`/organisations/${organisation.id}/edit`}
							className="button button--secondary"
						>
							{t('organisations.edit')}
						</Link>
						<Link
							to={`/invitations/new?${new URLSearchParams({ organisationId: organisation.id })}`}
							className="button button--secondary"
						>
							{t('organisations.invite')}
						</Link>
					</div>
				) : null}
			</div>
			<p>
				<span className="badge">{t(`organisations.kind.${organisation.kind}`)}</span>
			</p>

			<div className="grid">
				<section className="card" aria-labelledby="organisation-contact">
					<h2 id="organisation-contact">{t('organisations.detail.contact')}</h2>
					{hasContact ? (
						<dl className="details organisation-contact">
							{organisation.ico ? (
								<>
									<dt>{t('organisations.field.ico')}</dt>
									<dd>{organisation.ico}</dd>
								</>
							) : null}
							{organisation.address ? (
								<>
									<dt>{t('organisations.field.address')}</dt>
									<dd>{organisation.address}</dd>
								</>
							) : null}
							{organisation.contactEmail ? (
								<>
									<dt>{t('organisations.field.contactEmail')}</dt>
									<dd>
										<a href={`mailto:${organisation.contactEmail}`}>{organisation.contactEmail}</a>
									</dd>
								</>
							) : null}
							{organisation.contactPhone ? (
								<>
									<dt>{t('organisations.field.contactPhone')}</dt>
									<dd>
										<a href={`tel:${organisation.contactPhone.replace(/[^\d+]/g, '')}`}>
											{organisation.contactPhone}
										</a>
									</dd>
								</>
							) : null}
							{organisation.website ? (
								<>
									<dt>{t('organisations.field.website')}</dt>
									<dd>
										{/^https?:\/\//i.test(organisation.website) ? (
											<a href={organisation.website} rel="noopener noreferrer">
												{organisation.website.replace(/^https?:\/\//i, '')}
											</a>
										) : (
											organisation.website
										)}
									</dd>
								</>
							) : null}
						</dl>
					) : (
						<p className="muted">{t('organisations.detail.noContact')}</p>
					)}
				</section>

				<section className="card" aria-labelledby="organisation-territory">
					<h2 id="organisation-territory">{t('organisations.detail.territory')}</h2>
					{organisation.orpKod || organisation.krajKod || organisation.obecKod ? (
						<dl className="details">
							{organisation.orpKod ? (
								<>
									<dt>{t('organisations.detail.orp')}</dt>
									<dd>
										<Link to={`/territory/orp/${organisation.orpKod}`}>
											{organisation.orpNazev ?? organisation.orpKod}
										</Link>
									</dd>
								</>
							) : null}
							{organisation.krajKod ? (
								<>
									<dt>{t('organisations.detail.kraj')}</dt>
									<dd>
										<Link to={`/territory/kraj/${organisation.krajKod}`}>
											{organisation.krajNazev ?? organisation.krajKod}
										</Link>
									</dd>
								</>
							) : null}
							{organisation.obecNazev ? (
								<>
									<dt>{t('organisations.detail.obec')}</dt>
									<dd>{organisation.obecNazev}</dd>
								</>
							) : null}
						</dl>
					) : (
						<p className="muted">{t('organisations.detail.noTerritory')}</p>
					)}
				</section>
			</div>

			{organisation.description ? (
				<section aria-labelledby="organisation-about">
					<h2 id="organisation-about">{t('organisations.detail.about')}</h2>
					<p className="organisation-description">{organisation.description}</p>
				</section>
			) : null}

			<MembersSection />
		</div>
	)
}

function MembersSection() {
	const { t } = useTranslation()
	const { members, canManage } = useLoaderData<typeof loader>()
	const location = useLocation()
	const navigation = useNavigation()
	const busy = navigation.state === 'submitting'
	return (
		<section className="stack" aria-labelledby="organisation-members">
			<h2 id="organisation-members">
				{t('organisations.members.title')}{' '}
				<span className="muted">({t('count.members', { count: members.length })})</span>
			</h2>
			{members.length ? (
				<div className="table-wrap">
					<table className="table">
						<caption className="visually-hidden">{t('organisations.members.caption')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('organisations.members.name')}</th>
								<th scope="col">{t('organisations.members.position')}</th>
								<th scope="col">{t('organisations.members.email')}</th>
								{canManage ? <th scope="col">{t('organisations.members.actions')}</th> : null}
							</tr>
						</thead>
						<tbody>
							{members.map((member) => (
								<tr key={member.userId}>
									<th scope="row">{member.name}</th>
									<td>{member.position ?? '–'}</td>
									<td>
										<a href={`mailto:${member.email}`}>{member.email}</a>
									</td>
									{canManage ? (
										<td>
											<Form method="post" className="inline-form">
												<input type="hidden" name="intent" value="removeMember" />
												<input type="hidden" name="userId" value={member.userId} />
												<button
													type="submit"
													className="button button--secondary"
													aria-label={t('organisations.members.removeLabel', { name: member.name })}
													disabled={busy}
												>
													{t('organisations.members.remove')}
												</button>
											</Form>
										</td>
									) : null}
								</tr>
							))}
						</tbody>
					</table>
				</div>
			) : (
				<p className="muted">{t('organisations.members.empty')}</p>
			)}
			{/* Keyed by location: after a successful add (a redirect) the form starts empty again. */}
			{canManage ? <AddMemberForm key={location.key} /> : null}
		</section>
	)
}

function AddMemberForm() {
	const { t } = useTranslation()
	const { organisation, candidates } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: `add-member-${organisation.id}`,
		lastResult: actionData?.result,
		constraint: getZodConstraint(AddMemberSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: AddMemberSchema }),
	})
	const inviteLink = (
		<Link to={`/invitations/new?${new URLSearchParams({ organisationId: organisation.id })}`}>
			{t('organisations.invite')}
		</Link>
	)
	return (
		<section className="card stack" aria-labelledby="organisation-add-member">
			<h3 id="organisation-add-member">{t('organisations.members.addTitle')}</h3>
			{candidates.length ? (
				<>
					<p className="muted">{t('organisations.members.addIntro')}</p>
					<Form method="post" className="form" {...getFormProps(form)}>
						<input type="hidden" name="intent" value="addMember" />
						<FormErrors id={form.errorId} errors={form.errors} />
						<SelectField
							label={t('organisations.members.user')}
							selectProps={getSelectProps(fields.userId)}
							options={candidates.map((candidate) => ({
								value: candidate.id,
								label: `${candidate.name} (${candidate.email})`,
							}))}
							placeholder={t('organisations.members.userPlaceholder')}
							errors={fields.userId.errors}
						/>
						<Field
							label={t('organisations.members.position')}
							hint={t('organisations.members.positionHint')}
							optional
							inputProps={getInputProps(fields.position, { type: 'text' })}
							errors={fields.position.errors}
						/>
						<div className="actions">
							<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
								{t('organisations.members.add')}
							</button>
							{inviteLink}
						</div>
					</Form>
				</>
			) : (
				<p>
					{t('organisations.members.nobodyToAdd')} {inviteLink}
				</p>
			)}
		</section>
	)
}
