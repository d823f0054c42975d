//! The sequences many tests share: first-run setup, signing in and out, and a new community.
//!
//! Each ends on a sign the app finished (the user shown signed in, the sign-in page, the new
//! row in the list), so the next step of a test never races the one before.

use crate::App;
use fantoccini::Locator;
use std::time::Duration;

/// The password [`App::setup_root`] gives `root`: the core's test password, so that
/// `gecko_core::testing::sign_in` on the app's database signs in as the same root.
pub const ROOT_PASSWORD: &str = gecko_core::testing::PASSWORD;

impl App {
    /// First run on the empty local database: creates superuser `root` (password
    /// [`ROOT_PASSWORD`]) and waits until the window shows it signed in.
    pub async fn setup_root(&self) {
        self.first_run_setup("root", "root@example.org", ROOT_PASSWORD)
            .await;
    }

    /// First run on the empty local database: the setup page creates superuser `username`,
    /// who is then signed in.
    pub async fn first_run_setup(&self, username: &str, email: &str, password: &str) {
        self.wait("[data-page=\"setup\"]").await;
        self.type_into("setup-username", username).await;
        self.type_into("setup-email", email).await;
        self.type_into("setup-fullname", "Root Admin").await;
        self.type_into("setup-password", password).await;
        self.type_into("setup-password2", password).await;
        self.click("setup-submit").await;
        self.wait_text("current-user", username).await;
    }

    /// Signs in from the sign-in page.
    pub async fn sign_in(&self, login: &str, password: &str) {
        self.wait("[data-page=\"login\"]").await;
        self.type_into("login-username", login).await;
        self.type_into("login-password", password).await;
        self.click("login-submit").await;
        self.wait_text("current-user", login).await;
    }

    /// Signs out through the user menu. A click that lands while the menu is still opening is
    /// lost, so the menu is tried again (three times at most) until the sign-in page shows.
    pub async fn sign_out(&self) {
        for _ in 0..3 {
            self.click("user-menu").await;
            self.click("logout").await;
            let login = self
                .client
                .wait()
                .at_most(Duration::from_secs(8))
                .for_element(Locator::Css("[data-page=\"login\"]"))
                .await;
            if login.is_ok() {
                return;
            }
        }
        panic!("signing out never reached the sign-in page");
    }

    /// Creates a community on the communities page (superusers); with `switch`, it then becomes
    /// the current community through the switcher.
    pub async fn create_community(&self, name: &str, slug: &str, switch: bool) {
        self.click("nav-communities").await;
        self.wait("[data-page=\"communities\"]").await;
        self.click("community-new").await;
        self.type_into("community-name", name).await;
        self.type_into("community-slug", slug).await;
        self.click("community-save").await;
        self.wait_id(&format!("community-row-{slug}")).await;
        if switch {
            self.choose(
                "community-switcher",
                &format!("community-option-{slug}"),
                None,
            )
            .await;
        }
    }
}
