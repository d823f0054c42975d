//! Governance rows for the generator: committees with their members, meetings with their
//! participants, assignees and reminder rows.

use super::*;

pub(super) async fn governance(
    tx: &mut Tx,
    rng: &mut StdRng,
    volume: Volume,
    ids: &Ids,
    now: DateTime<Utc>,
) -> Result<()> {
    let since = now - Duration::days(5 * 365);
    let mut committees = Vec::new();
    for (c, community) in ids.communities.iter().enumerate() {
        for (k, slug) in ["tsc", "board"].iter().enumerate() {
            let id: i64 = tx
                .scalar(
                    "INSERT INTO committees (community_id, name, slug, description, \
                     meeting_frequency, notification_email, created_at, updated_at) \
                     VALUES ($1, $2, $3, '', $4, $5, $6, $6) RETURNING id",
                    args![
                        *community,
                        if k == 0 {
                            "技术委员会"
                        } else {
                            "理事会"
                        },
                        *slug,
                        if k == 0 { "monthly" } else { "quarterly" },
                        format!("{slug}@community-{c:02}.example.org"),
                        since
                    ],
                )
                .await?;
            committees.push((id, *community, c));
        }
    }
    for n in 0..volume.committee_members {
        let (committee, _, _) = committees[(n as usize) % committees.len()];
        tx.execute(
            "INSERT INTO committee_members (committee_id, name, email, organization, roles, \
             joined_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $6)",
            args![
                committee,
                format!("成员 {n}"),
                format!("member{n}@example.org"),
                format!("Org {}", n % 17),
                json!([if n % 10 == 0 { "主席" } else { "委员" }]),
                since
            ],
        )
        .await?;
    }
    for n in 0..volume.meetings {
        let (committee, community, c) = committees[(n as usize) % committees.len()];
        let start = some_time(rng, now, 120);
        let cancelled = n % 25 == 0;
        let status = if cancelled {
            "cancelled"
        } else if start < now {
            "completed"
        } else {
            "scheduled"
        };
        let creator = ids.members[c][0];
        let id: i64 = tx
            .scalar(
                "INSERT INTO meetings (committee_id, community_id, title, scheduled_at, duration, \
                 location_type, location, status, work_status, agenda, created_by_user_id, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, 120, 'online', \
                 'https://meeting.example.org/room', $5, $6, '1. 议程', $7, $8, $8) RETURNING id",
                args![
                    committee,
                    community,
                    format!("第 {n} 次例会"),
                    start,
                    status,
                    *pick(rng, &WORK),
                    creator,
                    start - Duration::days(14)
                ],
            )
            .await?;
        tx.execute(
            "INSERT INTO meeting_assignees (meeting_id, user_id, assigned_at) VALUES ($1, $2, $3)",
            args![id, *pick(rng, &ids.members[c]), start - Duration::days(14)],
        )
        .await?;
        for p in 0..5 {
            tx.execute(
                "INSERT INTO meeting_participants (meeting_id, name, email, source, created_at) \
                 VALUES ($1, $2, $3, 'committee_import', $4)",
                args![
                    id,
                    format!("成员 {p}"),
                    format!("p{p}-m{n}@example.org"),
                    start
                ],
            )
            .await?;
        }
        for r in plan(start, 24, cancelled, start - Duration::days(14)) {
            let status = if r.scheduled_at < now && status != "cancelled" {
                "sent".to_string()
            } else {
                r.status.as_str().to_string()
            };
            tx.execute(
                "INSERT INTO meeting_reminders (meeting_id, reminder_type, scheduled_at, status, \
                 created_at) VALUES ($1, $2, $3, $4, $5)",
                args![id, r.reminder_type.as_str(), r.scheduled_at, status, start],
            )
            .await?;
        }
    }
    Ok(())
}
