import {
	getFormProps,
	getInputProps,
	getSelectProps,
	type SubmissionResult,
	useForm,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { GroupInvitationSchema } from '#app/auth/invitation.schema.ts'
import {
	createInvitation,
	InvitationNotAllowedError,
	invitationNotice,
} from '#app/auth/invitations.server.ts'
import { findUserByEmail } from '#app/auth/users.server.ts'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import {
	AddGroupMemberSchema,
	ChangeGroupRoleSchema,
	RemoveGroupMemberSchema,
} from '#app/groups/group.schema.ts'
import {
	addGroupMember,
	canManageGroup,
	changeGroupMemberRole,
	getGroup,
	getGroupRole,
	GroupMembershipError,
	listGroupMembers,
	removeGroupMember,
	requireGroupManager,
} from '#app/groups/groups.server.ts'
import { useResetAfterRedirect } from '#app/groups/use-reset-after-redirect.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { listMeetingsForGroup } from '#app/meetings/meetings.server.ts'
import { MeetingList } from '#app/meetings/meeting-list.tsx'
import { listSeriesForGroup } from '#app/meetings/series.server.ts'
import { badRequest, forbidden, invalidForm, requireFound } from '#app/utils/errors.ts'
import { withNotice } from '#app/utils/notice.ts'
import { GROUP_ROLES } from '#db/schema/groups.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `${data.group.name} | Síťovka` : 'Skupina | Síťovka' },
]

function requireGroup(groupId: string | undefined) {
	return requireFound(groupId ? getGroup(groupId) : null)
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const group = requireGroup(params.groupId)
	const myRole = getGroupRole(user.id, group.id)
	// Members' e-mail addresses are for the group's own people (and administrators) only.
	const showEmails = user.isAdmin || myRole !== null
	const members = listGroupMembers(group.id).map(({ email, ...member }) => ({
		...member,
		email: showEmails ? email : null,
	}))
	// Only the meetings whose pages they may open (the meeting access rule): a confidential
	// meeting only for those invited to it; someone outside the group sees what they are invited to.
	const meetings = listMeetingsForGroup(group.id, user)
	return {
		group,
		members,
		myRole,
		showEmails,
		meetings: showEmails || meetings.length > 0 ? meetings : null,
		series: showEmails ? listSeriesForGroup(group.id) : null,
		canManage: canManageGroup(user, group.id),
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = requireUser(request)
	const group = requireGroup(params.groupId)
	requireGroupManager(user, group.id)
	const formData = await request.formData()
	const intent = formData.get('intent')
	const groupPath = `/groups/${group.id}`

	if (intent === 'addMember') {
		const submission = parseWithZod(formData, { schema: AddGroupMemberSchema })
		if (submission.status !== 'success') return invalidForm({ intent, result: submission.reply() })
		const person = findUserByEmail(submission.value.email)
		if (!person) {
			return invalidForm({
				intent,
				result: submission.reply({ fieldErrors: { email: ['groups.members.noSuchUser'] } }),
			})
		}
		const { added } = addGroupMember(group.id, person.id, submission.value.role)
		if (!added) {
			return invalidForm({
				intent,
				result: submission.reply({ fieldErrors: { email: ['groups.members.alreadyMember'] } }),
			})
		}
		return redirect(withNotice(groupPath, 'notice.groupMemberAdded'))
	}

	if (intent === 'changeRole' || intent === 'removeMember') {
		const schema = intent === 'changeRole' ? ChangeGroupRoleSchema : RemoveGroupMemberSchema
		const submission = parseWithZod(formData, { schema })
		if (submission.status !== 'success') return invalidForm({ intent, result: submission.reply() })
		try {
			if (submission.value.intent === 'changeRole') {
				changeGroupMemberRole(group.id, submission.value.userId, submission.value.role)
				return redirect(withNotice(groupPath, 'notice.groupRoleChanged'))
			}
			removeGroupMember(group.id, submission.value.userId)
			return redirect(withNotice(groupPath, 'notice.groupMemberRemoved'))
		} catch (error) {
			if (!(error instanceof GroupMembershipError)) throw error
			return invalidForm({ intent, result: submission.reply({ formErrors: [error.messageKey] }) })
		}
	}

	if (intent === 'invite') {
		const submission = parseWithZod(formData, { schema: GroupInvitationSchema })
		if (submission.status !== 'success') return invalidForm({ intent, result: submission.reply() })
		try {
			const outcome = await createInvitation({
				email: submission.value.email,
				name: submission.value.name,
				groupId: group.id,
				groupRole: submission.value.groupRole,
				invitedBy: user,
				locale: user.locale,
			})
			return redirect(withNotice(groupPath, invitationNotice(outcome)))
		} catch (error) {
			if (error instanceof InvitationNotAllowedError) forbidden()
			throw error
		}
	}

	return badRequest()
}

export default function GroupPage() {
	const { t } = useTranslation()
	const { group, members, myRole, showEmails, canManage, meetings, series } =
		useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const memberResult =
		actionData?.intent === 'changeRole' || actionData?.intent === 'removeMember'
			? actionData.result
			: undefined
	const roleOptions = GROUP_ROLES.map((role) => ({ value: role, label: t(`groups.role.${role}`) }))
	return (
		<div className="stack">
			<p>
				<Link to="/groups">{t('groups.backToList')}</Link>
			</p>
			<div className="page-header">
				<h1>{group.name}</h1>
				{canManage ? (
					<Link to={`/groups/${group.id}/edit`} className="button button--secondary">
						{t('groups.edit')}
					</Link>
				) : null}
			</div>
			<dl className="details">
				<dt>{t('groups.kind')}</dt>
				<dd>{t(`groups.kind.${group.kind}`)}</dd>
				<dt>{t('groups.territory')}</dt>
				<dd>
					{group.orpKod && group.orpNazev ? (
						<Link to={`/territory/orp/${group.orpKod}`}>
							{t('groups.territory.orpName', { name: group.orpNazev })}
						</Link>
					) : group.krajKod && group.krajNazev ? (
						<Link to={`/territory/kraj/${group.krajKod}`}>
							{t('groups.territory.wholeKraj', { name: group.krajNazev })}
						</Link>
					) : (
						t('groups.territory.none')
					)}
				</dd>
				{myRole ? (
					<>
						<dt>{t('groups.myRole')}</dt>
						<dd>{t(`groups.role.${myRole}`)}</dd>
					</>
				) : null}
			</dl>
			{group.description ? <p className="group-description">{group.description}</p> : null}

			<section aria-labelledby="members-title" className="stack">
				<h2 id="members-title">{t('groups.members')}</h2>
				{memberResult ? (
					<FormErrors id="member-errors" errors={memberResult.error?.[''] ?? null} />
				) : null}
				{members.length ? (
					<ul className="list members-list" aria-label={t('groups.members.caption')}>
						{members.map((member) => (
							<li key={member.userId} className="member">
								<div className="member__info">
									<span className="member__name">{member.name}</span>{' '}
									<span className="badge">{t(`groups.role.${member.role}`)}</span>
									{member.email ? (
										<div>
											<a href={`mailto:${member.email}`}>{member.email}</a>
										</div>
									) : null}
								</div>
								{canManage ? <MemberControls member={member} roleOptions={roleOptions} /> : null}
							</li>
						))}
					</ul>
				) : (
					<p className="muted">{t('groups.members.none')}</p>
				)}
				{!showEmails ? <p className="muted">{t('groups.members.emailsHidden')}</p> : null}
			</section>

			{canManage ? (
				<div className="grid group-manage">
					<AddMemberForm
						roleOptions={roleOptions}
						lastResult={actionData?.intent === 'addMember' ? actionData.result : undefined}
					/>
					<InviteForm
						groupId={group.id}
						roleOptions={roleOptions}
						lastResult={actionData?.intent === 'invite' ? actionData.result : undefined}
					/>
				</div>
			) : null}

			<section aria-labelledby="meetings-title" className="card group-meetings">
				<h2 id="meetings-title">{t('groups.meetings')}</h2>
				{meetings ? (
					<MeetingList
						groupId={group.id}
						meetings={meetings}
						series={series ?? []}
						canCreate={canManage}
					/>
				) : (
					<p className="muted">{t('groups.meetings.membersOnly')}</p>
				)}
			</section>
		</div>
	)
}

function MemberControls({
	member,
	roleOptions,
}: {
	member: { userId: string; name: string; role: string }
	roleOptions: Array<{ value: string; label: string }>
}) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const busy = navigation.state === 'submitting'
	const selectId = `role-${member.userId}`
	return (
		<div className="member-controls">
			<Form method="post" className="member-controls__form">
				<input type="hidden" name="intent" value="changeRole" />
				<input type="hidden" name="userId" value={member.userId} />
				<label htmlFor={selectId} className="visually-hidden">
					{t('groups.members.roleFor', { name: member.name })}
				</label>
				<select id={selectId} name="role" defaultValue={member.role} key={member.role}>
					{roleOptions.map((option) => (
						<option key={option.value} value={option.value}>
							{option.label}
						</option>
					))}
				</select>
				<button type="submit" className="button button--secondary" disabled={busy}>
					{t('groups.members.changeRole')}
				</button>
			</Form>
			<Form method="post" className="member-controls__form">
				<input type="hidden" name="intent" value="removeMember" />
				<input type="hidden" name="userId" value={member.userId} />
				<button
					type="submit"
					className="button button--danger"
					disabled={busy}
					aria-label={t('groups.members.removeFor', { name: member.name })}
				>
					{t('groups.members.remove')}
				</button>
			</Form>
		</div>
	)
}

function AddMemberForm({
	roleOptions,
	lastResult,
}: {
	roleOptions: Array<{ value: string; label: string }>
	lastResult?: SubmissionResult<string[]>
}) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'add-member',
		lastResult,
		defaultValue: { role: 'member' },
		constraint: getZodConstraint(AddGroupMemberSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: AddGroupMemberSchema }),
	})
	useResetAfterRedirect(form, (formData) => formData.get('intent') === 'addMember')
	return (
		<section aria-labelledby="add-member-title" className="card stack">
			<h2 id="add-member-title">{t('groups.members.add.title')}</h2>
			<p className="muted">{t('groups.members.add.intro')}</p>
			<Form method="post" className="form" {...getFormProps(form)}>
				<input type="hidden" name="intent" value="addMember" />
				<FormErrors id={form.errorId} errors={form.errors} />
				<Field
					label={t('groups.members.add.email')}
					inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
					errors={fields.email.errors}
				/>
				<SelectField
					label={t('groups.members.role')}
					selectProps={getSelectProps(fields.role)}
					options={roleOptions}
					errors={fields.role.errors}
				/>
				<div className="actions">
					<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
						{t('groups.members.add.submit')}
					</button>
				</div>
			</Form>
		</section>
	)
}

function InviteForm({
	groupId,
	roleOptions,
	lastResult,
}: {
	groupId: string
	roleOptions: Array<{ value: string; label: string }>
	lastResult?: SubmissionResult<string[]>
}) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'invite-member',
		lastResult,
		defaultValue: { groupRole: 'member' },
		constraint: getZodConstraint(GroupInvitationSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: GroupInvitationSchema }),
	})
	useResetAfterRedirect(form, (formData) => formData.get('intent') === 'invite')
	return (
		<section aria-labelledby="invite-title" className="card stack">
			<h2 id="invite-title">{t('groups.invite.title')}</h2>
			<p className="muted">{t('groups.invite.groupIntro')}</p>
			<Form method="post" className="form" {...getFormProps(form)}>
				<input type="hidden" name="intent" value="invite" />
				<FormErrors id={form.errorId} errors={form.errors} />
				<Field
					label={t('groups.invite.email')}
					inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
					errors={fields.email.errors}
				/>
				<Field
					label={t('groups.invite.name')}
					optional
					inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }}
					errors={fields.name.errors}
				/>
				<SelectField
					label={t('groups.invite.role')}
					selectProps={getSelectProps(fields.groupRole)}
					options={roleOptions}
					errors={fields.groupRole.errors}
				/>
				<div className="actions">
					<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
						{t('groups.invite.submit')}
					</button>
					<Link to={`/invitations/new?groupId=${groupId}`}>{t('groups.invite.moreOptions')}</Link>
				</div>
			</Form>
		</section>
	)
}
