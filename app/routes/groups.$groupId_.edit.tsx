import { parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { GroupForm } from '#app/groups/group-form.tsx'
import { GroupSchema } from '#app/groups/group.schema.ts'
import {
	checkGroupInput,
	getGroupForEdit,
	requireGroupManager,
	updateGroup,
} from '#app/groups/groups.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { listKrajOptions, listOrpOptions } from '#app/territory/territory.server.ts'
import { withNotice } from '#app/utils/notice.ts'
import { invalidForm, notFound } from '#app/utils/errors.ts'

export const meta: MetaFunction = () => [{ title: 'Úprava skupiny | Síťovka' }]

/** The group, for administrators and the group's convenors; 404 / 403 otherwise. */
function requireEditableGroup(request: Request, groupId: string | undefined) {
	const user = requireUser(request)
	const group = groupId ? getGroupForEdit(groupId) : null
	if (!group) notFound()
	requireGroupManager(user, group.id)
	return group
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	return {
		group: requireEditableGroup(request, params.groupId),
		orpOptions: listOrpOptions(),
		krajOptions: listKrajOptions(),
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const group = requireEditableGroup(request, params.groupId)
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: GroupSchema })
	if (submission.status !== 'success') return invalidForm({ result: submission.reply() })
	const fieldErrors = checkGroupInput(submission.value)
	if (fieldErrors) return invalidForm({ result: submission.reply({ fieldErrors }) })
	updateGroup(group.id, submission.value)
	return redirect(withNotice(`/groups/${group.id}`, 'notice.groupUpdated'))
}

export default function EditGroupPage() {
	const { t } = useTranslation()
	const { group, orpOptions, krajOptions } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<section className="stack" aria-labelledby="edit-group-title">
			<h1 id="edit-group-title">{t('groups.edit.title')}</h1>
			<p className="muted">{group.name}</p>
			<GroupForm
				id="edit-group"
				lastResult={actionData?.result}
				defaultValue={{
					name: group.name,
					kind: group.kind,
					scope: group.krajKod && !group.orpKod ? 'kraj' : 'orp',
					orpKod: group.orpKod,
					krajKod: group.krajKod,
					description: group.description,
				}}
				orpOptions={orpOptions}
				krajOptions={krajOptions}
				submitLabel={t('form.save')}
				cancelTo={`/groups/${group.id}`}
			/>
		</section>
	)
}
