//! The signed-in session as the UI sees it: who, which communities, which one is current.

use super::*;

impl Core {
    /// Who is signed in, their communities and the current one; `None` when signed out.
    pub async fn current_session(&self) -> Result<Option<SessionInfo>> {
        if self.session().is_none() {
            return Ok(None);
        }
        match self.session_info().await {
            Ok(info) => Ok(Some(info)),
            Err(e) if e.is(ErrorCode::Unauthenticated) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn switch_community(&self, community_id: i64) -> Result<SessionInfo> {
        let actor = self.actor().await?;
        self.role_in(&actor, community_id).await?;
        self.set_session(Some(Session {
            user_id: actor.id,
            community_id: Some(community_id),
        }));
        self.session_info().await
    }

    pub(crate) async fn session_info(&self) -> Result<SessionInfo> {
        let session = self.session().ok_or_else(CoreError::unauthenticated)?;
        let user = users::find(&self.db, session.user_id)
            .await?
            .filter(|u| u.is_active)
            .ok_or_else(|| {
                self.set_session(None);
                CoreError::unauthenticated()
            })?;
        let is_default_admin: bool = self
            .db
            .scalar(
                "SELECT is_default_admin FROM users WHERE id = $1",
                crate::args![user.id],
            )
            .await?;
        let communities = self.my_communities(user.id, user.is_superuser).await?;
        // A community that disappeared or that the user left is no longer current.
        let current = session
            .community_id
            .filter(|id| communities.iter().any(|c| c.id == *id))
            .or_else(|| communities.first().map(|c| c.id));
        self.set_session(Some(Session {
            user_id: user.id,
            community_id: current,
        }));
        Ok(SessionInfo {
            user,
            is_default_admin,
            communities,
            current_community_id: current,
            backend: self.db.backend(),
        })
    }

    /// The communities a user may switch to: its active memberships, or every community for a
    /// superuser.
    async fn my_communities(&self, user_id: i64, is_superuser: bool) -> Result<Vec<MyCommunity>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            name: String,
            slug: String,
            role: Option<String>,
            timezone: Option<String>,
        }
        let rows: Vec<Row> = self
            .db
            .fetch_all(
                "SELECT c.id, c.name, c.slug, cu.role, c.settings ->> 'timezone' AS timezone \
                 FROM communities c \
                 LEFT JOIN community_users cu ON cu.community_id = c.id AND cu.user_id = $1 \
                 WHERE ($2 OR (cu.user_id IS NOT NULL AND c.is_active)) ORDER BY c.name",
                crate::args![user_id, is_superuser],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| MyCommunity {
                id: r.id,
                name: r.name,
                slug: r.slug,
                role: if is_superuser {
                    Role::Admin
                } else {
                    r.role
                        .as_deref()
                        .and_then(Role::parse)
                        .unwrap_or(Role::User)
                },
                timezone: r
                    .timezone
                    .unwrap_or_else(|| crate::communities::DEFAULT_TIMEZONE.into()),
            })
            .collect())
    }
}
