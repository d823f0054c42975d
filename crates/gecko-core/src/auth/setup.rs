//! The first run: the default administrator on an empty database, and the setup that replaces
//! it with the first real superuser.

use super::*;

impl Core {
    /// Called once when the app opens a database: creates the default administrator on an
    /// empty database and tells the UI which screen to show.
    pub async fn first_run(&self) -> Result<FirstRun> {
        let default_admin: Option<(i64, String)> = self
            .db
            .fetch_optional(
                "SELECT id, username FROM users WHERE is_default_admin",
                crate::args![],
            )
            .await?;
        if let Some((_, username)) = default_admin {
            return Ok(FirstRun::AwaitingSetup { username });
        }
        let users: i64 = self
            .db
            .scalar("SELECT count(*) FROM users", crate::args![])
            .await?;
        if users > 0 {
            return Ok(FirstRun::Ready);
        }

        let password = Alphanumeric.sample_string(&mut rand::rng(), 20);
        let hash = users::hash_password(&password, self.config.bcrypt_cost)?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let inserted: Option<i64> = tx
            .scalar_optional(
                "INSERT INTO users (username, email, hashed_password, full_name, is_superuser, \
                 is_default_admin, created_at, updated_at) \
                 VALUES ($1, 'admin@localhost', $2, 'Default administrator', TRUE, TRUE, $3, $3) \
                 ON CONFLICT DO NOTHING RETURNING id",
                crate::args![DEFAULT_ADMIN_USERNAME, hash, now],
            )
            .await?;
        let Some(id) = inserted else {
            // Another client won the race and created it.
            return Ok(FirstRun::AwaitingSetup {
                username: DEFAULT_ADMIN_USERNAME.into(),
            });
        };
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("create_default_admin", "user").resource(id),
        )
        .await?;
        tx.commit().await?;

        self.set_session(Some(Session {
            user_id: id,
            community_id: None,
        }));
        let one_time_password = match self.db.backend() {
            Backend::Sqlite => None,
            Backend::Postgres => Some(password),
        };
        Ok(FirstRun::SetupRequired {
            username: DEFAULT_ADMIN_USERNAME.into(),
            one_time_password,
        })
    }

    /// Creates the first real superuser and deletes the default administrator, in one
    /// transaction; the session then belongs to the new superuser.
    pub async fn complete_setup(&self, input: SetupInput) -> Result<SessionInfo> {
        let default_admin = self.default_admin().await?;
        let new_user = NewUser {
            username: input.username,
            email: input.email,
            full_name: input.full_name,
            password: input.password,
            is_superuser: true,
        }
        .validated()?;
        let hash = users::hash_password(&new_user.password, self.config.bcrypt_cost)?;
        let now = self.now();

        let mut tx = self.db.begin().await?;
        tx.execute(
            "DELETE FROM users WHERE id = $1 AND is_default_admin",
            crate::args![default_admin.id],
        )
        .await?;
        let id = users::insert(&mut tx, &new_user, &hash, now).await?;
        audit::record(
            &mut tx,
            now,
            AuditEntry::new("complete_setup", "user")
                .by(id)
                .resource(id)
                .details(json!({ "username": new_user.username })),
        )
        .await?;
        tx.commit().await?;

        tracing::info!("first-run setup completed");
        self.set_session(Some(Session {
            user_id: id,
            community_id: None,
        }));
        self.session_info().await
    }
}

impl FirstRun {
    /// The variant's name, as serialised.
    pub fn kind(&self) -> &'static str {
        match self {
            FirstRun::Ready => "ready",
            FirstRun::SetupRequired { .. } => "setup_required",
            FirstRun::AwaitingSetup { .. } => "awaiting_setup",
        }
    }
}
