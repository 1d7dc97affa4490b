import { type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { eq } from 'drizzle-orm'
import { getUser } from '#app/auth/auth.server.ts'
import { countUsers } from '#app/auth/users.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { countOpenTasksForUser } from '#app/tasks/tasks.server.ts'
import { getDb } from '#db/client.ts'
import { groupMembers, groups, organisationMembers, organisations } from '#db/schema.ts'

export const meta: MetaFunction = () => [{ title: 'Přehled | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	if (countUsers() === 0) throw redirect('/setup')
	const user = getUser(request)
	if (!user) throw redirect('/login')
	const db = getDb()
	const myGroups = db
		.select({ id: groups.id, name: groups.name, role: groupMembers.role })
		.from(groupMembers)
		.innerJoin(groups, eq(groups.id, groupMembers.groupId))
		.where(eq(groupMembers.userId, user.id))
		.orderBy(groups.name)
		.all()
	const myOrganisations = db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisationMembers)
		.innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
		.where(eq(organisationMembers.userId, user.id))
		.orderBy(organisations.name)
		.all()
	return { name: user.name, myGroups, myOrganisations, openTasks: countOpenTasksForUser(user.id) }
}

export default function Index() {
	const { t } = useTranslation()
	const { name, myGroups, myOrganisations, openTasks } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<h1>{t('home.title')}</h1>
			<p>{t('home.welcome', { name })}</p>
			<p className="muted">{t('home.intro')}</p>
			<div className="grid">
				<section className="card" aria-labelledby="my-tasks">
					<h2 id="my-tasks">{t('tasks.home.title')}</h2>
					<p>{t('tasks.home.count', { count: openTasks })}</p>
					<Link to="/tasks">{t('tasks.home.link')}</Link>
				</section>
				<section className="card" aria-labelledby="my-groups">
					<h2 id="my-groups">{t('home.myGroups')}</h2>
					{myGroups.length ? (
						<ul className="list">
							{myGroups.map((group) => (
								<li key={group.id}>
									<Link to={`/groups/${group.id}`}>{group.name}</Link>{' '}
									<span className="badge">{t(`groups.role.${group.role}`)}</span>
								</li>
							))}
						</ul>
					) : (
						<p className="muted">{t('home.noGroups')}</p>
					)}
				</section>
				<section className="card" aria-labelledby="my-organisations">
					<h2 id="my-organisations">{t('home.myOrganisations')}</h2>
					{myOrganisations.length ? (
						<ul className="list">
							{myOrganisations.map((organisation) => (
								<li key={organisation.id}>
									<Link to={`/organisations/${organisation.id}`}>{organisation.name}</Link>
								</li>
							))}
						</ul>
					) : (
						<p className="muted">{t('home.noOrganisations')}</p>
					)}
				</section>
			</div>
		</div>
	)
}
