using System.Globalization;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.ViewModels;

/// <summary>The leads' queue: runs that need a human, worst first, with a keyboard-driven selection.</summary>
public sealed class TriageViewModel(TriageStore triage)
{
    public const int PageSize = 200;

    public IReadOnlyList<TriageRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public bool IncludeReviewed { get; set; }
    public int Selected { get; private set; }

    /// <summary>Who is triaging (typed once on the page, kept for the session); what "reviewed by" records.</summary>
    public string? ReviewerName { get; set; }

    public string Reviewer => string.IsNullOrWhiteSpace(ReviewerName) ? "an unnamed lead" : ReviewerName.Trim();

    public TriageRow? Current => Selected >= 0 && Selected < Rows.Count ? Rows[Selected] : null;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var currentId = Current?.RunId;
        var (items, total) = await triage.QueueAsync(IncludeReviewed, null, 0, PageSize, cancellationToken);
        Rows = items.Select(ToRow).ToArray();
        Total = total;

        // Keep the selection on the same run when the queue reorders under a live update.
        var index = currentId is null ? -1 : Rows.ToList().FindIndex(r => r.RunId == currentId);
        Selected = index >= 0 ? index : Math.Clamp(Selected, 0, Math.Max(0, Rows.Count - 1));
    }

    public void Move(int delta) => Selected = Rows.Count == 0 ? 0 : Math.Clamp(Selected + delta, 0, Rows.Count - 1);

    public void Select(int index) => Selected = Math.Clamp(index, 0, Math.Max(0, Rows.Count - 1));

    /// <summary>Marks the current run reviewed (or not) and moves on to the next one that needs a human.</summary>
    public async Task ToggleReviewedAsync(string by, CancellationToken cancellationToken)
    {
        if (Current is not { } row)
        {
            return;
        }

        await triage.SetReviewedAsync(row.RunId, !row.Reviewed, by, cancellationToken);
        var next = Selected;
        await LoadAsync(cancellationToken);
        if (!IncludeReviewed)
        {
            Select(next);
        }
    }

    public async Task SaveNoteAsync(string runId, string? note, CancellationToken cancellationToken)
    {
        await triage.SetNoteAsync(runId, note, cancellationToken);
        await LoadAsync(cancellationToken);
    }

    public async Task AssignAsync(string runId, string? assignee, CancellationToken cancellationToken)
    {
        await triage.AssignAsync(runId, assignee, cancellationToken);
        await LoadAsync(cancellationToken);
    }

    public static TriageRow ToRow(TriageItem item)
    {
        var run = item.Run;
        var waiting = run.PendingApprovals > 0 ? RecordMapper.ApprovalsOf(run).FirstOrDefault(a => a.IsPending) : null;
        return new TriageRow
        {
            RunId = run.Id,
            Title = run.TaskTitle ?? run.Id,
            Agent = run.AgentName ?? run.SourceFormat,
            Project = run.Project,
            Outcome = run.Outcome ?? "unknown",
            TopFinding = run.TopFinding,
            NextStep = RecordMapper.RecommendationsOf(run).FirstOrDefault(),
            WastedUsd = run.WastedUsd > 0 ? "$" + run.WastedUsd.ToString("N2", CultureInfo.InvariantCulture) : "—",
            Cost = Display.Cost(run.CostUsd, run.CostProvenance),
            Findings = run.FindingCount,
            IsRunning = run.Status == "running",
            PolicyStop = run.PolicyStopReason,
            Reviewed = item.Review?.Reviewed ?? false,
            Note = item.Review?.Note,
            AssignedTo = item.Review?.AssignedTo,
            PendingApprovals = run.PendingApprovals,
            AwaitingApproval = waiting?.Request.Describe(),
        };
    }
}
