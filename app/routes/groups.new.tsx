import { parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requireAdmin } from '#app/auth/auth.server.ts'
import { GroupForm } from '#app/groups/group-form.tsx'
import { NewGroupSchema } from '#app/groups/group.schema.ts'
import { checkGroupInput, createGroup, listUserOptions } from '#app/groups/groups.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { listKrajOptions, listOrpOptions } from '#app/territory/territory.server.ts'
import { withNotice } from '#app/utils/notice.ts'
import { invalidForm } from '#app/utils/errors.ts'

export const meta: MetaFunction = () => [{ title: 'Nová skupina | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = requireAdmin(request)
	return {
		userId: user.id,
		users: listUserOptions(),
		orpOptions: listOrpOptions(),
		krajOptions: listKrajOptions(),
	}
}

export async function action({ request }: ActionFunctionArgs) {
	const user = requireAdmin(request)
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: NewGroupSchema })
	if (submission.status !== 'success') return invalidForm({ result: submission.reply() })
	const fieldErrors = checkGroupInput(submission.value)
	if (fieldErrors) return invalidForm({ result: submission.reply({ fieldErrors }) })
	const group = createGroup(submission.value, user.id)
	return redirect(withNotice(`/groups/${group.id}`, 'notice.groupCreated'))
}

export default function NewGroupPage() {
	const { t } = useTranslation()
	const { userId, users, orpOptions, krajOptions } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<section className="stack" aria-labelledby="new-group-title">
			<h1 id="new-group-title">{t('groups.new.title')}</h1>
			<GroupForm
				id="new-group"
				lastResult={actionData?.result}
				defaultValue={{ scope: 'orp', convenorId: userId }}
				orpOptions={orpOptions}
				krajOptions={krajOptions}
				convenorOptions={users.map((option) => ({
					value: option.id,
					label:
						option.id === userId
							? t('groups.convenor.me', { name: option.name })
							: `${option.name} (${option.email})`,
				}))}
				submitLabel={t('groups.new.submit')}
				cancelTo="/groups"
			/>
		</section>
	)
}
