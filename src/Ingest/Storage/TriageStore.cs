using Microsoft.EntityFrameworkCore;

namespace Martin360.Ingest.Storage;

/// <summary>The triage queue (runs that need a human) and the review state leads keep on them.</summary>
public sealed class TriageStore(IDbContextFactory<Martin360DbContext> contexts, RunChangeNotifier notifier, TimeProvider time)
{
    /// <summary>Outcomes that always need a human; any other finished run needs one when analysis found something.</summary>
    public static readonly IReadOnlyList<string> TroubleOutcomes = ["failed_verification", "unverified_claim", "stuck", "budget_exhausted", "aborted"];

    /// <summary>A running run joins the queue once a finding of at least this rank (warning) is on it: a live loop, a policy stop.</summary>
    public const int RunningTroubleRank = (int)Martin360.Analysis.Findings.Severity.Warning + 1;

    /// <summary>
    /// The queue: runs waiting for a human's approval first (an agent is blocked on them, running or not, reviewed or
    /// not), then the worst: most wasted USD, then the most severe finding, then most findings, then newest. Finished
    /// runs are in it for a trouble outcome or any finding; running ones for a warning or worse.
    /// </summary>
    public async Task<(IReadOnlyList<TriageItem> Items, int Total)> QueueAsync(bool includeReviewed, string? project, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Two segments rather than one query ordered "waiting first": the few runs waiting for approval are read whole
        // (on IX_Runs_PendingApprovals), and the rest keep the order of IX_Runs_TriageOrder, so a page reads its rows from
        // the index instead of sorting the whole queue (measured at 100k runs: 500 ms as one query, see bench overview-triage).
        var waitingRuns = db.Runs.AsNoTracking().Where(r => r.PendingApprovals > 0);
        var troubleRuns = db.Runs.AsNoTracking().Where(r => r.PendingApprovals <= 0
            && ((r.Status != "running" && (TroubleOutcomes.Contains(r.Outcome!) || r.FindingCount > 0))
                || (r.Status == "running" && r.SeverityRank >= RunningTroubleRank)));
        if (!string.IsNullOrEmpty(project))
        {
            waitingRuns = waitingRuns.Where(r => r.Project == project);
            troubleRuns = troubleRuns.Where(r => r.Project == project);
        }

        var waiting = (await WithReviews(db, waitingRuns).ToListAsync(cancellationToken))
            .OrderByDescending(x => x.Run.WastedUsd)
            .ThenByDescending(x => x.Run.SeverityRank)
            .ThenByDescending(x => x.Run.FindingCount)
            .ThenByDescending(x => x.Run.StartedAtMs ?? x.Run.CreatedAtMs)
            .ThenBy(x => x.Run.Id, StringComparer.Ordinal)
            .ToList();
        var rest = WithReviews(db, troubleRuns);
        if (!includeReviewed)
        {
            rest = rest.Where(x => x.Review == null || !x.Review.Reviewed);
        }

        var total = waiting.Count + await rest.CountAsync(cancellationToken);
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, 500);
        var page = waiting.Skip(skip).Take(take).ToList();
        if (page.Count < take)
        {
            page.AddRange(await rest
                .OrderByDescending(x => x.Run.WastedUsd)
                .ThenByDescending(x => x.Run.SeverityRank)
                .ThenByDescending(x => x.Run.FindingCount)
                .ThenByDescending(x => x.Run.StartedAtMs ?? x.Run.CreatedAtMs)
                .ThenBy(x => x.Run.Id)
                .Skip(Math.Max(0, skip - waiting.Count))
                .Take(take - page.Count)
                .ToListAsync(cancellationToken));
        }

        return (page.Select(x => new TriageItem(x.Run, x.Review)).ToArray(), total);
    }

    public async Task<ReviewRecord?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Reviews.AsNoTracking().FirstOrDefaultAsync(r => r.RunId == runId, cancellationToken);
    }

    public Task<ReviewRecord> SetReviewedAsync(string runId, bool reviewed, string by, CancellationToken cancellationToken) =>
        UpdateAsync(runId, review =>
        {
            review.Reviewed = reviewed;
            review.ReviewedBy = reviewed ? by : null;
            review.ReviewedAtMs = reviewed ? time.GetUtcNow().ToUnixTimeMilliseconds() : null;
        }, cancellationToken);

    public Task<ReviewRecord> SetNoteAsync(string runId, string? note, CancellationToken cancellationToken) =>
        UpdateAsync(runId, review => review.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), cancellationToken);

    public Task<ReviewRecord> AssignAsync(string runId, string? assignee, CancellationToken cancellationToken) =>
        UpdateAsync(runId, review => review.AssignedTo = string.IsNullOrWhiteSpace(assignee) ? null : assignee.Trim(), cancellationToken);

    private async Task<ReviewRecord> UpdateAsync(string runId, Action<ReviewRecord> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var review = await db.Reviews.FirstOrDefaultAsync(r => r.RunId == runId, cancellationToken);
        if (review is null)
        {
            review = new ReviewRecord { RunId = runId };
            db.Reviews.Add(review);
        }

        change(review);
        review.UpdatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(runId);
        return review;
    }

    private static IQueryable<QueueRow> WithReviews(Martin360DbContext db, IQueryable<RunRecord> runs) =>
        from run in runs
        join review in db.Reviews.AsNoTracking() on run.Id equals review.RunId into reviews
        from review in reviews.DefaultIfEmpty()
        select new QueueRow { Run = run, Review = review };

    private sealed class QueueRow
    {
        public required RunRecord Run { get; init; }

        public ReviewRecord? Review { get; init; }
    }
}
